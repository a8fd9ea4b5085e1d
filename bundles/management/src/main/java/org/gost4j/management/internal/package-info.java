/** MBean whiteboard and the Jolokia endpoint; nothing here is exported. */
package org.gost4j.management.internal;
