package org.gost4j.itests;

import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Duration;

/** What the relay end-to-end tests share: a certificate for a relay, waiting for a relay to listen. */
final class RelayLab {

    private RelayLab() {
    }

    /** Makes cert.pem and key.pem (EC, PKCS#8) in the lab's work directory, for IP {@code ip}; returns the cert. */
    static Path certificate(Netns lab, String side, String ip) {
        Path cert = lab.workDir().resolve("cert.pem");
        lab.exec(side, Duration.ofSeconds(30), "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key(lab).toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=gost4j-test", "-addext", "subjectAltName=IP:" + ip)
                .check("openssl req");
        return cert;
    }

    static Path key(Netns lab) {
        return lab.workDir().resolve("key.pem");
    }

    /** Waits (60 s at most: a self-signed certificate takes keytool seconds) until something listens on TCP {@code port}. */
    static void awaitListening(Netns lab, Appliance a, String side, int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!lab.exec(side, Duration.ofSeconds(5), "ss", "-H", "-t", "-l", "-n", "sport = :" + port)
                .output().contains(":" + port)) {
            if (System.nanoTime() > deadline) {
                fail("relay not listening on " + port + " within 60 s\n" + a.logTail(40));
            }
            Netns.sleep(100);
        }
    }

    /**
     * Blackholes UDP to {@code port} arriving in {@code side} on the link {@code link}, so a tunnel reaches its server
     * there only through a relay: a routing rule placed before the local table (which is moved from preference 0 to
     * 100 for that; this machine's kernel has neither nftables nor tc actions).
     */
    static void blackholeUdp(Netns lab, String side, String link, int port) {
        lab.exec(side, Duration.ofSeconds(10), "ip", "rule", "add", "pref", "100", "lookup", "local").check("ip rule");
        lab.exec(side, Duration.ofSeconds(10), "ip", "rule", "del", "pref", "0").check("ip rule del");
        lab.exec(side, Duration.ofSeconds(10), "ip", "rule", "add", "pref", "10", "iif", link, "ipproto", "udp",
                "dport", String.valueOf(port), "blackhole").check("ip rule blackhole");
    }
}
