/** The management users' password file, shared by the Jolokia and remote JMX endpoints. */
package org.gost4j.management.internal.credentials;
