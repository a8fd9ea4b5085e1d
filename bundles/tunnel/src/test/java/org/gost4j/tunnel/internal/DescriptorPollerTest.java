package org.gost4j.tunnel.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Library;
import com.sun.jna.Native;

import org.gost4j.api.io.PacketBatch;
import org.gost4j.api.io.Pollable;
import org.junit.After;
import org.junit.Test;

/** The real poller on real descriptors (pipes), through the bundle's JNI library. */
public class DescriptorPollerTest {

    interface Posix extends Library {
        Posix C = Native.load("c", Posix.class);

        int pipe(int[] fds);

        long write(int fd, byte[] buffer, long count);

        long read(int fd, byte[] buffer, long count);

        int close(int fd);
    }

    /** A source whose descriptor is a pipe's read end; counts what it holds. */
    private static final class PipeSource implements Pollable {
        final int[] pipe = new int[2];
        int held;

        PipeSource() {
            assertEquals(0, Posix.C.pipe(pipe));
        }

        void signal() {
            Posix.C.write(pipe[1], new byte[] {1}, 1);
        }

        void drain() {
            Posix.C.read(pipe[0], new byte[16], 16);
        }

        @Override
        public int[] acquireDescriptors() {
            held++;
            return new int[] {pipe[0]};
        }

        @Override
        public void releaseDescriptors() {
            held--;
        }

        @Override
        public int readNow(PacketBatch batch) {
            return 0;
        }
    }

    private final List<PipeSource> sources = new ArrayList<>();

    private PipeSource source() {
        PipeSource source = new PipeSource();
        sources.add(source);
        return source;
    }

    @After
    public void closePipes() {
        for (PipeSource source : sources) {
            Posix.C.close(source.pipe[0]);
            Posix.C.close(source.pipe[1]);
        }
    }

    @Test(timeout = 10_000)
    public void reportsWhichSourceIsReadyAndGivesDescriptorsBack() throws IOException {
        assertNull("the JNI library loads in the build", JniPoll.loadFailure());
        PipeSource device = source();
        PipeSource network = source();
        DescriptorPoller poller = new DescriptorPoller();
        poller.watch(Poller.DEVICE, device);
        poller.watch(Poller.NETWORK, network);
        assertEquals("nothing ready: the timeout passes", 0, poller.await(50));

        network.signal();
        assertEquals(Poller.NETWORK, poller.await(5_000));
        device.signal();
        assertEquals(Poller.DEVICE | Poller.NETWORK, poller.await(5_000));
        network.drain();
        assertEquals(Poller.DEVICE, poller.await(5_000));

        PipeSource next = source();
        poller.watch(Poller.DEVICE, next);
        assertEquals("the replaced device is given back", 0, device.held);
        assertEquals("the new one is quiet", 0, poller.await(50));
        poller.close();
        assertEquals(0, next.held);
        assertEquals(0, network.held);
    }

    @Test(timeout = 10_000)
    public void wakeEndsAWaitFromAnotherThreadWithoutAnySourceReady() throws Exception {
        PipeSource device = source();
        DescriptorPoller poller = new DescriptorPoller();
        poller.watch(Poller.DEVICE, device);
        long t0 = System.nanoTime();
        Thread waker = new Thread(() -> {
            sleepQuietly(100);
            poller.wake();
        });
        waker.start();
        assertEquals("woken, no source reported", 0, poller.await(8_000));
        assertTrue("woken long before the timeout", System.nanoTime() - t0 < 4_000_000_000L);
        waker.join();
        poller.close();
        poller.wake(); // after close: nothing to signal, no descriptor touched
        assertEquals(0, device.held);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
