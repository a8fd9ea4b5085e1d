/** Linux TUN/TAP driver: /dev/net/tun through JNI (else JNA), configuration through rtnetlink. Not exported. */
@Requirement(namespace = "osgi.native", filter = "(osgi.native.osname~=linux)")
// what a Karaf feature requires to install the driver of the OS it runs on (features/src/main/feature)
@Capability(namespace = "org.gost4j.device.driver", name = "linux")
package org.gost4j.device.linux.internal;

import org.osgi.annotation.bundle.Capability;
import org.osgi.annotation.bundle.Requirement;
