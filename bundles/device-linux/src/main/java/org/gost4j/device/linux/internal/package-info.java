/** Linux TUN/TAP driver: JNA on /dev/net/tun, configuration through rtnetlink. Not exported. */
@Requirement(namespace = "osgi.native", filter = "(osgi.native.osname~=linux)")
package org.gost4j.device.linux.internal;

import org.osgi.annotation.bundle.Requirement;
