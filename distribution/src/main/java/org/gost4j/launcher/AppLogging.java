package org.gost4j.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import org.gost4j.config.cli.CommandLine;
import org.gost4j.config.file.ConfigFile;
import org.gost4j.config.file.LogSettings;

/**
 * Sets up java.util.logging, where every bundle's {@code System.Logger} ends, from GOST's {@code log} section of
 * the {@code -C} file and {@code -D}/{@code -DD} (which win over the file's level, as in GOST). Without either,
 * {@code config/logging.properties} alone decides. The level applies to gost4j's loggers ({@code org.gost4j});
 * one above info quiets the libraries too, one below leaves them at the properties file's level.
 */
final class AppLogging {

    private static final Map<String, Level> LEVELS = Map.of("trace", Level.FINEST, "debug", Level.FINE,
            "info", Level.INFO, "warn", Level.WARNING, "error", Level.SEVERE, "fatal", Level.SEVERE);

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets the level set on it. */
    private static final Logger GOST4J = Logger.getLogger("org.gost4j");

    private AppLogging() {
    }

    /** @throws IOException if the output file cannot be opened, with the reason */
    static void configure(CommandLine commandLine) throws IOException {
        LogSettings settings = commandLine.configFile() == null ? LogSettings.NONE
                : ConfigFile.logSettings(Path.of(commandLine.configFile()));
        apply(settings.withLevel(commandLine.logLevel()));
    }

    static void apply(LogSettings settings) throws IOException {
        Logger root = Logger.getLogger("");
        if (settings.output() != null) {
            Handler output = handler(settings.output());
            for (Handler old : root.getHandlers()) {
                root.removeHandler(old);
            }
            if (output != null) {
                output.setLevel(Level.ALL);
                output.setFormatter(new LineFormatter());
                root.addHandler(output);
            }
        }
        if (settings.format() != null) {
            Formatter formatter = settings.format().equals("json") ? new JsonLineFormatter() : new LineFormatter();
            for (Handler handler : root.getHandlers()) {
                handler.setFormatter(formatter);
            }
        }
        if (settings.level() != null) {
            Level level = LEVELS.get(settings.level());
            GOST4J.setLevel(level);
            if (level.intValue() > Level.INFO.intValue()) {
                root.setLevel(level);
            }
        }
    }

    /** A handler for GOST's {@code output}: stderr, stdout, none/null (no handler), else a file, appended. */
    private static Handler handler(String output) throws IOException {
        return switch (output) {
            case "stderr" -> new ConsoleHandler();
            case "stdout" -> new FlushingHandler(System.out);
            case "none", "null" -> null;
            default -> new FlushingHandler(append(Path.of(output)));
        };
    }

    /** Opens the file for appending, creating it (rw-r-----) and its directories as GOST does. */
    private static OutputStream append(Path file) throws IOException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            FileAttribute<?>[] attributes = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-r-----"))}
                    : new FileAttribute<?>[0];
            return Channels.newOutputStream(FileChannel.open(file, options, attributes));
        } catch (IOException e) {
            throw new IOException("log.output '" + file + "': cannot open: " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " is not a directory";
        }
        return e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
    }

    /** A stream handler that writes each record out at once, as the console handler does. */
    private static final class FlushingHandler extends StreamHandler {

        FlushingHandler(OutputStream out) {
            super(out, new LineFormatter());
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }
    }
}
