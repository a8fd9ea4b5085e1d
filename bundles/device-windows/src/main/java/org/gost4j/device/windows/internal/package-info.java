/** Windows TUN/TAP driver: wintun.dll and tap-windows6 through JNA, IP Helper configuration. Not exported. */
@Requirement(namespace = "osgi.native", filter = "(|(osgi.native.osname~=win32)(osgi.native.osname=win*))")
package org.gost4j.device.windows.internal;

import org.osgi.annotation.bundle.Requirement;
