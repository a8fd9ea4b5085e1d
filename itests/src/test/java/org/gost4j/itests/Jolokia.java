package org.gost4j.itests;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP requests to an appliance's Jolokia endpoint (127.0.0.1:8778 inside its namespace), made with curl run in
 * that namespace: a JVM thread cannot enter a network namespace.
 */
final class Jolokia {

    record Response(int status, String body) {
    }

    private final Netns lab;
    private final String side;
    private final String user;
    private final String password;

    /** Credentials as shipped in {@code <home>/config/gost4j.jolokia.cfg}. */
    Jolokia(Netns lab, String side, Path home) {
        this.lab = lab;
        this.side = side;
        this.user = cfgValue(home, "user");
        this.password = cfgValue(home, "password");
    }

    Response get(String path) {
        return request(path, true);
    }

    Response getWithoutCredentials(String path) {
        return request(path, false);
    }

    /** Waits until the endpoint answers at all (any HTTP status). */
    void awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (get("version").status() != 0) {
                return;
            }
            Netns.sleep(200);
        }
        fail("Jolokia endpoint in " + side + " not answering within " + timeout);
    }

    private Response request(String path, boolean authenticate) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-m", "5", "-w", "\n%{http_code}"));
        if (authenticate) {
            cmd.add("-u");
            cmd.add(user + ":" + password);
        }
        cmd.add("http://127.0.0.1:8778/jolokia/" + path);
        Netns.Result r = lab.exec(side, Duration.ofSeconds(10), cmd.toArray(String[]::new));
        String out = r.output().strip();
        int newline = out.lastIndexOf('\n');
        String code = newline < 0 ? out : out.substring(newline + 1).strip();
        String body = newline < 0 ? "" : out.substring(0, newline);
        try {
            return new Response(Integer.parseInt(code), body);
        } catch (NumberFormatException e) {
            return new Response(0, out);
        }
    }

    private static String cfgValue(Path home, String key) {
        try {
            for (String line : Files.readAllLines(home.resolve("config/gost4j.jolokia.cfg"))) {
                String[] kv = line.split("=", 2);
                if (kv.length == 2 && kv[0].strip().equals(key)) {
                    return kv[1].strip();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(key + " missing in gost4j.jolokia.cfg");
    }
}
