package org.gost4j.api.device;

import org.osgi.annotation.versioning.ProviderType;

/** An open TUN/TAP device, as {@code gost4j:type=device,name=<interface>}. */
@ProviderType
public interface DeviceMBean {

    /** The interface name. */
    String getName();

    /** {@code tun} or {@code tap}. */
    String getType();

    int getMtu();

    /** Interface addresses in CIDR form. */
    String[] getAddresses();

    /** Networks routed through the device, including those added at run time. */
    String[] getRoutes();

    /** Name of the service that owns the device. */
    String getService();
}
