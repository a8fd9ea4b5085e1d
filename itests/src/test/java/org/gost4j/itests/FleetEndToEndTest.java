package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

/**
 * A fleet: two gost4j servers whose auther and router load from one real redis-server (reload 1 s), each with a
 * client. Topology: {@code lan} (the hub, running Redis and routing between the others), {@code srv1}
 * 10.200.0.2, {@code srv2} 10.200.1.2, {@code cli1} 10.200.2.2 (client of srv1), {@code cli2} 10.200.3.2
 * (client of srv2). Both clients are 192.168.123.2 with the same passphrase, so one credential in Redis serves
 * either server. The servers are configured as an operator would: {@code .cfg} files for the auther, the router
 * and the metrics endpoint, {@code auther=} and {@code router=} in the service URL.
 */
public class FleetEndToEndTest extends NetnsTestSupport {

    private static final String LAN = "lan";
    private static final String[] SERVERS = {"srv1", "srv2"};
    private static final String[] CLIENTS = {"cli1", "cli2"};
    private static final String USERS = "gost4j:users";
    private static final String ROUTES = "gost4j:routes";
    private static final String PASSPHRASE = "fleetpass";
    /** An address behind the clients, routed to them only by the route in Redis. */
    private static final String BEHIND_CLIENT = "10.99.0.1";
    private static final Duration SOON = Duration.ofSeconds(15);

    @Override
    protected String[] sides() {
        return new String[] {LAN, SERVERS[0], SERVERS[1], CLIENTS[0], CLIENTS[1]};
    }

    @Override
    protected String[] requiredCommands() {
        return new String[] {"redis-server", "redis-cli", "curl"};
    }

