package org.gost4j.chain.relay.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Hashtable;

import org.gost4j.api.management.ManagedObjects;
import org.gost4j.api.transport.ChainMBean;
import org.gost4j.api.transport.DatagramTransport;
import org.gost4j.api.tunnel.TunnelPids;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One chain per {@code gost4j.chain} factory configuration, published as a {@link DatagramTransport} with
 * {@code transport=chain} and {@code name=<chain>}, managed through a {@link ChainManagement} delegate. It registers
 * both itself so that only those properties are public: the node URLs may carry passwords.
 */
@Component(configurationPid = ChainComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, service = {})
@Designate(ocd = ChainConfig.class, factory = true)
public final class ChainComponent {

    static final String PID = TunnelPids.CHAIN;
    private static final Logger LOG = System.getLogger(ChainComponent.class.getName());

    private final ChainTransport transport;
    private final ServiceRegistration<DatagramTransport> registration;
    private final ServiceRegistration<ChainMBean> management;

    @Activate
    public ChainComponent(ChainConfig config, BundleContext context) throws Exception {
        try {
            if (config.name().isEmpty()) {
                throw new IllegalArgumentException("name is required");
            }
            if (config.nodes().length != 1) {
                throw new IllegalArgumentException("exactly one node is supported, got " + config.nodes().length);
            }
            transport = new ChainTransport(config.name(), NodeSettings.parse(config.nodes()[0]),
                    config.connect_timeout());
        } catch (Exception e) {
            LOG.log(Level.ERROR, "chain " + config.name() + " not started: " + e.getMessage());
            throw e;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(DatagramTransport.TRANSPORT_PROPERTY, "chain");
        properties.put("name", config.name());
        registration = context.registerService(DatagramTransport.class, transport, properties);
        Hashtable<String, Object> managed = new Hashtable<>();
        managed.put("name", config.name());
        managed.put(ManagedObjects.TYPE_PROPERTY, ManagedObjects.TYPE_CHAIN);
        management = context.registerService(ChainMBean.class, new ChainManagement(transport), managed);
        NodeSettings node = transport.node();
        LOG.log(Level.INFO, "chain " + config.name() + " ready: " + node + (node.tls() ? (node.secure()
                ? ", server certificate checked for " + node.tlsName() : ", server certificate NOT checked") : ""));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> service : new ServiceRegistration<?>[] {management, registration}) {
            try {
                service.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters it when the bundle stops first
            }
        }
        transport.close();
        LOG.log(Level.INFO, "chain " + transport.name() + " down");
    }
}
