import java.util.Map;
import java.util.TreeSet;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Test probe, a JMX client as JConsole is one, run with the JDK's single-file launcher inside a namespace:
 * connects with a user and password, prints "connected" and "mbean NAME" for every gost4j:* MBean, then runs each
 * "MBEAN OPERATION ARGUMENT" triple given and prints "result VALUE" or "refused MESSAGE". A refused login prints
 * "refused MESSAGE" and exits 3. Give -Djavax.net.ssl.trustStore=... for a TLS connector.
 * Usage: java JmxProbe.java URL USER PASSWORD [MBEAN OPERATION ARGUMENT]...
 */
public class JmxProbe {
    public static void main(String[] args) throws Exception {
        Map<String, Object> environment = Map.of(JMXConnector.CREDENTIALS, new String[] {args[1], args[2]});
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(args[0]), environment);
        } catch (SecurityException e) {
            System.out.println("refused " + e.getMessage());
            System.exit(3);
            return;
        }
        try (connector) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            System.out.println("connected");
            for (ObjectName name : new TreeSet<>(server.queryNames(new ObjectName("gost4j:*"), null))) {
                System.out.println("mbean " + name);
            }
            for (int i = 3; i + 2 < args.length; i += 3) {
                try {
                    Object result = server.invoke(new ObjectName(args[i]), args[i + 1], new Object[] {args[i + 2]},
                            new String[] {String.class.getName()});
                    System.out.println("result " + result);
                } catch (SecurityException e) {
                    System.out.println("refused " + e.getMessage());
                }
            }
        }
    }
}
