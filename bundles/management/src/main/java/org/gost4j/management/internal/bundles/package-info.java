/** Updating bundles in place, with rollback, as a management operation. */
package org.gost4j.management.internal.bundles;
