package org.gost4j.tunnel.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gost4j.api.device.IpNetwork;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentConstants;

/**
 * Where one tunnel configuration's {@link TunnelSnapshot} waits while the tunnel component is replaced: a
 * {@link SnapshotFile} named after its PID in the tunnel bundle's data area, which an update of the bundle keeps.
 * Saved when the component goes because its bundle stops (an update, a stop) or a service it needs went (the
 * driver or transport bundle is updated); taken (and deleted) by the next component of the same PID, if the
 * configuration's properties are still the same.
 */
final class SavedTunnelState {

    private static final Logger LOG = System.getLogger(SavedTunnelState.class.getName());

    private final String name;
    private final String pid;
    private final String fingerprint;
    /** Null where the framework has no file system for bundles. */
    private final Path file;

    private SavedTunnelState(String name, String pid, String fingerprint, Path file) {
        this.name = name;
        this.pid = pid;
        this.fingerprint = fingerprint;
        this.file = file;
    }

    static SavedTunnelState of(String name, Map<String, Object> properties, BundleContext context) {
        String pid = String.valueOf(properties.get("service.pid"));
        java.io.File data = context.getDataFile("tunnel-state/" + pid.replaceAll("[^A-Za-z0-9._-]", "_") + ".state");
        return new SavedTunnelState(name, pid, fingerprint(properties), data == null ? null : data.toPath());
    }

    /** Whether a component that goes for {@code reason} (a DS deactivation reason) leaves its state to the next. */
    static boolean handsOver(int reason) {
        return reason == ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED
                || reason == ComponentConstants.DEACTIVATION_REASON_REFERENCE;
    }

    /**
     * Saves the stopped engine's state, with the routes the operator added; a failure is logged, never thrown (the
     * tunnel is going anyway).
     */
    void save(TunnelEngine engine, List<IpNetwork> operatorRoutes) {
        if (file == null) {
            return;
        }
        TunnelSnapshot snapshot = engine.snapshot().withOperatorRoutes(operatorRoutes);
        try {
            SnapshotFile.write(file, pid, fingerprint, kind(engine), snapshot);
            LOG.log(Level.INFO, "tunnel " + name + ": state saved for the next engine (" + snapshot.peers().size()
                    + " peers, " + snapshot.macs().size() + " MACs, " + operatorRoutes.size() + " operator routes)");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "tunnel " + name + ": state not saved (" + e.getMessage() + ")");
        }
    }

    /**
     * Hands a state saved for this configuration to {@code engine}, before it starts; the file is used once.
     *
     * @return the routes the operator had added, for the device; empty if there was no state to take
     */
    List<IpNetwork> restoreInto(TunnelEngine engine) {
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try {
            long now = System.currentTimeMillis();
            TunnelSnapshot snapshot = SnapshotFile.read(file, pid, fingerprint, kind(engine), now,
                    engine.snapshotLifetimeMillis());
            String restored = engine.restore(snapshot);
            LOG.log(Level.INFO, "tunnel " + name + ": took over from the previous engine: " + restored + " (saved "
                    + (now - snapshot.savedAtMillis()) + " ms before)");
            return snapshot.operatorRoutes();
        } catch (SnapshotFile.Refused e) {
            LOG.log(Level.INFO, "tunnel " + name + ": saved state not used: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "tunnel " + name + ": saved state not readable (" + e + ")");
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "tunnel " + name + ": " + file + " not deleted (" + e.getMessage() + ")");
            }
        }
        return List.of();
    }

    private static String kind(TunnelEngine engine) {
        return engine.getClass().getSimpleName();
    }

    /**
     * SHA-256 of the configuration's properties in key order, without those DS adds per component instance
     * ({@code component.id} changes with every activation).
     */
    static String fingerprint(Map<String, Object> properties) {
        TreeMap<String, String> text = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith("component.")) {
                text.put(key, value instanceof Object[] array ? Arrays.deepToString(array)
                        : value != null && value.getClass().isArray() ? primitiveArray(value) : String.valueOf(value));
            }
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    private static String primitiveArray(Object array) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) {
            text.append(i == 0 ? "" : ", ").append(java.lang.reflect.Array.get(array, i));
        }
        return text.append(']').toString();
    }
}
