package org.gost4j.management.internal.http;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;

import org.junit.Test;

public class NoJsonpTest {

    @Test
    public void everySpellingOfCallbackIsFound() {
        assertTrue(NoJsonp.hasCallback(URI.create("/jolokia/version?callback=x")));
        assertTrue(NoJsonp.hasCallback(URI.create("/jolokia/version?mimeType=text/plain&CallBack=x")));
        assertTrue(NoJsonp.hasCallback(URI.create("/jolokia/version?%63allback=x")));
        assertTrue(NoJsonp.hasCallback(URI.create("/jolokia/version?callback")));
        assertFalse(NoJsonp.hasCallback(URI.create("/jolokia/version")));
        assertFalse(NoJsonp.hasCallback(URI.create("/jolokia/read/x?maxDepth=2&callbackless=1")));
    }
}
