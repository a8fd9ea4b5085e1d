package org.gost4j.support.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;

public class ParkingLotTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();
    private final ParkingLot<String, String> lot = new ParkingLot<>("test", closed::add);

    @Test
    public void aParkedResourceIsTakenBackOnceUnderItsKeyAndNotClosed() {
        lot.park("tun0", "device", Duration.ofSeconds(10));
        assertNull(lot.take("tun1"));
        assertSame("device", lot.take("tun0"));
        assertNull("taken once", lot.take("tun0"));
        lot.closeAll();
        assertEquals(List.of(), closed);
    }

    @Test(timeout = 5_000)
    public void anUnclaimedResourceIsClosedAfterItsLinger() throws InterruptedException {
        lot.park("tun0", "device", Duration.ofMillis(50));
        while (closed.isEmpty()) {
            Thread.sleep(10);
        }
        assertEquals(List.of("device"), closed);
        assertNull(lot.take("tun0"));
        lot.closeAll();
    }

    @Test
    public void stoppingClosesWhatIsParkedAndRefusesMore() {
        lot.park("tun0", "a", Duration.ofSeconds(10));
        lot.park("tun0", "b", Duration.ofSeconds(10));
        assertEquals("a second park under one key closes the first", List.of("a"), closed);
        lot.closeAll();
        lot.park("tun1", "c", Duration.ofSeconds(10));
        assertEquals(List.of("a", "b", "c"), closed);
        assertNull(lot.take("tun1"));
    }
}
