package org.gost4j.api.device;

/** Layer of a virtual interface: TUN carries IP packets, TAP carries Ethernet frames. */
public enum DeviceType {
    TUN,
    TAP
}
