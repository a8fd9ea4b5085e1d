package org.gost4j.device.linux.internal;

import static org.junit.Assert.assertNull;

import org.junit.Test;

public class JniTunSyscallsTest {

    @Test
    public void theBuildMadeTheJniLibraryAndItLoads() {
        assertNull("the JNI library did not load: " + JniTunSyscalls.loadFailure(), JniTunSyscalls.loadFailure());
    }
}
