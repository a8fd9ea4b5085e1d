package org.gost4j.transport.udp.internal;

import static org.junit.Assert.assertNull;

import org.junit.Test;

public class JniUdpSyscallsTest {

    @Test
    public void theBuildMadeTheJniLibraryAndItLoads() {
        assertNull("the JNI library did not load: " + JniUdpSyscalls.loadFailure(), JniUdpSyscalls.loadFailure());
    }
}
