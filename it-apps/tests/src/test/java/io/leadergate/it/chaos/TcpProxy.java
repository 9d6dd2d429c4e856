package io.leadergate.it.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The network between one replica and the API server: a loopback TCP forwarder that the chaos suite
 * can cut, restore and re-point at a restarted server on another port.
 *
 * <p>Invariant: once {@link #cut()} has returned, no byte reaches the server through this proxy
 * until {@link #restore()}: every open connection has been reset and new ones are reset on accept.
 * So a request whose response opens a replica's gate was sent before {@code cut()} returned.
 */
final class TcpProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final String name;
    private final ServerSocket listener;
    private final Set<Socket> open = new HashSet<>();
    private volatile int upstreamPort;
    private boolean cut; // guarded by this, with open
    private boolean closed; // guarded by this

    private TcpProxy(String name, ServerSocket listener, int upstreamPort) {
        this.name = name;
        this.listener = listener;
        this.upstreamPort = upstreamPort;
    }

    /** Listens on a free loopback port and forwards every connection to {@code upstreamPort}. */
    static TcpProxy start(String name, int upstreamPort) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(name, listener, upstreamPort);
            Thread acceptor = new Thread(proxy::acceptLoop, "proxy-" + name);
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start proxy " + name, e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * New connections go to {@code port}; open ones stay where they are (they die with the old
     * server).
     */
    void retarget(int port) {
        upstreamPort = port;
    }

    /** Resets every open connection and every new one until {@link #restore()}. */
    void cut() {
        List<Socket> victims;
        synchronized (this) {
            cut = true;
            victims = new ArrayList<>(open);
            open.clear();
        }
        victims.forEach(TcpProxy::reset);
    }

    synchronized void restore() {
        cut = false;
    }

    synchronized boolean isCut() {
        return cut;
    }

    private void acceptLoop() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (isCut()) {
                reset(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort),
                        CONNECT_TIMEOUT_MILLIS);
            } catch (IOException serverDown) {
                reset(client); // what the replica would see without a proxy: the connection fails
                reset(upstream);
                continue;
            }
            if (!register(client, upstream)) {
                continue;
            }
            pump(client, upstream, name + "-up");
            pump(upstream, client, name + "-down");
        }
    }

    /**
     * Registers a connection pair unless a cut happened meanwhile, in which case both are reset.
     */
    private boolean register(Socket client, Socket upstream) {
        synchronized (this) {
            if (!cut && !closed) {
                open.add(client);
                open.add(upstream);
                return true;
            }
        }
        reset(client);
        reset(upstream);
        return false;
    }

    private void pump(Socket from, Socket to, String threadName) {
        Thread pump =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[16 * 1024];
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                                    out.write(buffer, 0, n);
                                    out.flush();
                                }
                            } catch (IOException endOfConnection) {
                                // reset, cut or closed by the other side: tear down both halves
                                // below
                            } finally {
                                forget(from, to);
                            }
                        },
                        threadName);
        pump.setDaemon(true);
        pump.start();
    }

    private void forget(Socket a, Socket b) {
        synchronized (this) {
            open.remove(a);
            open.remove(b);
        }
        reset(a);
        reset(b);
    }

    /** Closes with an RST, as a refused or broken connection looks to the client. */
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        cut();
        try {
            listener.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    @Override
    public String toString() {
        return "proxy " + name + " :" + port() + " -> :" + upstreamPort + (isCut() ? " (cut)" : "");
    }
}
