package org.gost4j.config.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.config.FactoryConfiguration;
import org.gost4j.support.options.TunnelOptions;

/**
 * Every factory configuration a command line asks for: one {@code gost4j.chain} of all {@code -F} nodes (one
 * hop each, in order), one {@code gost4j.relay} per {@code -L relay+tls|ws|wss://}, one {@code gost4j.tunnel} per
 * other {@code -L}, and a {@code gost4j.auther} for a tunnel URL with user info, listed before the tunnels so it is
 * there first, and a {@code gost4j.metrics} for {@code -metrics}. With a
 * chain, every tunnel client sends through it, as GOST routes services through {@code -F}. Each carries
 * {@code gost4j.origin=cli}.
 */
public final class CliServices {

    static final String ORIGIN_CLI = "cli";
    /** The chain the {@code -F} nodes make. */
    public static final String CHAIN_NAME = "chain-0";

    private CliServices() {
    }

    /** @throws CliException naming the bad URL (passwords hidden) */
    public static List<FactoryConfiguration> of(CommandLine commandLine) {
        List<FactoryConfiguration> services = new ArrayList<>();
        String chain = null;
        if (!commandLine.chainUrls().isEmpty()) {
            chain = CHAIN_NAME;
            services.add(configuration(TunnelPids.CHAIN, chain, ChainUrl.parse(chain, commandLine.chainUrls())));
        }
        List<FactoryConfiguration> others = new ArrayList<>();
        List<String> urls = commandLine.serviceUrls();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            if (RelayServiceUrl.isRelay(url)) {
                Map<String, Object> props = RelayServiceUrl.parse(url, i);
                others.add(configuration(TunnelPids.RELAY, (String) props.get("name"), props));
                continue;
            }
            TunnelOptions tunnel = ServiceUrl.parse(url, i, chain);
            others.add(configuration(TunnelPids.TUNNEL, tunnel.name(), tunnel.toProperties()));
            ServiceUrl.autherEntryOf(url).ifPresent(entry -> services.add(configuration(TunnelPids.AUTHER,
                    tunnel.auther(), Map.of("name", tunnel.auther(), "auths", new String[] {entry}))));
        }
        services.addAll(others);
        if (commandLine.metrics() != null) {
            services.add(configuration(MetricsUrl.PID, MetricsUrl.CLI_NAME, MetricsUrl.parse(commandLine.metrics())));
        }
        return services;
    }

    private static FactoryConfiguration configuration(String factoryPid, String name, Map<String, Object> props) {
        Map<String, Object> marked = new LinkedHashMap<>(props);
        marked.put(FactoryConfiguration.ORIGIN, ORIGIN_CLI);
        return new FactoryConfiguration(factoryPid, name, marked);
    }
}
