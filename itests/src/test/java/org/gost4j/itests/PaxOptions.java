package org.gost4j.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

/**
 * What a Pax Exam test here provisions, in one chain: {@code PaxOptions.felix("paxexam-x").configAdmin()
 * .maven(...).ours("api", ...).toArray()}; our bundles come straight from the reactor (no install needed).
 */
final class PaxOptions {

    private final List<Option> options = new ArrayList<>();

    private PaxOptions() {
    }

    /** The framework with SCR and its OSGi dependencies, quiet logging, a clean cache under {@code target/<workDir>}. */
    static PaxOptions felix(String workDir) {
        return new PaxOptions().add(
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                workingDirectory(Paths.get("target", workDir).toAbsolutePath().toString()),
                cleanCaches(),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                junitBundles());
    }

    /** Felix ConfigAdmin, as the distribution ships it. */
    PaxOptions configAdmin() {
        return maven("org.apache.felix", "org.apache.felix.configadmin");
    }

    /** Bundles of one group at the version of this module's pom ({@code versionAsInProject}). */
    PaxOptions maven(String groupId, String... artifactIds) {
        for (String artifactId : artifactIds) {
            options.add(mavenBundle(groupId, artifactId).versionAsInProject());
        }
        return this;
    }

    PaxOptions add(Option... more) {
        options.addAll(List.of(more));
        return this;
    }

    /** Our bundles, by module name ({@code device-linux}), from their reactor jars. */
    PaxOptions ours(String... modules) {
        for (String module : modules) {
            options.add(bundle(reactorJar(module).toUri().toString()));
        }
        return this;
    }

    /**
     * The JNI fragments of our bundles built on this machine ({@code gost4j-<module>-<version>-<classifier>.jar},
     * installed, not started: fragments attach to their host). Where they are not built (off Linux) none.
     */
    PaxOptions jniFragments(String... modules) {
        String classifier = System.getProperty("gost4j.jni.classifier", "");
        for (String module : modules) {
            Path jar = reactorJar(module, "-" + classifier, false);
            if (Files.isRegularFile(jar)) {
                options.add(bundle(jar.toUri().toString()).noStart());
            }
        }
        return this;
    }

    Option[] toArray() {
        return options.toArray(Option[]::new);
    }

    /** {@code <root>/bundles/<module>/target/gost4j-<module>-<version>.jar}, failing clearly if missing. */
    static Path reactorJar(String module) {
        return reactorJar(module, "", true);
    }

    private static Path reactorJar(String module, String classifier, boolean required) {
        Path root = Paths.get(System.getProperty("gost4j.root", "..")).toAbsolutePath().normalize();
        String version = System.getProperty("gost4j.version", "0.1.0-SNAPSHOT");
        Path jar = root.resolve("bundles").resolve(module).resolve("target")
                .resolve("gost4j-" + module + "-" + version + classifier + ".jar");
        if (!required) {
            return jar;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("bundle not built: " + jar
                    + " (run the build from the repository root: mvn -B verify)");
        }
        return jar;
    }
}
