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
 * that namespace: a JVM thread cannot enter a network namespace. Requests carry the endpoint's own origin, which
 * the shipped policy's strict origin checking requires.
 */
final class Jolokia {

    static final String ORIGIN = "http://127.0.0.1:8778";
    static final String USER = "gost4j";

    record Response(int status, String body) {
    }

    private final Netns lab;
    private final String side;
    private final Path home;

    /** The user {@link #USER} of {@code <home>/config/management.passwords}, which the appliance creates at first start. */
    Jolokia(Netns lab, String side, Path home) {
        this.lab = lab;
        this.side = side;
        this.home = home;
    }

    Response get(String path) {
        return curl(path, "-u", USER + ":" + password(home), "-H", "Origin: " + ORIGIN);
    }

    Response getWithoutCredentials(String path) {
        return curl(path, "-H", "Origin: " + ORIGIN);
    }

    /** Runs an operation (a POST with the credentials); the answer's body is Jolokia's JSON with its own status. */
    Response exec(String mbean, String operation, String... arguments) {
        StringBuilder json = new StringBuilder("{\"type\":\"exec\",\"mbean\":\"").append(mbean)
                .append("\",\"operation\":\"").append(operation).append("\",\"arguments\":[");
        for (int i = 0; i < arguments.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(arguments[i].replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return curl("", "-u", USER + ":" + password(home), "-H", "Origin: " + ORIGIN, "-H",
                "Content-Type: application/json", "-d", json.append("]}").toString());
    }

    /** A request with the credentials and the given extra curl options (headers, a body). */
    Response curl(String path, String... options) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-m", "5", "-w", "\n%{http_code}"));
        cmd.addAll(List.of(options));
        cmd.add("http://127.0.0.1:8778" + (path.startsWith("/") ? path : "/jolokia/" + path));
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

    /** Waits until the endpoint answers at all (any HTTP status). */
    void awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(passwordFile(home)) && get("version").status() != 0) {
                return;
            }
            Netns.sleep(200);
        }
        fail("Jolokia endpoint in " + side + " not answering within " + timeout);
    }

    static Path passwordFile(Path home) {
        return home.resolve("config/management.passwords");
    }

    /** The password of {@link #USER}, from the password file. */
    static String password(Path home) {
        try {
            for (String line : Files.readAllLines(passwordFile(home))) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length == 2 && fields[0].equals(USER)) {
                    return fields[1];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(USER + " missing in " + passwordFile(home));
    }
}
