/**
 * The kernel side of emulated devices: what an operating system would do with an interface's packets, driven
 * by tests and developers instead. Each open emulated device is registered as an {@link EmulatedDevice}
 * service with the property {@link EmulatedDevice#DEVICE_NAME_PROPERTY}.
 */
@Version("1.0.0")
@Export
package org.gost4j.device.emulated;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
