/** Windows TUN/TAP driver: wintun.dll and tap-windows6 through JNA, IP Helper configuration. Not exported. */
@Requirement(namespace = "osgi.native", filter = "(|(osgi.native.osname~=win32)(osgi.native.osname=win*))")
// what a Karaf feature requires to install the driver of the OS it runs on (features/src/main/feature)
@Capability(namespace = "org.gost4j.device.driver", name = "windows")
package org.gost4j.device.windows.internal;

import org.osgi.annotation.bundle.Capability;
import org.osgi.annotation.bundle.Requirement;
