package org.gost4j.launcher;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.gost4j.config.cli.CommandLine;

/** Entry point of {@code bin/gost4j}: checks the command line, then runs the appliance until it is stopped. */
public final class Main {

    /** Set by {@code bin/gost4j}: the installation directory with bundle/, config/ and deploy/. */
    static final String HOME_PROPERTY = "gost4j.home";

    private static final Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        OptionalInt exit = ArgumentCheck.exitStatus(args, System.out, System.err);
        if (exit.isPresent()) {
            System.exit(exit.getAsInt());
        }
        try {
            AppLogging.configure(CommandLine.parse(args));
        } catch (IOException e) {
            System.err.println("gost4j: " + e.getMessage());
            System.exit(ArgumentCheck.USAGE_ERROR);
        }
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null) {
            System.err.println("gost4j: system property " + HOME_PROPERTY + " is not set; start gost4j with bin/gost4j");
            System.exit(1);
        }
        DataDirectory data;
        try {
            data = DataDirectory.create(System.getenv("GOST4J_DATA"));
        } catch (IOException e) {
            System.err.println("gost4j: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            new Appliance(Path.of(home).toAbsolutePath(), data).run(args);
        } catch (Exception e) {
            LOG.log(Level.ERROR, "gost4j failed to start", e);
            System.exit(1);
        }
        // Runs the shutdown hook, which removes a temporary data directory.
        System.exit(0);
    }
}
