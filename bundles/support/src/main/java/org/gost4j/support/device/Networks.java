package org.gost4j.support.device;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.gost4j.api.device.IpNetwork;

/** Networks as routing tables name them, for the drivers that configure routes themselves. */
public final class Networks {

    private Networks() {
    }

    /** The network of {@code address}: its host bits cleared ({@code 10.10.1.1/16} is {@code 10.10.0.0/16}). */
    public static IpNetwork of(IpNetwork address) {
        byte[] raw = address.address().getAddress();
        int prefix = address.prefixLength();
        for (int i = 0; i < raw.length; i++) {
            int keep = Math.min(8, Math.max(0, prefix - i * 8));
            raw[i] &= (byte) (0xff00 >>> keep);
        }
        try {
            return new IpNetwork(InetAddress.getByAddress(raw), prefix);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }
}
