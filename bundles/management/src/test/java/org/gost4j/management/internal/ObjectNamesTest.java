package org.gost4j.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.junit.Test;

public class ObjectNamesTest {

    @Test
    public void plainNamesStayUnquoted() throws Exception {
        assertEquals(new ObjectName("gost4j:type=service,name=service-0"), ObjectNames.of("service", "service-0"));
        assertEquals("tun0", ObjectNames.of("device", "tun0").getKeyProperty("name"));
    }

    @Test
    public void namesWithJmxSyntaxAreQuoted() throws Exception {
        ObjectName name = ObjectNames.of("router", "a,b=c:d");
        assertEquals("a,b=c:d", ObjectName.unquote(name.getKeyProperty("name")));
        assertEquals("router", name.getKeyProperty("type"));
    }

    @Test
    public void emptyNameIsRejected() {
        assertThrows(MalformedObjectNameException.class, () -> ObjectNames.of("service", ""));
        assertThrows(MalformedObjectNameException.class, () -> ObjectNames.of("service", null));
    }
}
