/** Datagram transports that carry tunnel traffic: plain UDP, later chains. */
@Version("2.1.0")
@Export
package org.gost4j.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
