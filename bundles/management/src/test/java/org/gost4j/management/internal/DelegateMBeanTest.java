package org.gost4j.management.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.Test;

/** Over a JMX connection as JConsole makes one (RMI on loopback): a refused operation reads as its one line. */
public class DelegateMBeanTest {

    public interface ExampleMBean {
        String getName();

        String addRoute(String cidr) throws MBeanException;
    }

    public static final class Example implements ExampleMBean {
        @Override
        public String getName() {
            return "example";
        }

        @Override
        public String addRoute(String cidr) throws MBeanException {
            String message = "option route: '" + cidr + "': prefix length '33' is not in 0..32";
            throw new MBeanException(new IllegalArgumentException(message), message);
        }
    }

    @Test
    public void aFailedOperationReachesTheClientAsItsOwnMessage() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName("gost4j:type=example,name=example");
        server.registerMBean(DelegateMBean.of(new Example(), ExampleMBean.class), name);
        JMXConnectorServer connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, server);
        connectorServer.start();
        try (JMXConnector connector = JMXConnectorFactory.connect(connectorServer.getAddress())) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            assertEquals("example", jmx.getAttribute(name, "Name"));
            MBeanException e = assertThrows(MBeanException.class, () -> jmx.invoke(name, "addRoute",
                    new Object[] {"10.9.0.0/33"}, new String[] {String.class.getName()}));
            assertEquals("option route: '10.9.0.0/33': prefix length '33' is not in 0..32", e.getMessage());
            assertTrue(e.getTargetException() instanceof IllegalArgumentException);
        } finally {
            connectorServer.stop();
        }
    }
}
