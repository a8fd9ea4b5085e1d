package org.gost4j.config.cli;

/** A command line or service URL the appliance cannot run with; the message is meant for the user. */
public class CliException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }
}
