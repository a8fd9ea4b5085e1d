package org.gost4j.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import org.gost4j.config.cli.CliException;
import org.gost4j.config.cli.CliServices;
import org.gost4j.config.cli.CommandLine;
import org.gost4j.config.file.ConfigFile;
import org.gost4j.config.file.ConfigFileException;
import org.gost4j.config.file.FactoryConfiguration;

/** Handles what the command line decides before anything starts: help, and every kind of bad argument. */
final class ArgumentCheck {

    /** Exit status for a command line the appliance cannot run with, as with Go's flag package. */
    static final int USAGE_ERROR = 2;

    private ArgumentCheck() {
    }

    /** @return the status to exit with right away, or empty if the appliance should start */
    static OptionalInt exitStatus(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLine commandLine = CommandLine.parse(args);
            if (commandLine.isHelp()) {
                out.print(Usage.TEXT);
                return OptionalInt.of(0);
            }
            // The config bundle parses them again inside Felix; fail here, before anything starts.
            Set<String> names = CliServices.of(commandLine).stream()
                    .filter(service -> service.factoryPid().equals(CliServices.TUNNEL_PID))
                    .map(CliServices.Service::name).collect(Collectors.toSet());
            if (commandLine.configFile() != null) {
                checkFile(Path.of(commandLine.configFile()), names);
            }
            return OptionalInt.empty();
        } catch (CliException e) {
            err.println("gost4j: " + e.getMessage());
            err.println("try 'gost4j -h'");
            return OptionalInt.of(USAGE_ERROR);
        } catch (ConfigFileException e) {
            err.println("gost4j: " + e.getMessage());
            return OptionalInt.of(USAGE_ERROR);
        }
    }

    /** The file's services must not take the names the {@code -L} services get ({@code service-N}). */
    private static void checkFile(Path file, Set<String> cliNames) {
        for (FactoryConfiguration config : ConfigFile.load(file)) {
            if (cliNames.contains(config.name()) && config.factoryPid().equals("gost4j.tunnel")) {
                throw new ConfigFileException(file + ": service '" + config.name()
                        + "' clashes with the name of a -L service; rename it in the file");
            }
        }
    }
}
