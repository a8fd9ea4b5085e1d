package org.gost4j.chain.relay.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;

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
            if (config.nodes().length == 0) {
                throw new IllegalArgumentException("nodes: a chain needs at least one node");
            }
            List<NodeSettings> nodes = new ArrayList<>();
            for (int i = 0; i < config.nodes().length; i++) {
                try {
                    nodes.add(NodeSettings.parse(config.nodes()[i]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("nodes[" + i + "]: " + e.getMessage());
                }
            }
            transport = new ChainTransport(config.name(), nodes, config.connect_timeout());
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
        LOG.log(Level.INFO, "chain " + config.name() + " ready: " + transport.nodes().stream()
                .map(ChainComponent::describe).collect(Collectors.joining(" -> ")));
    }

    private static String describe(NodeSettings node) {
        return node + (node.tls() ? (node.secure() ? " (server certificate checked for " + node.tlsName() + ")"
                : " (server certificate NOT checked)") : "");
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
