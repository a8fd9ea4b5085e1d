package org.gost4j.device.linux.internal;

import static org.gost4j.device.linux.internal.RtnetlinkMessagesTest.net;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class InterfaceConfiguratorTest {

    @Test
    public void skipsRoutesTheKernelAddsForAddresses() throws Exception {
        assertEquals(List.of(net("172.20.0.0", 16), net("fd78::", 64)),
                InterfaceConfigurator.routesToAdd(
                        List.of(net("10.77.0.1", 24), net("fd77::1", 64)),
                        List.of(net("10.77.0.0", 24), net("172.20.9.9", 16), net("10.77.0.200", 24),
                                net("fd77::", 64), net("fd78::", 64), net("172.20.0.0", 16))));
    }

    @Test
    public void hostAddressesHaveNoConnectedRoute() throws Exception {
        assertEquals(List.of(net("10.1.1.1", 32), net("fd00::1", 128)),
                InterfaceConfigurator.routesToAdd(
                        List.of(net("10.1.1.1", 32), net("fd00::1", 128)),
                        List.of(net("10.1.1.1", 32), net("fd00::1", 128))));
    }
}
