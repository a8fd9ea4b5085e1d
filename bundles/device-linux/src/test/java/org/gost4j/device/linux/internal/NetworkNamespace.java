package org.gost4j.device.linux.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * A named network namespace ({@code ip netns add}) plus one Java thread that has entered it with setns, so
 * code run there (tun creation, rtnetlink) affects only the namespace, never the host.
 */
final class NetworkNamespace implements AutoCloseable {

    private static final int CLONE_NEWNET = 0x40000000;

    /** Test-only libc calls. */
    static final class Setns {
        static {
            Native.register(Setns.class, Platform.C_LIBRARY_NAME);
        }

        static native int setns(int fd, int nstype) throws LastErrorException;

        static native int geteuid();
    }

    /** Output and exit status of a finished command. */
    record Result(int exitCode, String output) {
    }

    final String name;
    private final ExecutorService thread;
    private final List<Process> background = new ArrayList<>();

    NetworkNamespace(String name) throws Exception {
        this.name = name;
        run("ip", "netns", "del", name); // leftover of a killed run
        Result added = run("ip", "netns", "add", name);
        if (added.exitCode() != 0) {
            throw new IOException("ip netns add " + name + " failed: " + added.output());
        }
        thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "netns-" + name));
        call(() -> {
            int fd = LibC.open("/var/run/netns/" + name, LibC.O_CLOEXEC);
            if (fd < 0) {
                throw Errno.exception(JnaTunSyscalls.INSTANCE, "open /var/run/netns/" + name, Native.getLastError());
            }
            try {
                Setns.setns(fd, CLONE_NEWNET);
            } finally {
                LibC.close(fd);
            }
            return null;
        });
    }

    /** Runs {@code task} on the thread inside the namespace. */
    <T> T call(Callable<T> task) throws Exception {
        try {
            return thread.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** {@code ip -n NAME args...} */
    Result ip(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** Starts {@code command} inside the namespace; it is killed on {@link #close()}. */
    Process start(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        background.add(process);
        return process;
    }

    static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        for (Process process : background) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        thread.shutdownNow();
        run("ip", "netns", "del", name);
    }
}
