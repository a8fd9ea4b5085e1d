package org.gost4j.support.options;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;

import org.junit.Test;

public class GoDurationTest {

    @Test
    public void parsesGoSyntax() {
        assertEquals(Duration.ofSeconds(10), GoDuration.parse("10s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse(".5s"));
        assertEquals(Duration.ofNanos(1_500), GoDuration.parse("1us500ns"));
        assertEquals(Duration.ofNanos(2_000), GoDuration.parse("2\u00b5s"));
        assertEquals(Duration.ofMillis(-250), GoDuration.parse("-250ms"));
        assertEquals(Duration.ofSeconds(3), GoDuration.parse("+3s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofHours(2), GoDuration.parse("1h60m"));
    }

    @Test
    public void aBareIntegerIsSecondsAsGostReadsIt() {
        assertEquals(Duration.ofSeconds(30), GoDuration.parseOrSeconds("30"));
        assertEquals(Duration.ZERO, GoDuration.parseOrSeconds("0"));
        assertEquals(Duration.ofMillis(1_500), GoDuration.parseOrSeconds("1.5s"));
        assertEquals(Duration.ofMillis(-250), GoDuration.parseOrSeconds("-250ms"));
        assertEquals("'-5' is not a duration such as 10s, 500ms or 1m30s: missing unit after 5",
                assertThrows(IllegalArgumentException.class, () -> GoDuration.parseOrSeconds("-5")).getMessage());
    }

    @Test
    public void rejectsWhatGoRejects() {
        assertMessage("'' is not a duration such as 10s, 500ms or 1m30s: empty", "");
        assertMessage("'10' is not a duration such as 10s, 500ms or 1m30s: missing unit after 10", "10");
        assertMessage("'10x' is not a duration such as 10s, 500ms or 1m30s: unknown unit 'x'", "10x");
        assertMessage("'s' is not a duration such as 10s, 500ms or 1m30s: expected a number at 's'", "s");
        assertMessage("'1..5s' is not a duration such as 10s, 500ms or 1m30s: expected a number at '1..5s'", "1..5s");
        assertMessage("'3000000h' is not a duration such as 10s, 500ms or 1m30s: out of range", "3000000h");
    }

    private static void assertMessage(String expected, String text) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text)).getMessage());
    }
}
