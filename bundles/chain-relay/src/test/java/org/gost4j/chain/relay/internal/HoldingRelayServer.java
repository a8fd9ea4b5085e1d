package org.gost4j.chain.relay.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * A relay+tls server that answers as GOST's relay handler does (go-gost/x handler/relay connect.go): its OK
 * response is held back and written together with the first bytes coming back from the target, and after
 * that each datagram's length and its data are two separate writes. Blocking sockets, a thread per direction;
 * for tests of the client's side of that behaviour only.
 */
final class HoldingRelayServer implements AutoCloseable {

    private final ServerSocket listener;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    HoldingRelayServer() throws Exception {
        SSLContext tls = ((JdkSslContext) SslContextBuilder.forServer(
                TestRelays.certificate().resolve("cert.pem").toFile(), TestRelays.certificate().resolve("key.pem").toFile())
                .sslProvider(SslProvider.JDK).build()).context();
        listener = tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread(() -> {
            while (true) {
                Socket client = listener.accept();
                open.add(client);
                thread(() -> serve(client));
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    private void serve(Socket client) throws Exception {
        DataInputStream in = new DataInputStream(client.getInputStream());
        byte[] header = new byte[4];
        in.readFully(header);
        byte[] request = new byte[4 + ((header[2] & 0xff) << 8 | header[3] & 0xff)];
        System.arraycopy(header, 0, request, 0, 4);
        in.readFully(request, 4, request.length - 4);
        RelayRequest parsed = RelayRequest.decode(Unpooled.wrappedBuffer(request));
        InetSocketAddress target = parsed.address().toTarget();
        OutputStream out = client.getOutputStream();
        byte[] ok = {1, 0, 0, 0};
        if (parsed.isUdp()) {
            DatagramSocket udp = new DatagramSocket();
            open.add(udp);
            udp.connect(target);
            thread(() -> {
                byte[] buffer = new byte[65536];
                boolean first = true;
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    udp.receive(packet);
                    byte[] length = {(byte) (packet.getLength() >> 8), (byte) packet.getLength()};
                    if (first) {
                        first = false;
                        out.write(concat(ok, length, packet.getData(), packet.getLength()));
                    } else {
                        out.write(length);
                        out.flush();
                        out.write(packet.getData(), 0, packet.getLength());
                    }
                    out.flush();
                }
            });
            while (true) {
                byte[] datagram = new byte[in.readUnsignedShort()];
                in.readFully(datagram);
                udp.send(new DatagramPacket(datagram, datagram.length));
            }
        }
        Socket tcp = new Socket(target.getAddress(), target.getPort());
        open.add(tcp);
        thread(() -> {
            InputStream fromTarget = tcp.getInputStream();
            byte[] buffer = new byte[16384];
            int n = fromTarget.read(buffer);
            out.write(concat(ok, new byte[0], buffer, Math.max(n, 0)));
            out.flush();
            fromTarget.transferTo(out);
            client.close();
        });
        in.transferTo(tcp.getOutputStream());
        tcp.close();
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c, int cLength) {
        byte[] all = new byte[a.length + b.length + cLength];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, cLength);
        return all;
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void thread(Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception closed) {
                // the test closed it, or the peer left
            }
        }, "holding-relay");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }
}
