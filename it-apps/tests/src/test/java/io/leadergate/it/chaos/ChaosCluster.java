package io.leadergate.it.chaos;

import io.leadergate.it.ItConfig;
import io.leadergate.it.LeaseTimings;
import io.leadergate.it.ReplicaProcess;
import io.leadergate.it.Run;
import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The population under test: plain-app replicas with the agent, each reaching the dev API server
 * through its own {@link TcpProxy} (its kubeconfig names the proxy's port), all appending to one
 * run log. Replicas that die are replaced under a new name, so every name has one life.
 *
 * <p>In the multi-group mode the replicas run the groups app instead (six groups, each on its own
 * Lease, spread over the replicas): a run's replica is then written {@code replica-3@alpha}, and
 * {@link #replicaOf} / {@link #groupOf} take it apart.
 */
final class ChaosCluster implements AutoCloseable {

    /** A replica and the only network path it has to the API server. */
    record Member(ReplicaProcess process, TcpProxy proxy) {
        String id() {
            return process.id();
        }
    }

    private static final String LEASE_NAME = "chaos";

    /** A line that is followed by a stack frame: the head of a trace. */
    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^(\\S.*)\\R\\tat ");

    private final Path logDir;
    private final boolean groups;
    private final ChaosApiServer server;
    private final RunFeed runs;
    private final List<Member> members = new ArrayList<>(); // the live population
    private final List<Member> everyone = new ArrayList<>(); // for close() and the failure dump
    private final List<String> jvmArgs;
    private int nextId = 1;

    ChaosCluster(Path logDir, ChaosApiServer server) {
        this(logDir, server, List.of(), false);
    }

    /** Every replica also gets {@code jvmArgs} ({@code -Xmx64m}, say: the soak's diagnosis). */
    ChaosCluster(Path logDir, ChaosApiServer server, List<String> jvmArgs) {
        this(logDir, server, jvmArgs, false);
    }

    /** With {@code groups}: replicas of the groups app, six groups on six Leases. */
    ChaosCluster(Path logDir, ChaosApiServer server, boolean groups) {
        this(logDir, server, List.of(), groups);
    }

    private ChaosCluster(Path logDir, ChaosApiServer server, List<String> jvmArgs, boolean groups) {
        this.logDir = logDir;
        this.groups = groups;
        this.server = server;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.runs = new RunFeed(logDir.resolve("runs.log"));
    }

    RunFeed runs() {
        return runs;
    }

    /** The replica of a run: {@code replica-3} also for {@code replica-3@alpha}. */
    static String replicaOf(Run run) {
        int at = run.replicaId().indexOf('@');
        return at < 0 ? run.replicaId() : run.replicaId().substring(0, at);
    }

    /** The group of a run of the groups app ({@code alpha}); "" for the plain app's. */
    static String groupOf(Run run) {
        int at = run.replicaId().indexOf('@');
        return at < 0 ? "" : run.replicaId().substring(at + 1);
    }

    ChaosApiServer server() {
        return server;
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    Member member(String id) {
        return members.stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no live replica " + id));
    }

    List<Member> othersThan(Member member) {
        return members.stream().filter(m -> m != member).toList();
    }

    /** Starts one more replica with a fresh name and its own proxy. */
    Member add() {
        return add(id -> Map.of());
    }

    /**
     * As {@link #add()}, the replica also getting {@code extraEnv.apply(its id)} (a faked clock,
     * say), which may override the defaults.
     */
    Member add(java.util.function.Function<String, Map<String, String>> extraEnv) {
        String id = "replica-" + nextId++;
        TcpProxy proxy = TcpProxy.start(id, server.port());
        Path kubeconfig = logDir.resolve(id + ".kubeconfig");
        try {
            Files.writeString(kubeconfig, server.kubeconfigVia(proxy.port()));
        } catch (IOException e) {
            proxy.close();
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(LeaseTimings.asEnvironment());
        env.put("IT_RUN_LOG", runs.file().toString());
        env.put("LEADERGATE_KUBECONFIG", kubeconfig.toString());
        env.put("LEADERGATE_LEASE_NAMESPACE", "default");
        env.put("LEADERGATE_LEASE_NAME", LEASE_NAME);
        env.put("LEADERGATE_IDENTITY", id);
        env.put(
                "LEADERGATE_HEALTH_PORT",
                "off"); // many replicas on one host: one fixed port would be contended
        if (groups) {
            env.putAll(ItConfig.GROUPS_APP_PATTERNS);
        }
        env.putAll(extraEnv.apply(id));
        Path app = groups ? ItConfig.groupsAppJar() : ItConfig.plainAppJar();
        Member member =
                new Member(ReplicaProcess.start(id, app, true, jvmArgs, env, logDir), proxy);
        members.add(member);
        everyone.add(member);
        return member;
    }

    /**
     * Takes {@code gone} out of the population (the caller has stopped it or is stopping it) and
     * starts a replacement.
     */
    Member replace(Member gone) {
        remove(gone);
        return add();
    }

    /**
     * Takes {@code gone} out of the population: its runs no longer name a leader, and cutting all
     * proxies no longer touches it. Its proxy stays open, so a stopping replica can still release.
     */
    void remove(Member gone) {
        members.remove(gone);
    }

    void cutAll() {
        members.forEach(m -> m.proxy().cut());
    }

    void restoreAll() {
        members.forEach(m -> m.proxy().restore());
    }

    void retargetAll(int port) {
        members.forEach(m -> m.proxy().retarget(port));
    }

    /**
     * The member that starts a gated run after {@code afterNanos}: the leader at that time. Runs of
     * replicas no longer in the population do not count. Fails with the whole picture if no member
     * runs within {@code timeout}.
     */
    Member awaitLeader(String what, long afterNanos, Duration timeout) {
        return Await.value(
                what,
                timeout,
                () -> {
                    Optional<Member> leader =
                            runs.firstStartingAfter(afterNanos, run -> isMember(replicaOf(run)))
                                    .map(run -> member(replicaOf(run)));
                    if (leader.isEmpty()
                            && members.stream().noneMatch(m -> m.process().isAlive())) {
                        throw new AssertionError(
                                "every replica has exited while waiting for "
                                        + what
                                        + "\n"
                                        + describe());
                    }
                    return leader;
                },
                this::describe);
    }

    private boolean isMember(String id) {
        return members.stream().anyMatch(m -> m.id().equals(id));
    }

    /**
     * The first run after {@code afterNanos} by a replica other than {@code excluded}, if any yet.
     */
    Optional<Run> runByAnotherSince(Member excluded, long afterNanos) {
        return runs.firstStartingAfter(afterNanos, r -> !replicaOf(r).equals(excluded.id()));
    }

    /**
     * Until when a leader that was silenced (paused, cut off) and is reachable again from {@code
     * backNanos} may not run the work it lost: with one Lease it cannot win it back before the new
     * holder's term has run out, a lease duration later at the earliest. With several Leases the
     * spread hands a group back to it by a graceful hand-over (the holder drains and releases for
     * the replica that leads too few) within milliseconds of its return, so its silence ends when
     * it is back; that it never runs alongside the new holder is the overlap check's to prove.
     */
    long silencedUntil(long backNanos, Duration leaseDuration) {
        return groups ? backNanos : backNanos + leaseDuration.toNanos();
    }

    /**
     * Whether other replicas have taken over everything {@code leader} was running at {@code
     * afterNanos}: for each group whose last run before then was {@code leader}'s, another replica
     * has started a run of it since. With one group that is {@link #runByAnotherSince}; with
     * several, another replica's run of a group {@code leader} never held says nothing about the
     * Leases {@code leader} holds. If {@code leader} ran no group before then, any other replica's
     * run counts.
     */
    boolean takenOverSince(Member leader, long afterNanos) {
        Map<String, String> lastRunnerByGroup = new HashMap<>();
        for (Run run : runs.allByStart()) {
            if (run.startNanos() < afterNanos) {
                lastRunnerByGroup.put(groupOf(run), replicaOf(run));
            }
        }
        List<String> led = new ArrayList<>();
        lastRunnerByGroup.forEach(
                (group, runner) -> {
                    if (runner.equals(leader.id())) {
                        led.add(group);
                    }
                });
        if (led.isEmpty()) {
            return runByAnotherSince(leader, afterNanos).isPresent();
        }
        for (String group : led) {
            if (runs.firstStartingAfter(
                            afterNanos,
                            r -> groupOf(r).equals(group) && !replicaOf(r).equals(leader.id()))
                    .isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the agent of every member has seen a leader (or leads): all are electing and
     * watching the Lease. Which leader they saw does not matter; it may change meanwhile.
     */
    void awaitAllContending(Duration timeout) {
        for (Member member : members()) {
            Await.until(
                    member.id() + "'s agent to see a leader",
                    timeout,
                    () -> {
                        String log = member.process().stderr();
                        return log.contains("new leader is ") || log.contains("became leader");
                    },
                    this::describe);
        }
    }

    /**
     * The first line of every stack trace any replica printed ({@code replica-3: Exception in
     * ...}). The agent promises one clear log line per failure, never a trace; the report lists
     * these.
     */
    List<String> stackTraces() {
        List<String> found = new ArrayList<>();
        for (Member member : everyone) {
            Matcher trace = STACK_TRACE.matcher(member.process().stderr());
            while (trace.find()) {
                found.add(member.id() + ": " + trace.group(1));
            }
        }
        return found;
    }

    String describe() {
        StringBuilder out = new StringBuilder("population: ");
        members.forEach(
                m -> out.append(m.id()).append("(pid ").append(m.process().pid()).append(") "));
        for (Member member : everyone) {
            out.append('\n')
                    .append(member.proxy())
                    .append('\n')
                    .append(member.process().describe());
        }
        return out.append('\n').append(server.describe()).toString();
    }

    @Override
    public void close() {
        for (Member member : everyone) {
            member.process().close();
            member.proxy().close();
        }
    }
}
