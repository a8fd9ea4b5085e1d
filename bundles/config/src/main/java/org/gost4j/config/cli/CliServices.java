package org.gost4j.config.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every factory configuration a command line asks for: one {@code gost4j.chain} per {@code -F}, one
 * {@code gost4j.relay} per {@code -L relay+wss://}, one {@code gost4j.tunnel} per other {@code -L}, and a
 * {@code gost4j.auther} for a tunnel URL with user info, listed before the tunnels so it is there first. With a
 * chain, every tunnel client sends through it ({@code transport.target}), as GOST routes services through {@code -F}.
 */
public final class CliServices {

    /** One configuration to create. */
    public record Service(String factoryPid, String name, Map<String, Object> properties) {
    }

    public static final String TUNNEL_PID = "gost4j.tunnel";
    public static final String CHAIN_PID = "gost4j.chain";
    public static final String RELAY_PID = "gost4j.relay";
    public static final String AUTHER_PID = "gost4j.auther";
    public static final String TRANSPORT_TARGET = "transport.target";

    private CliServices() {
    }

    /** @throws CliException naming the bad URL (passwords hidden) */
    public static List<Service> of(CommandLine commandLine) {
        List<Service> services = new ArrayList<>();
        String chain = null;
        List<String> chainUrls = commandLine.chainUrls();
        for (int i = 0; i < chainUrls.size(); i++) {
            Map<String, Object> props = ChainUrl.parse(chainUrls.get(i), i);
            chain = (String) props.get(ChainUrl.NAME);
            services.add(new Service(CHAIN_PID, chain, props));
        }
        List<Service> others = new ArrayList<>();
        List<String> urls = commandLine.serviceUrls();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            if (RelayServiceUrl.isRelay(url)) {
                Map<String, Object> props = RelayServiceUrl.parse(url, i);
                others.add(new Service(RELAY_PID, (String) props.get("name"), props));
                continue;
            }
            Map<String, Object> props = chain == null ? ServiceUrl.parse(url, i) : ServiceUrl.parseChained(url, i);
            if (chain != null && props.containsKey(TunnelProperties.REMOTE)) {
                props.put(TRANSPORT_TARGET, "(&(transport=chain)(name=" + chain + "))");
            }
            others.add(new Service(TUNNEL_PID, (String) props.get(TunnelProperties.NAME), props));
            ServiceUrl.autherOf(url, i).ifPresent(
                    auther -> services.add(new Service(AUTHER_PID, (String) auther.get(TunnelProperties.NAME), auther)));
        }
        services.addAll(others);
        return services;
    }
}
