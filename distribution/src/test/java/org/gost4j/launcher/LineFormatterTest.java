package org.gost4j.launcher;

import static org.junit.Assert.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.Test;

public class LineFormatterTest {

    @Test
    public void printsTimeLevelShortNameAndMessage() {
        LogRecord record = new LogRecord(Level.INFO, "gost4j started in {0} ms");
        record.setLoggerName("org.gost4j.launcher.Appliance");
        record.setParameters(new Object[] {812});
        String line = new LineFormatter().format(record);
        assertTrue(line, line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO    Appliance: gost4j started in 812 ms\\R"));
    }
}
