package org.gost4j.itests;

import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * gost4j embedded in the framework Pax Exam runs (Felix, or Equinox in the itests' equinox execution): a TUN
 * client tunnel configured through ConfigAdmin inside the framework and a standalone appliance's TUN server in
 * another namespace carry pings both ways, the packet path calls through the JNI libraries (loaded by the
 * framework from the JNI fragments), and deleting the configuration removes the device.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EmbeddedTunnelTest {

    private static final String DEVICE = "g4jemb0";
    private static final int PORT = 8421;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return PaxOptions.felix("paxexam-embedded").configAdmin()
                .ours("api", "jna", "device-linux", "transport-udp", "tunnel")
                .jniFragments("device-linux", "transport-udp", "tunnel").toArray();
    }

    @Test(timeout = 120_000)
    public void aTunnelInsideTheFrameworkTalksToTheAppliance() throws Exception {
        Bundle framework = context.getBundle(0);
        System.out.println("[metric] embedded in " + framework.getSymbolicName() + " " + framework.getVersion());
        try (EmbeddedLab lab = EmbeddedLab.open(); LogCapture log = LogCapture.of("org.gost4j")) {
            lab.appliance("-L", "tun://:" + PORT + "?net=192.168.123.1/24&name=tun0");

            org.osgi.service.cm.Configuration client = configAdmin.getFactoryConfiguration("gost4j.tunnel", "emb", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("name", "emb");
            props.put("type", "tun");
            props.put("listen", ":0");
            props.put("remote", lab.appAddress() + ":" + PORT);
            props.put("net", new String[] {"192.168.123.2/24"});
            props.put("device.name", DEVICE);
            props.put("keepalive", true);
            client.update(props);
            try {
                lab.awaitDeviceHere(DEVICE, Duration.ofSeconds(15));
                lab.assertPingsBothWays("192.168.123.2", "192.168.123.1");
                EmbeddedLab.assertCallsThroughJni(log, DEVICE, "emb");
            } finally {
                client.delete();
            }
            assertTrue("device " + DEVICE + " still there 10 s after its configuration was deleted",
                    lab.awaitDeviceGoneHere(DEVICE, Duration.ofSeconds(10)));
        }
    }
}
