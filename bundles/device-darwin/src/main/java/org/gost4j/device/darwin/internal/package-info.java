/** macOS TUN driver: utun through a kernel control socket (JNA), ifconfig and route. Not exported. */
@Requirement(namespace = "osgi.native", filter = "(|(osgi.native.osname~=macosx)(osgi.native.osname~=macos))")
// what a Karaf feature requires to install the driver of the OS it runs on (features/src/main/feature)
@Capability(namespace = "org.gost4j.device.driver", name = "darwin")
package org.gost4j.device.darwin.internal;

import org.osgi.annotation.bundle.Capability;
import org.osgi.annotation.bundle.Requirement;
