/** TUN/TAP device drivers: a driver opens a configured device, the tunnel reads and writes packets. */
@Version("2.1.0")
@Export
package org.gost4j.api.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