    @Test(timeout = 240_000)
    public void oneRedisServesTheCredentialsAndRoutesOfTwoServers() throws Exception {
        TestEnv.requirePrometheusParser();
        routeThroughTheLan();
        Appliance[] servers = new Appliance[2];
        try (RedisServer redis = RedisServer.inNamespace(lab, LAN)) {
            for (int i = 0; i < 2; i++) {
                // the hub's address on each server's link; beside the fleet's, .cfg files an operator got wrong
                Path home = PrivateHome.create(lab.workDir(), Set.of(), Map.of(
                        "gost4j.auther-fleet.cfg", "name = fleet\nredis.addr = 10.200." + i + ".1:6379\n"
                                + "redis.key = " + USERS + "\nreload = 1s\n",
                        "gost4j.router-fleet.cfg", "name = fleet\nredis.addr = 10.200." + i + ".1:6379\n"
                                + "redis.key = " + ROUTES + "\nredis.type = set\nreload = 1s\n",
                        "gost4j.metrics-main.cfg", "addr = 127.0.0.1:9100\nusername = prom\npassword = scrape-me\n",
                        "gost4j.auther-broken.cfg", "name = broken\nhttp.url = http:///users\n",
                        "gost4j.router-broken.cfg", "name = broken\nredis.addr = redis-without-port\n",
                        "gost4j.metrics-broken.cfg", "addr = :notaport\n"))
                        .path();
                servers[i] = appliance(home, SERVERS[i], "tun0",
                        "-L", "tun://:8421?net=" + SRV_TUN_IP + "/24&name=tun0&auther=fleet&router=fleet");
            }
            for (int i = 0; i < 2; i++) {
                appliance(TestEnv.home(), CLIENTS[i], "tun0", "-L", "tun://:0/10.200." + i + ".2:8421?net=" + CLI_TUN_IP
                        + "/24&name=tun0&passphrase=" + PASSPHRASE + "&keepalive=true&ttl=1s");
                // the address the Redis route sends traffic to, behind the client
                lab.exec(CLIENTS[i], Duration.ofSeconds(5), "ip", "addr", "add", BEHIND_CLIENT + "/32", "dev", "lo")
                        .check("address behind the client");
            }

            for (int i = 0; i < 2; i++) {
                assertFalse("no credential yet: " + CLIENTS[i] + " must not get through",
                        lab.ping(CLIENTS[i], SRV_TUN_IP, Duration.ofSeconds(2)));
            }

            redis.cli("HSET", USERS, CLI_TUN_IP, PASSPHRASE);
            for (int i = 0; i < 2; i++) {
                assertPing(CLIENTS[i], SRV_TUN_IP, SOON); // registered on either server within the reload period
            }

            for (String server : SERVERS) {
                assertFalse("no route yet on " + server, lab.ping(server, BEHIND_CLIENT, Duration.ofSeconds(2)));
            }
            redis.cli("SADD", ROUTES, "10.99.0.0/24 " + CLI_TUN_IP);
            for (String server : SERVERS) {
                assertPing(server, BEHIND_CLIENT, SOON); // the route in Redis steers traffic on both
            }

            double[] failuresBefore = new double[2];
            for (int i = 0; i < 2; i++) {
                failuresBefore[i] = metric(SERVERS[i], "gost4j_auther_refresh_failures_total", Map.of("auther", "fleet"));
            }
            redis.saveAndStop();
            for (int i = 0; i < 2; i++) {
                int server = i;
                Await.until(SOON, "Redis down is counted on " + SERVERS[i], () -> metric(SERVERS[server],
                        "gost4j_auther_refresh_failures_total", Map.of("auther", "fleet")) > failuresBefore[server]);
            }
            Netns.sleep(3_000); // several reloads and keepalives without Redis
            for (int i = 0; i < 2; i++) {
                int loss = pingLoss(CLIENTS[i], SRV_TUN_IP, 20);
                assertTrue("Redis down changes nothing for " + CLIENTS[i] + ": " + loss + " % ping loss", loss <= 10);
                assertPing(SERVERS[i], BEHIND_CLIENT, Duration.ofSeconds(5));
            }

            redis.start(); // with the data it saved
            redis.cli("SADD", ROUTES, "10.98.0.0/24 " + CLI_TUN_IP);
            for (String server : SERVERS) {
                Await.until(SOON, "Redis back is picked up on " + server, () -> metric(server, "gost4j_router_routes",
                        Map.of("router", "fleet")) == 2);
            }

            double[] refusedBefore = new double[2];
            for (int i = 0; i < 2; i++) {
                refusedBefore[i] = refusals(SERVERS[i]);
            }
            redis.cli("HDEL", USERS, CLI_TUN_IP);
            for (int i = 0; i < 2; i++) {
                int server = i;
                Await.until(SOON, "the removed credential is refused on " + SERVERS[i],
                        () -> refusals(SERVERS[server]) > refusedBefore[server]);
                Await.until(SOON, CLIENTS[i] + " is disconnected",
                        () -> !lab.ping(CLIENTS[server], SRV_TUN_IP, Duration.ofSeconds(1)));
                assertEquals(0.0, metric(SERVERS[i], "gost4j_service_peers", Map.of("service", "service-0")), 0.0);
            }
        }
        for (Appliance server : servers) {
            String log = server.log();
            for (String refused : List.of("auther broken not started: 'http:///users' is not an http:// or https:// URL",
                    "router broken not started: redis addr 'redis-without-port': missing port",
                    "metrics endpoint not started: metrics addr ':notaport'")) {
                assertTrue("not refused in one line: " + refused + "\n" + server.logTail(80), log.contains(refused));
            }
            assertFalse("a stack trace in the log:\n" + server.logTail(80), log.contains("\tat "));
        }
    }

    /** The lan namespace forwards between its links, and every other side reaches the others through it. */
    private void routeThroughTheLan() {
        lab.exec(LAN, Duration.ofSeconds(5), "sysctl", "-q", "-w", "net.ipv4.ip_forward=1").check("forwarding");
        List<String> others = List.of(SERVERS[0], SERVERS[1], CLIENTS[0], CLIENTS[1]);
        for (int i = 0; i < others.size(); i++) {
            lab.exec(others.get(i), Duration.ofSeconds(5), "ip", "route", "add", "10.200.0.0/16", "via",
                    "10.200." + i + ".1").check("route via the lan");
        }
    }

    private double refusals(String server) {
        return metric(server, "gost4j_service_registration_refusals_total",
                Map.of("service", "service-0", "reason", "auth_failed"));
    }

    /** One sample from the server's metrics endpoint, parsed by the Prometheus parser; 0 if absent. */
    private double metric(String server, String name, Map<String, String> labels) {
        Netns.Result scrape = lab.exec(server, Duration.ofSeconds(10), "curl", "-sS", "-f", "-u", "prom:scrape-me",
                "http://127.0.0.1:9100/metrics");
        if (!scrape.ok()) {
            return Double.NaN;
        }
        double value = PrometheusText.value(PrometheusText.parse(scrape.output()), name, labels);
        return Double.isNaN(value) ? 0 : value;
    }
}
