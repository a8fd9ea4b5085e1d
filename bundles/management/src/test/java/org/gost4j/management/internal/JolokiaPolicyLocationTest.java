package org.gost4j.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Where the Jolokia endpoint looks for its access policy, in the appliance's config/ and in Karaf's etc/. */
public class JolokiaPolicyLocationTest {

    @Test
    public void aRelativePathIsTakenFromTheFolderOfTheConfigurationFile() {
        assertEquals("file:///opt/karaf/etc/jolokia-access.xml",
                JolokiaEndpoint.policyLocation("jolokia-access.xml", cfg("file:/opt/karaf/etc/gost4j.jolokia.cfg")));
        assertEquals("file:///opt/gost4j/policies/jolokia.xml",
                JolokiaEndpoint.policyLocation("../policies/jolokia.xml", cfg("file:/opt/gost4j/config/gost4j.jolokia.cfg")));
    }

    @Test
    public void urlsAndAbsolutePathsAreKept() {
        assertEquals("classpath:/jolokia-access.xml",
                JolokiaEndpoint.policyLocation("classpath:/jolokia-access.xml", cfg("file:/opt/karaf/etc/gost4j.jolokia.cfg")));
        assertEquals("file:/srv/policy.xml", JolokiaEndpoint.policyLocation("file:/srv/policy.xml", java.util.Map.of()));
        assertEquals("file:///srv/policy.xml", JolokiaEndpoint.policyLocation("/srv/policy.xml", java.util.Map.of()));
    }

    @Test
    public void aRelativePathNeedsAConfigurationFileAndAPolicyIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JolokiaEndpoint.policyLocation("jolokia-access.xml", java.util.Map.of()));
        assertTrue(e.getMessage(), e.getMessage().contains("relative"));
        e = assertThrows(IllegalArgumentException.class, () -> JolokiaEndpoint.policyLocation("", java.util.Map.of()));
        assertEquals("policyLocation is required", e.getMessage());
    }

    private static java.util.Map<String, Object> cfg(String url) {
        return java.util.Map.of(ConfigPaths.FILEINSTALL_FILENAME, url);
    }
}
