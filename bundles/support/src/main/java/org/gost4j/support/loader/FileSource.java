package org.gost4j.support.loader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        if (Files.size(path) > MAX_BYTES) {
            throw new IOException(path + " is larger than " + MAX_BYTES + " bytes");
        }
        return Files.readAllLines(path, StandardCharsets.UTF_8);
    }
}
