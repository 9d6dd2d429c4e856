package io.leadergate.devserver;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK HTTP(S) server bound to 127.0.0.1 with a thread per request: watches and hung requests
 * hold their thread for a long time, so the JDK's default single thread would starve.
 */
final class HttpListener {
    static {
        // The JDK server batches small writes (Nagle) unless told otherwise: 40 ms stalls per watch
        // event.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param tls the server TLS context, or null for plain HTTP
     * @param wantClientCertificates ask clients for a certificate (optional, so tokens still work)
     */
    HttpListener(int port, SSLContext tls, boolean wantClientCertificates) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (tls == null) {
            server = HttpServer.create(address, 128);
        } else {
            HttpsServer https = HttpsServer.create(address, 128);
            https.setHttpsConfigurator(
                    new HttpsConfigurator(tls) {
                        @Override
                        public void configure(HttpsParameters parameters) {
                            SSLParameters ssl = tls.getDefaultSSLParameters();
                            ssl.setWantClientAuth(wantClientCertificates);
                            parameters.setSSLParameters(ssl);
                        }
                    });
            server = https;
        }
        AtomicInteger threads = new AtomicInteger();
        executor =
                Executors.newCachedThreadPool(
                        task -> {
                            Thread thread =
                                    new Thread(task, "devserver-http-" + threads.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
        server.setExecutor(executor);
    }

    HttpServer server() {
        return server;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void start() {
        server.start();
    }

    /** Closes the port and interrupts request threads still running. */
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
