import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Test probe, run with the JDK's single-file launcher inside a namespace: opens a WebSocket over TLS (any
 * certificate), sends the hex bytes given as one binary message, prints each binary message received as hex,
 * a close as "close CODE", and "closed" when the server ends the connection; exits after the close or 15 s.
 * Usage: java WsProbe.java wss://host:port/ws HEX
 */
public class WsProbe {
    public static void main(String[] args) throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String type) { }
            public void checkServerTrusted(X509Certificate[] chain, String type) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trustAll}, null);
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        CompletableFuture<Void> done = new CompletableFuture<>();
        WebSocket ws = HttpClient.newBuilder().sslContext(tls).build().newWebSocketBuilder()
                .buildAsync(URI.create(args[0]), new WebSocket.Listener() {
                    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        System.out.println(HexFormat.of().formatHex(bytes));
                        w.request(1);
                        return null;
                    }
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        System.out.println("close " + code);
                        done.complete(null);
                        return null;
                    }
                    public void onError(WebSocket w, Throwable error) {
                        System.out.println("closed");
                        done.complete(null);
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(HexFormat.of().parseHex(args[1])), true).get(10, TimeUnit.SECONDS);
        try {
            done.get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.out.println("no close within 15 s");
        }
        System.exit(0);
    }
}
