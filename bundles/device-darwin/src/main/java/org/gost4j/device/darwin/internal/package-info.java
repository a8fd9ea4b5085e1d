/** macOS TUN driver: utun through a kernel control socket (JNA), ifconfig and route. Not exported. */
@Requirement(namespace = "osgi.native", filter = "(|(osgi.native.osname~=macosx)(osgi.native.osname~=macos))")
package org.gost4j.device.darwin.internal;

import org.osgi.annotation.bundle.Requirement;
