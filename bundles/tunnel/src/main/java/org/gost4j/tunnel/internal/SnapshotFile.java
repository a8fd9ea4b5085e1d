package org.gost4j.tunnel.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.gost4j.api.device.IpNetwork;

/**
 * A {@link TunnelSnapshot} in a file of the tunnel bundle's data area, which survives the bundle's update.
 * Versioned and checked: a magic number and format version, the configuration's PID and a fingerprint of its
 * properties (another configuration's state, or this one's before a change, is not taken), the engine kind, a
 * CRC over the whole, counts checked against the bytes that carry them, at most {@value #MAX_BYTES} bytes.
 * Written 0600 through a temporary file moved into place: it holds the keys clients registered with.
 */
final class SnapshotFile {

    static final int MAX_BYTES = 64 << 20;
    private static final int MAGIC = 0x47344a53; // "G4JS"
    /** 2 added the operator's routes; a file of version 1 (an older tunnel bundle's) is read without them. */
    private static final short VERSION = 2;
    private static final int MAX_KEY = 16;
    private static final int MAX_NAME = 256;

    /** Why a file was not taken; one line. */
    static final class Refused extends IOException {
        Refused(String reason) {
            super(reason);
        }
    }

    private SnapshotFile() {
    }

    static void write(Path file, String pid, String fingerprint, String kind, TunnelSnapshot snapshot)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        out.writeUTF(pid);
        out.writeUTF(fingerprint);
        out.writeUTF(kind);
        out.writeLong(snapshot.savedAtMillis());
        out.writeInt(snapshot.counters().size());
        for (Map.Entry<String, Long> counter : snapshot.counters().entrySet()) {
            out.writeUTF(counter.getKey());
            out.writeLong(counter.getValue());
        }
        out.writeInt(snapshot.peers().size());
        for (TunnelSnapshot.SavedPeer peer : snapshot.peers()) {
            writeAddress(out, peer.address());
            out.writeLong(peer.lastSeenMillis());
            byte[] key = peer.acceptedKey();
            out.writeByte(key == null ? -1 : key.length);
            if (key != null) {
                out.write(key);
            }
            for (long value : peer.traffic()) {
                out.writeLong(value);
            }
            out.writeBoolean(peer.p2p());
            out.writeInt(peer.tunnelIps().size());
            for (IpKey ip : peer.tunnelIps()) {
                out.writeLong(ip.high());
                out.writeLong(ip.low());
            }
        }
        out.writeInt(snapshot.macs().size());
        for (TunnelSnapshot.SavedMac mac : snapshot.macs()) {
            out.writeLong(mac.mac());
            writeAddress(out, mac.owner());
            out.writeLong(mac.lastSeenMillis());
        }
        out.writeInt(snapshot.operatorRoutes().size());
        for (IpNetwork route : snapshot.operatorRoutes()) {
            out.writeUTF(route.toString());
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        if (bytes.size() > MAX_BYTES) {
            throw new IOException("state of " + bytes.size() + " bytes is over " + MAX_BYTES);
        }
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        createOwnerOnly(temporary);
        Files.write(temporary, bytes.toByteArray());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not POSIX (Windows): the data area is the framework user's own
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists already", e);
        }
    }

    /**
     * Reads the state saved for {@code pid} with this {@code fingerprint} and engine {@code kind}, if it was saved
     * at most {@code maxAgeMillis} ago.
     *
     * @throws Refused if the file is not such a state (foreign, stale, damaged, too large)
     */
    static TunnelSnapshot read(Path file, String pid, String fingerprint, String kind, long nowMillis,
            long maxAgeMillis) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES || size < 8) {
            throw new Refused("size " + size + " bytes is not that of a saved state");
        }
        byte[] bytes = Files.readAllBytes(file);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            if (in.readInt() != MAGIC) {
                throw new Refused("not a gost4j tunnel state");
            }
            short version = in.readShort();
            if (version != 1 && version != VERSION) {
                throw new Refused("format version " + version + ", this engine reads 1 and " + VERSION);
            }
            if (new DataInputStream(new ByteArrayInputStream(bytes, bytes.length - 8, 8)).readLong() != crc.getValue()) {
                throw new Refused("checksum mismatch (damaged or cut short)");
            }
            if (!in.readUTF().equals(pid) || !in.readUTF().equals(fingerprint) || !in.readUTF().equals(kind)) {
                throw new Refused("saved by another configuration, or before this one changed");
            }
            long savedAt = in.readLong();
            if (savedAt > nowMillis + 60_000 || nowMillis - savedAt > maxAgeMillis) {
                throw new Refused("stale: saved " + (nowMillis - savedAt) + " ms ago, peers expire after "
                        + maxAgeMillis + " ms");
            }
            Map<String, Long> counters = new LinkedHashMap<>();
            int counterCount = count(in, 3 + 8);
            for (int i = 0; i < counterCount; i++) {
                String name = in.readUTF();
                if (name.length() > MAX_NAME) {
                    throw new Refused("counter name too long");
                }
                counters.put(name, in.readLong());
            }
            List<TunnelSnapshot.SavedPeer> peers = new ArrayList<>();
            int peerCount = count(in, 1 + 2 + 8 + 1 + 32 + 1 + 4);
            for (int i = 0; i < peerCount; i++) {
                InetSocketAddress address = readAddress(in);
                if (address == null) {
                    throw new Refused("a peer without an address");
                }
                long lastSeen = in.readLong();
                int keyLength = in.readByte();
                if (keyLength < -1 || keyLength > MAX_KEY) {
                    throw new Refused("key of " + keyLength + " bytes");
                }
                byte[] key = keyLength < 0 ? null : in.readNBytes(keyLength);
                long[] traffic = {in.readLong(), in.readLong(), in.readLong(), in.readLong()};
                boolean p2p = in.readBoolean();
                int ipCount = count(in, 16);
                List<IpKey> ips = new ArrayList<>(ipCount);
                for (int j = 0; j < ipCount; j++) {
                    ips.add(IpKey.of(in.readLong(), in.readLong()));
                }
                peers.add(new TunnelSnapshot.SavedPeer(address, lastSeen, key, traffic, ips, p2p));
            }
            List<TunnelSnapshot.SavedMac> macs = new ArrayList<>();
            int macCount = count(in, 8 + 1 + 8);
            for (int i = 0; i < macCount; i++) {
                macs.add(new TunnelSnapshot.SavedMac(in.readLong(), readAddress(in), in.readLong()));
            }
            List<IpNetwork> routes = new ArrayList<>();
            int routeCount = version == 1 ? 0 : count(in, 2 + 9);
            for (int i = 0; i < routeCount; i++) {
                routes.add(readRoute(in));
            }
            if (in.available() != 8) {
                throw new Refused((in.available() - 8) + " bytes left over");
            }
            return new TunnelSnapshot(savedAt, counters, peers, macs, routes);
        } catch (EOFException e) {
            throw new Refused("cut short");
        }
    }

    private static IpNetwork readRoute(DataInputStream in) throws IOException {
        String text = in.readUTF();
        try {
            return IpNetwork.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Refused("a route that is none: " + (text.length() > MAX_NAME ? text.substring(0, MAX_NAME) : text));
        }
    }

    /** A count, refused if its entries of at least {@code minBytes} each could not fit in what is left. */
    private static int count(DataInputStream in, int minBytes) throws IOException {
        int count = in.readInt();
        if (count < 0 || (long) count * minBytes > in.available()) {
            throw new Refused("count " + count + " does not fit the file");
        }
        return count;
    }

    private static void writeAddress(DataOutputStream out, InetSocketAddress address) throws IOException {
        if (address == null) {
            out.writeByte(0);
            return;
        }
        byte[] ip = address.getAddress().getAddress();
        out.writeByte(ip.length);
        out.write(ip);
        out.writeShort(address.getPort());
    }

    private static InetSocketAddress readAddress(DataInputStream in) throws IOException {
        int length = in.readByte();
        if (length == 0) {
            return null;
        }
        if (length != 4 && length != 16) {
            throw new Refused("address of " + length + " bytes");
        }
        InetAddress ip = InetAddress.getByAddress(in.readNBytes(length));
        return new InetSocketAddress(ip, in.readUnsignedShort());
    }
}
