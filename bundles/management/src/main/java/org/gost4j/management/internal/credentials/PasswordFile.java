package org.gost4j.management.internal.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The management users' file: one {@code user password} per line, {@code #} comments, as the JDK's
 * {@code jmxremote.password}. It must be readable by its owner only (the JDK's JMX agent insists on the same):
 * anyone who can read it can run every gost4j operation, and {@code addRoute} changes root's routing table.
 */
public final class PasswordFile {

    private static final int MAX_BYTES = 64 * 1024;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** 24 characters of a 57-letter alphabet: about 140 bits. */
    private static final int PASSWORD_LENGTH = 24;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordFile() {
    }

    /**
     * @throws IllegalArgumentException if the file is missing, too large, malformed or readable by others, with a
     *         message that says what to do
     */
    public static Credentials read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("password file " + file + " does not exist");
        }
        requireOwnerOnly(file);
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException("password file " + file + " is larger than " + MAX_BYTES + " bytes");
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split("\\s+");
            if (fields.length != 2) {
                throw new IllegalArgumentException("password file " + file + " line " + number
                        + ": expected \"user password\"");
            }
            passwords.put(fields[0], fields[1]);
        }
        if (passwords.isEmpty()) {
            throw new IllegalArgumentException("password file " + file + " has no \"user password\" line");
        }
        return Credentials.of(passwords);
    }

    /**
     * Creates the file with {@code user} and a random password, readable by its owner only, unless it exists.
     *
     * @return whether it was created
     */
    public static boolean createIfMissing(Path file, String user) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        String content = "# gost4j management users (Jolokia, remote JMX): one \"user password\" per line.\n"
                + "# Keep this file readable by its owner only (chmod 600).\n"
                + user + " " + randomPassword() + "\n";
        Path directory = file.toAbsolutePath().getParent();
        // the JDK creates temporary files readable by their owner only (rw------- on POSIX)
        Path draft = Files.createTempFile(directory, ".password-", ".tmp");
        try {
            Files.writeString(draft, content, StandardCharsets.UTF_8);
            restrictToOwner(draft);
            // A hard link never replaces a file another process created meanwhile; its content is complete.
            Files.createLink(file, draft);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    static String randomPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** @throws IllegalArgumentException if group or others may read or write the file (on POSIX file systems) */
    public static void requireOwnerOnly(Path file) throws IOException {
        String problem = othersMayRead(file);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * What is wrong if group or others may read or write a file that holds passwords, else null (also for file
     * systems without POSIX permissions: their own access control applies).
     */
    public static String othersMayRead(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return null;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (OWNER_ONLY.containsAll(permissions)) {
            return null;
        }
        return file + " holds passwords but is " + PosixFilePermissions.toString(permissions)
                + ": make it readable by its owner only (chmod 600 " + file + ")";
    }

    private static void restrictToOwner(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            view.setPermissions(OWNER_ONLY);
        }
    }
}
