package org.gost4j.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where one running appliance keeps its files (framework cache, JNA's native library). A temporary directory
 * unless {@code GOST4J_DATA} names one, so several appliances can run from one installation at once. Either way
 * only its owner may enter it: the framework cache holds every configuration, passwords included.
 */
final class DataDirectory {

    private final Path path;
    private final boolean temporary;

    private DataDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /**
     * @param configured the {@code GOST4J_DATA} value, or null or empty for a temporary directory
     * @throws IOException with a one-line message that names {@code GOST4J_DATA} if the directory cannot be used
     */
    static DataDirectory create(String configured) throws IOException {
        if (configured == null || configured.isEmpty()) {
            return new DataDirectory(Files.createTempDirectory("gost4j-"), true);
        }
        Path path = Path.of(configured).toAbsolutePath();
        try {
            Files.createDirectories(path);
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            if (view != null) {
                view.setPermissions(PosixFilePermissions.fromString("rwx------"));
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("GOST4J_DATA " + path + " is not a directory", e);
        } catch (IOException e) {
            // the JDK's messages are often the bare path (AccessDeniedException): its class says what went wrong
            throw new IOException("GOST4J_DATA " + path + " cannot be used as the data directory: " + e, e);
        }
        return new DataDirectory(path, false);
    }

    Path path() {
        return path;
    }

    /** The directory for temporary files, created on demand. */
    Path tmp() throws IOException {
        return Files.createDirectories(path.resolve("tmp"));
    }

    /** Deletes a temporary directory with everything in it; keeps a configured one. */
    void deleteIfTemporary() throws IOException {
        if (!temporary) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(DataDirectory::delete);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
