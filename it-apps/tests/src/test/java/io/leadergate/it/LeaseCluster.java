package io.leadergate.it;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The fixture of a multi-JVM test class, registered as a static {@code @RegisterExtension} field:
 * one dev API server for the whole class (started before the first test, stopped after the last),
 * the {@link ProcessLogs} directories and failure dump, and whatever a test starts through it
 * (replica groups, observed replicas, any {@link #closeAfterTest} resource) closed after that test,
 * last started first, whether the test passed or not.
 */
final class LeaseCluster
        implements BeforeAllCallback,
                BeforeEachCallback,
                AfterEachCallback,
                AfterAllCallback,
                TestWatcher {

    private final ProcessLogs logs = new ProcessLogs();
    private final List<String> clients;
    private List<String> serverOptions = List.of();
    private final boolean classServer;
    private final Deque<AutoCloseable> startedByTest = new ArrayDeque<>();
    private DevServerProcess server;

    LeaseCluster() {
        this(List.of());
    }

    /**
     * With one named client per entry (own token and kubeconfig, {@link
     * DevServerProcess#kubeconfig(String)}), so that the server's request counts tell them apart.
     */
    LeaseCluster(List<String> clients) {
        this(clients, true);
    }

    private LeaseCluster(List<String> clients, boolean classServer) {
        this.clients = List.copyOf(clients);
        this.classServer = classServer;
    }

    /**
     * Without a class-wide server, for tests whose servers carry per-test state (injected faults,
     * request counts): each starts its own, usually {@link CountedReplicas}, {@link
     * #closeAfterTest}.
     */
    static LeaseCluster withoutClassServer() {
        return new LeaseCluster(List.of(), false);
    }

    /** With the dev server started with these further command-line options. */
    LeaseCluster withServerOptions(String... options) {
        this.serverOptions = List.of(options);
        return this;
    }

    /**
     * The class's dev server: a fresh one per test class, so leases of other classes never
     * interfere.
     */
    DevServerProcess server() {
        if (!classServer) {
            throw new IllegalStateException("a LeaseCluster withoutClassServer() has no server");
        }
        return server;
    }

    /** The current test's log directory, for processes a test starts itself. */
    Path testDir() {
        return logs.testDir();
    }

    /**
     * {@code replica-1 .. replica-<count>} of {@code appJar} with the agent, on {@code leaseName}.
     */
    ReplicaGroup startWithAgent(int count, Path appJar, String leaseName) {
        return closeAfterTest(
                ReplicaGroup.startWithAgent(count, appJar, leaseName, server, testDir()));
    }

    /** As {@link #startWithAgent(int, Path, String)}, each replica also getting {@code appEnv}. */
    ReplicaGroup startWithAgent(
            int count, Path appJar, String leaseName, Map<String, String> appEnv) {
        return closeAfterTest(
                ReplicaGroup.startWithAgent(count, appJar, leaseName, server, testDir(), appEnv));
    }

    /** Control: the same app and run log, no agent, so nothing is gated. */
    ReplicaGroup startWithoutAgent(int count, Path appJar) {
        return closeAfterTest(ReplicaGroup.startWithoutAgent(count, appJar, testDir()));
    }

    /** An empty set of replicas with health ports, to {@link ObservedReplicas#start} one by one. */
    ObservedReplicas observedReplicas() {
        return closeAfterTest(new ObservedReplicas(server, testDir()));
    }

    /** {@code CountedReplicas.start} in the current test's directory, closed after the test. */
    CountedReplicas countedReplicas(List<String> clients) {
        return closeAfterTest(CountedReplicas.start(testDir(), clients));
    }

    /** Closes {@code resource} when the current test ends, before anything registered earlier. */
    <T extends AutoCloseable> T closeAfterTest(T resource) {
        startedByTest.push(resource);
        return resource;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        logs.beforeAll(context);
        if (classServer) {
            server = DevServerProcess.start(logs.classDir(), clients, serverOptions);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        logs.beforeEach(context);
    }

    /** Closes everything the test started, even when one close fails; reports the first failure. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Throwable first = null;
        while (!startedByTest.isEmpty()) {
            try {
                startedByTest.pop().close();
            } catch (Exception | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof Error error) {
            throw error;
        }
        if (first != null) {
            throw (Exception) first;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /** Runs after {@link #afterEach}: the replicas have exited and their log files are complete. */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        logs.testFailed(context, cause);
    }
}
