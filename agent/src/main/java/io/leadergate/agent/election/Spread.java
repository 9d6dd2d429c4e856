package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Spreads the Leases of several groups of gated work ({@code WorkGroups}) over the replicas, with
 * nothing but the Leases themselves: no membership list, no coordinator, no extra API objects.
 *
 * <p>Every replica contends for every group's Lease, and a watching contender sees each holder, so
 * it knows every holder's load (how many live Leases name it). Two rules then spread the work:
 *
 * <ol>
 *   <li><b>Claim in load order.</b> A contender that leads {@code k} groups holds back its claim of
 *       a free, expired or missing Lease by {@code k} retry periods plus a tie-break under half a
 *       retry period, fixed per identity and Lease ({@link #holdBackNanos}); one that leads nothing
 *       claims at once. So when a replica dies, the least loaded survivor claims each of its Leases
 *       first, and a survivor that has just claimed one waits longer for the next.
 *   <li><b>Ask, one at a time.</b> Each retry period ({@link #run}), a replica whose load is at
 *       least 2 below the most loaded holder's asks that holder for one Lease: it writes {@code
 *       spec.preferredHolder} naming itself ({@link LeaseElector#askForHandOver()}). The holder
 *       honours it as a planned hand-over (drain that group's calls, release), and the other
 *       contenders leave the freed Lease to the preferred one for a retry period. A replica has at
 *       most one request outstanding; one unanswered for {@link #REQUEST_PATIENCE} lease durations
 *       (a holder that ignores the hint) no longer blocks the next.
 * </ol>
 *
 * <p>Membership: a replica that leads nothing appears in no Lease, so nobody else counts it; it
 * counts itself (load 0), and that is enough, since only the under-loaded ask. Each move lowers the
 * sum of squared loads, so asking stops at a spread where loads differ by at most 1: with {@code N}
 * replicas and {@code G} groups, each leads ⌊G/N⌋ or ⌈G/N⌉. Safety never depends on this class:
 * each Lease keeps every guarantee of {@link LeaseElector}, and a request only ever starts that
 * elector's graceful hand-over.
 *
 * <p>API cost: nothing at steady state (loads come from the watches); one UPDATE per move, and the
 * holder's one 409 + GET that notices it.
 */
public final class Spread implements Runnable {

    static final String THREAD_NAME = "leadergate-spread";

    /** How many lease durations an unanswered request blocks the next one. */
    static final int REQUEST_PATIENCE = 2;

    private final String identity;
    private final long retryNanos;
    private final long requestPatienceNanos;
    private final MonotonicClock clock;
    private final List<LeaseElector> electors = new CopyOnWriteArrayList<>();

    /** The elector we last asked a hand-over of, and when (monotonic nanos); spread thread only. */
    private LeaseElector asked;

    private long askedAtNanos;

    public Spread(ElectionSettings settings, MonotonicClock clock) {
        this.identity = settings.identity();
        this.retryNanos = settings.retryPeriod().toNanos();
        this.requestPatienceNanos = settings.leaseDuration().toNanos() * REQUEST_PATIENCE;
        this.clock = clock;
    }

    /**
     * Starts the spread thread (a daemon) that asks for hand-overs; see the class comment. Call it
     * with the second Lease: a JVM with one Lease has no thread for this.
     */
    public void start() {
        Thread thread = new Thread(this, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Takes part in the spread: {@code elector} holds back its claims by this JVM's load, and its
     * Lease counts in the loads. Call before {@code elector.start()}.
     */
    public synchronized void add(LeaseElector elector, String leaseName) {
        long tieBreak = tieBreakNanos(leaseName);
        elector.holdBackClaimsBy(() -> holdBackNanos(tieBreak));
        electors.add(elector);
    }

    /** Rule 1: this JVM's load in retry periods, plus the fixed tie-break. */
    long holdBackNanos(long tieBreakNanos) {
        int load = electors.size() < 2 ? 0 : load(identity);
        // Leading nothing (or a single Lease): claim at once, as client-go does; two idle
        // replicas racing for one Lease cost one 409.
        return load == 0 ? 0 : load * retryNanos + tieBreakNanos;
    }

    /** Under half a retry period, fixed per identity and Lease. */
    private long tieBreakNanos(String leaseName) {
        int hash = (identity + "/" + leaseName).hashCode() & 0x7fffffff;
        return (long) ((hash % 1000) / 1000.0 * (retryNanos / 2));
    }

    /** How many Leases name {@code holder} with a running lease, by this JVM's view. */
    private int load(String holder) {
        int load = 0;
        for (LeaseElector elector : electors) {
            if (holder.equals(elector.liveHolder())) {
                load++;
            }
        }
        return load;
    }

    @Override
    public void run() {
        while (true) {
            try {
                long jittered =
                        retryNanos + (long) (retryNanos * ThreadLocalRandom.current().nextDouble());
                TimeUnit.NANOSECONDS.sleep(jittered);
                askIfUnderLoaded();
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException unexpected) {
                AgentLog.debug("spreading the leases: " + unexpected);
            }
        }
    }

    /** Rule 2, one round: true when a request was written. */
    boolean askIfUnderLoaded() {
        if (electors.size() < 2 || requestOutstanding()) {
            return false;
        }
        Map<String, List<LeaseElector>> byHolder = new TreeMap<>();
        for (LeaseElector elector : electors) {
            String holder = elector.liveHolder();
            if (!holder.isEmpty()) {
                byHolder.computeIfAbsent(holder, h -> new ArrayList<>()).add(elector);
            }
        }
        int own = byHolder.getOrDefault(identity, List.of()).size();
        String busiest = null;
        int most = 0;
        for (Map.Entry<String, List<LeaseElector>> holder : byHolder.entrySet()) {
            if (!holder.getKey().equals(identity) && holder.getValue().size() > most) {
                busiest = holder.getKey();
                most = holder.getValue().size();
            }
        }
        if (busiest == null || most - own < 2) {
            return false;
        }
        for (LeaseElector candidate : byHolder.get(busiest)) {
            if (candidate.askForHandOver()) {
                asked = candidate;
                askedAtNanos = clock.nanoTime();
                AgentLog.info(
                        "spreading the leases: "
                                + AgentLog.escape(busiest)
                                + " leads "
                                + most
                                + ", this replica "
                                + own
                                + "; asked for lease "
                                + candidate.state().leaseKey());
                return true;
            }
        }
        return false;
    }

    /**
     * Our last request is neither answered (we lead it, or it names no one else) nor past its
     * patience.
     */
    private boolean requestOutstanding() {
        LeaseElector last = asked;
        if (last == null) {
            return false;
        }
        boolean answered =
                identity.equals(last.liveHolder()) || !identity.equals(last.preferredHolder());
        if (answered || clock.nanoTime() - askedAtNanos - requestPatienceNanos >= 0) {
            asked = null;
            return false;
        }
        return true;
    }
}
