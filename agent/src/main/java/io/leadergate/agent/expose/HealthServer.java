package io.leadergate.agent.expose;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadergate.agent.log.AgentLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health port: {@code /healthz}, {@code /readyz}, {@code /leader}, {@code /metrics} on the
 * JDK's {@code com.sun.net.httpserver}, no framework. All its threads are daemon threads (the
 * dispatcher inherits it from the thread that starts the server, hence {@link #start} starts it on
 * one), so it never keeps the application's JVM alive. Read-only: GET and HEAD only.
 *
 * <p>A port in use, a bad address or a JRE without the {@code jdk.httpserver} module is logged once;
 * the application and the election go on without the endpoints.
 */
public final class HealthServer {

    /** Probes and scrapes are few and fast; two threads keep one slow client from blocking probes. */
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds and serves; empty (after one log line) if it cannot. */
    static Optional<HealthServer> start(InetSocketAddress address, ProbeAnswers probes, LeaderDocument leader,
                                        MetricsEndpoint metrics) {
        String where = describe(address);
        try {
            HttpServer server = HttpServer.create(address, 0);
            ExecutorService executor = daemonPool();
            server.setExecutor(executor);
            server.createContext("/", exchange -> serve(exchange, probes, leader, metrics));
            onDaemonThread(server::start);
            HealthServer started = new HealthServer(server, executor);
            AgentLog.info("health port listening on " + describe(started.server.getAddress())
                    + " (/healthz, /readyz, /leader, /metrics)");
            return Optional.of(started);
        } catch (BindException e) {
            AgentLog.once("expose.health.bind", AgentLog.Level.WARN, "cannot listen on " + where + " (" + e.getMessage()
                    + "): /healthz, /readyz, /leader and /metrics are off on this replica; the application and the "
                    + "election go on. Set leadergate.health.port to a free port, or off");
        } catch (IOException | RuntimeException | LinkageError e) {
            AgentLog.once("expose.health.start", AgentLog.Level.WARN, "cannot start the health port on " + where + " ("
                    + e + "): /healthz, /readyz, /leader and /metrics are off on this replica; the application and "
                    + "the election go on");
        }
        return Optional.empty();
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once; in-flight exchanges are cut. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serve(HttpExchange exchange, ProbeAnswers probes, LeaderDocument leader, MetricsEndpoint metrics)
            throws IOException {
        try {
            String method = exchange.getRequestMethod();
            Reply reply;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply = Reply.text(405, "method not allowed: the health port is read-only");
            } else {
                reply = route(exchange, probes, leader, metrics);
            }
            send(exchange, reply, method.equals("HEAD"));
        } catch (IOException | RuntimeException e) {
            AgentLog.once("expose.health.serve", AgentLog.Level.WARN, "health port failed to answer "
                    + exchange.getRequestURI() + ": " + e);
            send(exchange, Reply.text(500, "internal error: " + e), false);
        } finally {
            exchange.close();
        }
    }

    private static Reply route(HttpExchange exchange, ProbeAnswers probes, LeaderDocument leader, MetricsEndpoint metrics)
            throws IOException {
        switch (exchange.getRequestURI().getPath()) {
            case "/healthz": return probes.healthz();
            case "/readyz": return probes.readyz();
            case "/leader": return leader.reply();
            case "/metrics": return metrics.reply(exchange.getRequestHeaders().getFirst("Accept"));
            default: return Reply.text(404, "not found: try /healthz, /readyz, /leader or /metrics");
        }
    }

    private static void send(HttpExchange exchange, Reply reply, boolean headOnly) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(reply.status, headOnly ? -1 : reply.body.length);
        if (!headOnly) {
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(reply.body);
            }
        }
    }

    private static ExecutorService daemonPool() {
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "leadergate-http-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Runs {@code action} on a daemon thread and waits: threads it creates inherit daemon status. */
    private static void onDaemonThread(Runnable action) {
        if (Thread.currentThread().isDaemon()) {
            action.run();
            return;
        }
        RuntimeException[] failure = new RuntimeException[1];
        Thread starter = new Thread(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "leadergate-http-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static String describe(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString()
                : address.getAddress().isAnyLocalAddress() ? "all interfaces" : address.getAddress().getHostAddress();
        return host.equals("all interfaces") ? "port " + address.getPort() + " on all interfaces"
                : host + ":" + address.getPort();
    }
}
