package org.gost4j.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an appliance's JVM holds at one moment: threads ({@code /proc/PID/task}), of which the JVM's own compiler
 * and GC workers (their number varies with load, not with what gost4j does), open descriptors ({@code /proc/PID/fd}),
 * resident memory ({@code VmRSS}), metaspace in use and classes loaded (read over Jolokia), and the size of its log.
 */
record ServerVitals(int threads, int jvmWorkerThreads, int fds, long rssKb, long metaspaceBytes, long classes,
        long logBytes, long logLines) {

    /** Thread names ({@code /proc/PID/task/TID/comm}, 15 characters) of the JVM's compiler and GC workers. */
    private static final Pattern JVM_WORKER = Pattern.compile("^(C1 CompilerThre|C2 CompilerThre|GC Thread#\\d+"
            + "|G1 Conc#\\d+|G1 Refine#\\d+|G1 Conc.*)$");

    static ServerVitals of(Appliance server, Jolokia jolokia) {
        Path proc = Path.of("/proc", Long.toString(server.pid()));
        try {
            int threads = 0;
            int workers = 0;
            try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                for (Path task : tasks.toList()) {
                    threads++;
                    try {
                        if (JVM_WORKER.matcher(Files.readString(task.resolve("comm")).strip()).matches()) {
                            workers++;
                        }
                    } catch (IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            int fds;
            try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
                fds = (int) open.count();
            }
            long rss = Files.readAllLines(proc.resolve("status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
            long metaspace = number(jolokia.get("read/java.lang:type=MemoryPool,name=Metaspace/Usage").body(), "used");
            long classes = number(jolokia.get("read/java.lang:type=ClassLoading/LoadedClassCount").body(), "value");
            List<String> log = Files.readAllLines(server.logFile());
            return new ServerVitals(threads, workers, fds, rss, metaspace, classes, Files.size(server.logFile()),
                    log.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int gost4jThreads() {
        return threads - jvmWorkerThreads;
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + field + " in Jolokia's answer: " + json);
        }
        return Long.parseLong(m.group(1));
    }
}
