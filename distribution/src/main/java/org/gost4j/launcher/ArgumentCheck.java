package org.gost4j.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import org.gost4j.api.tunnel.TunnelPids;
import org.gost4j.config.FactoryConfiguration;
import org.gost4j.config.check.Preflight;
import org.gost4j.config.check.PreflightException;
import org.gost4j.config.cli.CliException;
import org.gost4j.config.cli.CliServices;
import org.gost4j.config.cli.CommandLine;
import org.gost4j.config.file.ConfigFile;
import org.gost4j.config.file.ConfigFileException;

/**
 * Handles what the command line decides before anything starts: help, version, and every kind of bad argument,
 * including services that would fail once started ({@link Preflight}: names that do not resolve, missing files,
 * ports in use), so the appliance never runs without the services it was asked for.
 */
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
            if (commandLine.isVersion()) {
                out.println(Version.line());
                return OptionalInt.of(0);
            }
            // The config bundle parses them again inside Felix; fail here, before anything starts.
            List<FactoryConfiguration> services = new ArrayList<>(CliServices.of(commandLine));
            if (commandLine.configFile() != null) {
                services.addAll(checkFile(Path.of(commandLine.configFile()), services));
            }
            Preflight.check(services, List.of(), Set.of());
            return OptionalInt.empty();
        } catch (CliException e) {
            err.println("gost4j: " + e.getMessage());
            err.println("try 'gost4j -h'");
            return OptionalInt.of(USAGE_ERROR);
        } catch (ConfigFileException | PreflightException e) {
            err.println("gost4j: " + e.getMessage());
            return OptionalInt.of(USAGE_ERROR);
        }
    }

    /** The file's services must not take the names the {@code -L} services get ({@code service-N}). */
    private static List<FactoryConfiguration> checkFile(Path file, List<FactoryConfiguration> cli) {
        Set<String> cliNames = cli.stream().filter(service -> service.factoryPid().equals(TunnelPids.TUNNEL))
                .map(FactoryConfiguration::name).collect(Collectors.toSet());
        List<FactoryConfiguration> configs = ConfigFile.load(file);
        for (FactoryConfiguration config : configs) {
            if (cliNames.contains(config.name()) && config.factoryPid().equals(TunnelPids.TUNNEL)) {
                throw new ConfigFileException(file + ": service '" + config.name()
                        + "' clashes with the name of a -L service; rename it in the file");
            }
        }
        return configs;
    }
}
