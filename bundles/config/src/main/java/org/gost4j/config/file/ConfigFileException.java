package org.gost4j.config.file;

/** A configuration file that cannot be used; the message reads {@code file: path.in.document: reason}. */
public final class ConfigFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigFileException(String message) {
        super(message);
    }
}
