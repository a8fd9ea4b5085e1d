/** The remote JMX (RMI) connector server, off unless configured. */
package org.gost4j.management.internal.jmx;
