package org.gost4j.support.loader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** GOST's {@code file} loader: a text file, one entry a line. */
public final class FileSource implements Source {

    private final Path path;

    public FileSource(Path path) {
        this.path = path;
    }

    @Override
    public String describe() {
        return "file " + path;
    }

    @Override
    public List<String> load() throws IOException {
        // the JDK's messages for these are the path alone, which the loader's line already names
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied", e);
        }
    }
}
