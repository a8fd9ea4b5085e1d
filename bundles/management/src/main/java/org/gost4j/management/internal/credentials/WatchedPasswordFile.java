package org.gost4j.management.internal.credentials;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The credentials of a password file, read again when the file changes (one {@code stat} per login), so an
 * added user or a new password applies without a restart. A file that became unreadable, malformed or readable by
 * others lets nobody in until it is mended, and says so once per change.
 */
public final class WatchedPasswordFile implements Supplier<Credentials> {

    private static final Logger LOG = System.getLogger(WatchedPasswordFile.class.getName());
    private static final Credentials NOBODY = Credentials.of(Map.of());

    private record Snapshot(Object version, Credentials credentials) {
    }

    private final Path file;
    private volatile Snapshot current;

    private WatchedPasswordFile(Path file) throws IOException {
        this.file = file;
        this.current = new Snapshot(version(file), PasswordFile.read(file));
    }

    /**
     * Opens the file, first creating it with {@code user} and a random password if it does not exist (the password
     * itself is never logged).
     *
     * @throws IllegalArgumentException if the file cannot be used (see {@link PasswordFile#read})
     * @throws IOException if it can be neither read nor created
     */
    public static WatchedPasswordFile open(Path file, String user) throws IOException {
        try {
            if (PasswordFile.createIfMissing(file, user)) {
                LOG.log(Level.INFO, "Created {0} with user {1} and a random password, readable by its owner only:"
                        + " log in to Jolokia, the web console and remote JMX with those", file, user);
            }
        } catch (IOException e) {
            throw new IOException("cannot create the password file " + file + " (" + e + ")", e);
        }
        WatchedPasswordFile users = new WatchedPasswordFile(file);
        users.current.credentials().warnIfPublishedDefault(file.toString());
        return users;
    }

    @Override
    public Credentials get() {
        Snapshot snapshot = current;
        Object version = version(file);
        if (Objects.equals(version, snapshot.version())) {
            return snapshot.credentials();
        }
        Credentials credentials;
        try {
            credentials = PasswordFile.read(file);
            LOG.log(Level.INFO, "{0} changed: {1} users", file, credentials.users().size());
        } catch (IOException | IllegalArgumentException e) {
            credentials = NOBODY;
            LOG.log(Level.WARNING, "{0} changed and cannot be used, so nobody can log in until it is mended: {1}", file,
                    e.getMessage());
        }
        current = new Snapshot(version, credentials);
        return credentials;
    }

    /** Modification time, size and permissions: what an edit or a chmod changes. */
    private static Object version(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            String permissions = posix == null ? "" : posix.readAttributes().permissions().toString();
            return List.of(attributes.lastModifiedTime(), attributes.size(), permissions);
        } catch (IOException e) {
            return "missing";
        }
    }
}
