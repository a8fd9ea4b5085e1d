package org.gost4j.support.bundles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import org.osgi.framework.Bundle;

/** A bundle's content copied out of the framework: what a rollback installs again. */
public final class BundleContent {

    private BundleContent() {
    }

    /** The bundle's own entries (not its fragments') as a jar, manifest first. */
    public static byte[] copyOf(Bundle bundle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            copyEntry(bundle, "META-INF/MANIFEST.MF", jar);
            copyTree(bundle, "/", jar);
        }
        return bytes.toByteArray();
    }

    private static void copyTree(Bundle bundle, String path, JarOutputStream jar) throws IOException {
        Enumeration<String> paths = bundle.getEntryPaths(path);
        while (paths != null && paths.hasMoreElements()) {
            String entry = paths.nextElement();
            if (entry.endsWith("/")) {
                jar.putNextEntry(new ZipEntry(entry));
                jar.closeEntry();
                copyTree(bundle, entry, jar);
            } else if (!entry.equals("META-INF/MANIFEST.MF")) {
                copyEntry(bundle, entry, jar);
            }
        }
    }

    private static void copyEntry(Bundle bundle, String entry, JarOutputStream jar) throws IOException {
        URL url = bundle.getEntry(entry);
        if (url == null) {
            throw new IOException(entry + " missing");
        }
        jar.putNextEntry(new ZipEntry(entry));
        try (InputStream in = url.openStream()) {
            in.transferTo(jar);
        }
        jar.closeEntry();
    }
}
