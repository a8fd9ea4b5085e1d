package org.gost4j.launcher;

import java.io.PrintStream;
import java.util.OptionalInt;

import org.gost4j.config.cli.CliException;
import org.gost4j.config.cli.CommandLine;
import org.gost4j.config.cli.CliServices;

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
            CliServices.of(commandLine);
            return OptionalInt.empty();
        } catch (CliException e) {
            err.println("gost4j: " + e.getMessage());
            err.println("try 'gost4j -h'");
            return OptionalInt.of(USAGE_ERROR);
        }
    }
}
