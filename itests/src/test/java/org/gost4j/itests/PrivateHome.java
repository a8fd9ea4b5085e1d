package org.gost4j.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An installation of the appliance of its own, so a test can change its {@code deploy/} and {@code config/}
 * folders (watched by FileInstall) without touching the shared build: {@code bin/gost4j} copied (the script
 * finds its home from its own path), {@code lib/} linked, {@code bundle/} jars linked except those moved to
 * {@code deploy/} (so that removing one from there uninstalls that bundle in the running appliance).
 */
public final class PrivateHome {

    private final Path home;

    private PrivateHome(Path home) {
        this.home = home;
    }

    /**
     * @param inDeploy bundle jar name prefixes (e.g. {@code gost4j-auther-}) installed from {@code deploy/}
     * @param configFiles file name → content, written to {@code config/}
     */
    public static PrivateHome create(Path parent, Set<String> inDeploy, Map<String, String> configFiles) {
        Path shared = TestEnv.home();
        try {
            Path home = Files.createTempDirectory(parent, "home-");
            Files.createDirectories(home.resolve("bin"));
            Files.copy(shared.resolve("bin/gost4j"), home.resolve("bin/gost4j"));
            Files.createSymbolicLink(home.resolve("lib"), shared.resolve("lib").toAbsolutePath());
            Files.createDirectories(home.resolve("bundle"));
            Files.createDirectories(home.resolve("deploy"));
            Files.createDirectories(home.resolve("config"));
            Files.copy(shared.resolve("config/logging.properties"), home.resolve("config/logging.properties"));
            try (Stream<Path> jars = Files.list(shared.resolve("bundle"))) {
                for (Path jar : jars.toList()) {
                    String name = jar.getFileName().toString();
                    if (inDeploy.stream().anyMatch(name::startsWith)) {
                        Files.copy(jar, home.resolve("deploy").resolve(name));
                    } else {
                        Files.createSymbolicLink(home.resolve("bundle").resolve(name), jar.toAbsolutePath());
                    }
                }
            }
            for (Map.Entry<String, String> file : configFiles.entrySet()) {
                Files.writeString(home.resolve("config").resolve(file.getKey()), file.getValue());
            }
            return new PrivateHome(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return home;
    }

    /** Takes the {@code bundle/} jars whose names end with {@code suffix} out of this installation. */
    public PrivateHome withoutBundles(String suffix) {
        try (Stream<Path> jars = Files.list(home.resolve("bundle"))) {
            for (Path jar : jars.filter(j -> j.getFileName().toString().endsWith(suffix)).toList()) {
                Files.delete(jar);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves a deployed jar out of {@code deploy/} (FileInstall uninstalls it) or back in (installs it). */
    public void undeploy(String jarPrefix) {
        move(home.resolve("deploy"), home.resolve("undeployed"), jarPrefix);
    }

    public void redeploy(String jarPrefix) {
        move(home.resolve("undeployed"), home.resolve("deploy"), jarPrefix);
    }

    private static void move(Path from, Path to, String jarPrefix) {
        try {
            Files.createDirectories(to);
            try (Stream<Path> jars = Files.list(from)) {
                for (Path jar : jars.filter(j -> j.getFileName().toString().startsWith(jarPrefix)).toList()) {
                    Files.move(jar, to.resolve(jar.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
