package io.leadergate.agent.election;

import io.leadergate.agent.log.AgentLog;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leader election on one Kubernetes Lease with client-go {@code tools/leaderelection} semantics, so
 * a Go controller and this JVM reading the same Lease agree on who leads. The whole state machine
 * is in this file, laid out as {@code leaderelection.go} is, to be read top to bottom: {@link
 * #run()} → {@link #step()} → {@link #acquire()} / {@link #renew()} → {@link #tryAcquireOrRenew()}
 * (numbered steps), then the ways a term ends: {@link #stepDown()}, {@link #stop()}, the drain,
 * {@link #release}. Timings are {@link ElectionSettings}'; what the watch thread saw arrives
 * through a {@link WatchInbox}; API calls go through a {@link LeaseClient}; every decision is told
 * to its {@link ElectionEvents} (metrics, health, the Leadership API) as it is made.
 *
 * <p>One daemon thread ({@code leadergate-elector}) takes turns forever: a contender takes the
 * Lease when free or expired; the leader renews it with one UPDATE per retry period (a GET only
 * after a failure). It never exits on its own: a lost leader goes back to contending. Watching
 * ({@code leadergate.watch}, the default), a second thread ({@code leadergate-watch}) keeps a watch
 * on the Lease open, so a contender sends nothing while the holder renews, acquires the moment a
 * release arrives, and otherwise when its local expiry timer fires. Where the server refuses or
 * cannot serve watches: one warning, then polling, a GET every jittered retry period, as client-go.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>The gate is granted only until {@code t0 + renewDeadline}, where {@code t0} is the local
 *       monotonic time just before the successful write was sent. A late response cannot extend it,
 *       and neither can a write answered with its base resourceVersion unchanged (nothing was
 *       written).
 *   <li>Another holder's lease is judged expired only after its record stayed unchanged for the
 *       record's {@code leaseDurationSeconds} of <em>local</em> time since we first observed it.
 *       Remote timestamps are never compared with a local clock (clock skew is tolerated, skew rate
 *       is not).
 *   <li>Hence, with {@code renewDeadline < leaseDuration}, our gate closes before any other replica
 *       may legally acquire, without any action by this thread (GC pause, SIGSTOP, hung call).
 *   <li>A watching leader closes the gate the moment its watch shows the Lease deleted or held by
 *       another identity (after the echo of its own last write), without waiting for a renewal.
 *   <li>The gate moves first, the world hears after: it is opened before a term is logged,
 *       published and reported, and closed before a loss is, and before the Lease is released.
 *   <li>A graceful hand-over ({@link #stop()}, {@link #stepDown()}, a {@code preferredHolder}
 *       naming another identity) releases the Lease only once no admitted gated call is still
 *       running: it holds the gate shut, keeps renewing, and waits for them (at most {@code
 *       leadergate.shutdown.drain}). So a successor, which may acquire the moment the release
 *       lands, never overlaps with them.
 *   <li>The release is the last write: the elector thread sends it after its last call, and sends
 *       no acquire or renew once stopping.
 *   <li>A new term's {@code leaseTransitions} (the fencing token) is one above every value this JVM
 *       has seen on the Lease, also across a delete and re-create.
 * </ul>
 *
 * <p>Not guaranteed (as in client-go): fencing. A replica whose clock runs much slower than others,
 * or a human who edits the Lease while the holder cannot see it, can make two replicas lead at once
 * for up to {@code renewDeadline}. Release on {@link #stop()} is best effort; if it fails the Lease
 * expires.
 *
 * <p>Threads: the elector thread owns the fields marked so; the term's state (leading, stepping
 * down, stopping, the gate's hold) is shared with {@link #stop()}, {@link #stepDown()} and the
 * watch thread and guarded by {@code this}; {@link #state()} is a volatile snapshot, readers never
 * block.
 */
public final class LeaseElector {

    private final ElectionSettings settings;
    private final String identity;
    private final LeaseClient client;

    /** The watch and what it saw; package-private so watch tests can await its progress. */
    final WatchInbox watch;

    private final MonotonicClock clock;
    private final GateControl gate;
    private final ElectionEvents events;
    private final LeaseErrorLog errors;

    /**
     * Our lease duration, whole seconds, written into our records: others wait this long for us.
     */
    private final int leaseDurationSeconds;

    private final long renewDeadlineNanos;
    private final long retryNanos;

    // What this replica knows of the Lease. Elector thread, except snapshot (read by stop()).
    /** client-go's observedRecord: the last record read, watched or written; null before any. */
    private LeaseRecord observedRecord;

    /** client-go's observedTime, monotonic nanos: when {@link #observedRecord} was first seen. */
    private long observedAtNanos;

    /** Last object read or written: the leader renews on it without a GET; the release uses it. */
    private volatile LeaseSnapshot snapshot;

    /**
     * Highest {@code leaseTransitions} seen on this Lease in this JVM, any object of its name; -1
     * before any.
     */
    private int highestTransitions = -1;

    /** Holder last reported to listeners and the log; "" before any. */
    private String reportedLeader = "";

    /** Wall time of our last successful write (acquire or renew); null before the first. */
    private Instant lastRenew;

    /** The call in flight, for error messages: get, create, update. */
    private String action = "get";

    /** Consecutive 401/403 answers, for a polling contender's backoff. */
    private int authFailures;

    /**
     * Consecutive 429/5xx answers, and the last one's Retry-After (seconds, -1: none): the pause
     * before the next call ({@link ElectionSettings#MAX_RETRY_AFTER_SECONDS}' rule).
     */
    private int pushbacks;

    private int retryAfterSeconds = -1;

    /** Kind of the last failed call; null once one succeeds. */
    private LeaseApiException.Kind lastError;

    /** After a hand-over, contend again only from this monotonic time (nanos). */
    private long restUntilNanos;

    /**
     * When this contender first found the Lease claimable (missing, free or expired), monotonic
     * nanos; -1 while another holder's lease runs. A {@link #holdBack} counts from here.
     */
    private long claimableSinceNanos = -1;

    /**
     * This watching contender's claim was answered 409 and nothing new has been seen since: another
     * replica wrote first, and the watch brings that write (it was committed before our 409 was
     * answered), so the loser waits for it instead of a GET. When the Lease expires, the N−1
     * watching followers all claim at once; this keeps the burst at N−1 requests, not 2N−3. A
     * second 409 in a row (the watch showed nothing) takes client-go's GET path.
     */
    private boolean claimConflicted;

    /**
     * How long a contender waits, once the Lease is claimable, before it claims (nanos): with
     * several Leases per JVM, the more it already leads the longer ({@link Spread}), so the least
     * loaded replica claims first. Zero for a single Lease. Set before {@link #start()}.
     */
    private volatile HoldBack holdBack = () -> 0;

    /** What {@link #liveHolder()} reads: the holder last seen, and until when its lease runs. */
    private volatile String seenHolder = "";

    private volatile long seenHolderUntilNanos;

    /** Wall time the current term began, for the published state; null while not leading. */
    private Instant leaderSince;

    // The term, shared with stop(), stepDown() and the watch thread. Guarded by this.
    /**
     * Send time (monotonic nanos) of the last successful write; the term ends at this +
     * renewDeadline.
     */
    private long lastWriteSentNanos;

    /** Our last successful write's resourceVersion, and the watch's latest one. */
    private String lastWriteVersion;

    private String lastWatchedVersion;

    /**
     * The watch has shown our last write: events arrive in resourceVersion order, so every later
     * one is newer than it. Before that, an event may be history from before our write (the watch
     * lags), which must not end a term.
     */
    private boolean lastWriteWatched;

    private volatile boolean leading;

    /** Set by {@link #stop()}: turns are inert, nothing but the release is written. */
    private volatile boolean stopping;

    /** Set by {@link #handOverNow()}: the next turn releases the Lease and rests. */
    private boolean steppingDown;

    /** Why the watch ended the term, until the elector thread reports it. */
    private String revokedBecause;

    /**
     * A graceful hand-over holds the gate shut while the calls in flight drain: grants do not reach
     * it.
     */
    private boolean gateHeld;

    /** The JVM is stopping: the hold is never lifted. */
    private boolean gateHeldForGood;

    /** Published after every turn; readers never block the elector. */
    private volatile LeadershipState state;

    private volatile Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * The one way to build an elector.
     *
     * @param watch watches of the Lease ({@link KubeLeaseClient#watchSource()} when {@code
     *     leadergate.watch}), or {@link LeaseWatchSource#NONE} to poll
     * @param gate the gate and its count of gated calls in flight ({@link GateControl#BOOTSTRAP})
     * @param events told of every decision ({@link ElectionEvents#NONE}: nobody); built for this
     *     elector's Lease
     * @param clock must share units with {@code gate} ({@link SystemClock} with {@link
     *     GateControl#BOOTSTRAP})
     */
    public LeaseElector(
            ElectionSettings settings,
            LeaseClient client,
            LeaseWatchSource watch,
            GateControl gate,
            ElectionEvents events,
            MonotonicClock clock) {
        this.settings = settings;
        this.identity = settings.identity();
        this.client = client;
        this.watch = new WatchInbox(settings, client, watch, clock, this::watched);
        this.clock = clock;
        this.gate = gate;
        this.events = ElectionEvents.all(List.of(events));
        this.errors = new LeaseErrorLog(settings);
        this.leaseDurationSeconds = (int) settings.leaseDuration().getSeconds();
        this.renewDeadlineNanos = settings.renewDeadline().toNanos();
        this.retryNanos = settings.retryPeriod().toNanos();
        this.state = LeadershipState.initial(settings, clock.now());
        this.restUntilNanos = clock.nanoTime();
    }

    /** A contender's wait before claiming a claimable Lease, nanos; read at every attempt. */
    public interface HoldBack {
        long nanos();
    }

    /** Sets the wait before claiming (see {@link #holdBack}); call before {@link #start()}. */
    public void holdBackClaimsBy(HoldBack holdBack) {
        this.holdBack = holdBack;
    }

    /**
     * The identity whose lease on this Lease runs by this JVM's clock (the expiry rule of {@link
     * #nanosUntilFree}), ours included; {@code ""} when free, expired or unknown. Never blocks.
     */
    public String liveHolder() {
        if (leading) {
            return identity;
        }
        String holder = seenHolder;
        return clock.nanoTime() - seenHolderUntilNanos < 0 ? holder : "";
    }

    /** The {@code preferredHolder} of the record last seen; null when none. Never blocks. */
    public String preferredHolder() {
        LeaseSnapshot seen = snapshot;
        return seen == null ? null : seen.record().preferredHolder();
    }

    /**
     * Asks the holder to hand this Lease over to us: one UPDATE of the last object seen with {@code
     * spec.preferredHolder} naming us (coordinated leader election's hint, which the holder honours
     * as a planned hand-over: drain, release; other contenders leave the freed Lease to us for a
     * retry period). Called by {@link Spread}'s thread; the watch brings the result. False when
     * nothing was written (no object seen, held by us or nobody, or the write failed: a 409 means
     * the object moved on, and the next round decides again).
     */
    public boolean askForHandOver() {
        LeaseSnapshot seen = snapshot;
        if (!askable(seen)) {
            return false;
        }
        try {
            LeaseSnapshot written;
            try {
                written = client.update(seen, seen.record().preferring(identity));
            } catch (LeaseApiException e) {
                if (e.kind() != LeaseApiException.Kind.CONFLICT) {
                    throw e;
                }
                // The holder renewed meanwhile: once more on the current object.
                Optional<LeaseSnapshot> current = client.get();
                if (current.isEmpty() || !askable(current.get())) {
                    return false;
                }
                written = client.update(current.get(), current.get().record().preferring(identity));
            }
            if (!identity.equals(written.record().preferredHolder())) {
                AgentLog.once(
                        "preferred-holder-dropped",
                        AgentLog.Level.WARN,
                        "the API server dropped the preferred holder from lease "
                                + settings.leaseKey()
                                + ", spec field and annotation alike: leases are spread when "
                                + "replicas claim them, but not moved to a replica that joins later");
                return false;
            }
            if (LeaseJson.specDroppedPreference(written)) {
                AgentLog.once(
                        "preferred-holder-annotation",
                        AgentLog.Level.INFO,
                        "the API server dropped spec.preferredHolder from lease "
                                + settings.leaseKey()
                                + " (the CoordinatedLeaderElection feature gate is off); hand-overs "
                                + "are asked through the annotation "
                                + LeaseJson.PREFERRED_HOLDER_ANNOTATION
                                + ", which every Leadergate holder honours the same way");
            }
            return true;
        } catch (LeaseApiException | RuntimeException e) {
            AgentLog.debug(
                    "asking for lease "
                            + settings.leaseKey()
                            + " failed ("
                            + e.getMessage()
                            + "); the spread asks again later");
            return false;
        }
    }

    /** The latest snapshot; never blocks. */
    public LeadershipState state() {
        return state;
    }

    /** Held by another identity and asked of nobody: a hand-over to us may be asked. */
    private boolean askable(LeaseSnapshot seen) {
        if (seen == null || stopping) {
            return false;
        }
        LeaseRecord r = seen.record();
        String preferred = r.preferredHolder();
        return !r.isFree() && !r.isHeldBy(identity) && (preferred == null || preferred.isEmpty());
    }

    // ---------------------------------------------------------------------------------------------
    // Run: the elector thread.

    /**
     * Starts the elector thread (and the watch's). Later calls, and calls after {@link #stop()}, do
     * nothing.
     */
    public void start() {
        if (stopped.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "leadergate-elector");
        t.setDaemon(true);
        thread = t;
        t.start();
        startWatching();
    }

    /**
     * Starts the watch thread, if watching (the elector thread relies on it from its first turn);
     * idempotent. Unit tests that drive {@link #step()} themselves call it alone.
     */
    void startWatching() {
        watch.start();
    }

    /**
     * client-go's Run: turns until stopped, then the release (ReleaseOnCancel) as the last write.
     */
    private void run() {
        AgentLog.info("electing leader of lease " + settings.leaseKey() + " as " + identity);
        try {
            while (!stopping) {
                long pauseNanos;
                try {
                    pauseNanos = step();
                } catch (Throwable t) {
                    if (stopping) {
                        break;
                    }
                    errors.unexpected(t);
                    pauseNanos = retryNanos;
                }
                try {
                    events.onTurnEnded(); // a reader's tick; the pause stays the turn's
                } catch (Throwable t) {
                    errors.unexpected(t);
                }
                // A contender's pause ends early when the watch posts a change; a leader's only
                // when the
                // watch ended its term. Interrupts end it too: only stop() means them (it sets
                // stopping first).
                watch.pause(clock, pauseNanos, !leading);
            }
        } finally {
            Thread.interrupted(); // stop()'s interrupt has ended the pause or the call; it must
            // not cut the release short
            releaseIfHeld();
        }
    }

    /**
     * One turn, then the published state; returns the pause before the next, nanos. Tests drive it.
     *
     * <ol>
     *   <li>Drain what the watch saw; report a term the watch ended.
     *   <li>After a step-down: release, rest.
     *   <li>Leading: {@link #renew()}; honour a {@code preferredHolder} naming another identity.
     *   <li>Resting after a hand-over: nothing.
     *   <li>Else {@link #acquire()}.
     * </ol>
     */
    long step() {
        List<WatchInbox.Observation> watched = watch.drain();
        String revoked = takeRevocation();
        if (revoked != null) {
            watched.forEach(this::observe); // what ended the term is the Lease as it now is
            watched = Collections.emptyList();
            reportLoss(revoked);
        }
        if (takeStepDown()) {
            return releaseAndRest();
        }
        if (leading) {
            String lost = renew();
            if (lost != null) {
                loseLeadership(lost);
            } else if (honourPreferredHolder()) {
                publish();
                return 0; // the hand-over turn (or the drain's renewals) follows at once
            }
        } else {
            watched.forEach(this::observe); // a leader trusts its own writes, not their echoes
            if (clock.nanoTime() - restUntilNanos < 0) {
                publish();
                return restUntilNanos
                        - clock.nanoTime(); // stepped down: let another replica take it
            }
            if (acquire()) {
                becomeLeader();
            }
        }
        publish();
        return leading ? renewPauseNanos() : contenderPauseNanos();
    }

    // ---------------------------------------------------------------------------------------------
    // Acquire: a contender's turn.

    /**
     * One attempt. Polling: {@link #tryAcquireOrRenew()}. Watching (the watch is live and has shown
     * us the Lease): nothing while another holder's lease runs; else one UPDATE on the watched
     * object. A 409 (someone wrote first) means the watched object is stale: the watch shows the
     * winner's write next ({@link #claimConflicted}), and only a second 409 in a row takes
     * client-go's GET path; a 404 (the Lease was deleted) takes it at once. True when the Lease now
     * names us; a failed call is logged and counts as not acquired.
     */
    private boolean acquire() {
        try {
            boolean acquired;
            if (!watching()) {
                acquired = tryAcquireOrRenew();
            } else if (nanosUntilFree(clock.nanoTime()) > 0) {
                claimableSinceNanos = -1;
                acquired = false;
            } else if (heldBack(clock.nanoTime())) {
                acquired = false;
            } else {
                acquired = claimWatched();
            }
            succeeded();
            return acquired;
        } catch (LeaseApiException e) {
            failed(e);
            return false;
        }
    }

    private boolean claimWatched() throws LeaseApiException {
        try {
            LeaseSnapshot seen = snapshot;
            action = "update";
            write(
                    seen.record().isHeldBy(identity)
                            ? ElectionEvents.Call.RENEW
                            : ElectionEvents.Call.ACQUIRE,
                    seen,
                    seen.record()
                            .claimedBy(
                                    identity,
                                    leaseDurationSeconds,
                                    clock.now(),
                                    highestTransitions));
            return true;
        } catch (LeaseApiException e) {
            if (e.kind() != LeaseApiException.Kind.CONFLICT
                    && e.kind() != LeaseApiException.Kind.NOT_FOUND) {
                throw e;
            }
            if (e.kind() == LeaseApiException.Kind.CONFLICT && !claimConflicted) {
                claimConflicted = true;
                return false; // the winner's write is on its way through the watch
            }
            claimConflicted = false;
            return tryAcquireOrRenew();
        }
    }

    /**
     * The Lease is claimable, but {@link #holdBack} says wait: true until it has been claimable for
     * that long. A planned hand-over to us ({@code preferredHolder} names us) is never held back.
     * Contenders only.
     */
    private boolean heldBack(long nowNanos) {
        if (claimableSinceNanos < 0) {
            claimableSinceNanos = nowNanos;
        }
        LeaseRecord r = observedRecord;
        if (r != null && identity.equals(r.preferredHolder())) {
            return false;
        }
        return nowNanos - claimableSinceNanos < holdBack.nanos();
    }

    /** What is left of the hold-back, nanos; 0 when none. */
    private long heldBackNanos(long nowNanos) {
        if (claimableSinceNanos < 0) {
            return 0;
        }
        return Math.max(0, claimableSinceNanos + holdBack.nanos() - nowNanos);
    }

    /** The watch is live and has shown us the Lease: no GET needed to judge it. */
    private boolean watching() {
        return watch.isLive() && snapshot != null;
    }

    /**
     * A contender's pause, nanos. Watching, with the last call answered: until another holder's
     * lease would expire (the local expiry timer; the watch wakes us earlier for any change).
     * Otherwise client-go's jittered retry period, × 2, 4, 8 after consecutive 401/403 (a
     * configuration problem does not fix itself every two seconds), and after a 429/5xx the
     * jittered pushback wait ({@link ElectionSettings#MAX_RETRY_AFTER_SECONDS}).
     */
    private long contenderPauseNanos() {
        if (watching() && lastError == null) {
            long untilFree = nanosUntilFree(clock.nanoTime());
            if (untilFree > 0) {
                return untilFree;
            }
            long heldBack = heldBackNanos(clock.nanoTime());
            if (heldBack > 0) {
                return heldBack;
            }
        }
        long base =
                pushbacks > 0
                        ? settings.pushbackNanos(pushbacks, retryAfterSeconds, false)
                        : authFailures == 0 ? retryNanos : settings.backoffNanos(authFailures);
        // client-go's wait.Jitter(d, JitterFactor) = d + rand × 1.2 × d
        return (long)
                (base
                        * (1.0
                                + ElectionSettings.JITTER_FACTOR
                                        * ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * The expiry rule, client-go's {@code isLeaseValid}: nanos from {@code nowNanos} until another
     * holder's lease expires, observed time + the record's own {@code leaseDurationSeconds}. A free
     * record whose {@code preferredHolder} names someone else is left to that one for a retry
     * period from its observation (a planned hand-over gets the first chance). 0 when it is free,
     * ours, expired or unknown. The record's timestamps are never compared with a clock.
     */
    private long nanosUntilFree(long nowNanos) {
        LeaseRecord r = observedRecord;
        if (r == null || r.isHeldBy(identity)) {
            return 0;
        }
        if (r.isFree()) {
            return r.preferredOtherThan(identity) == null
                    ? 0
                    : Math.max(0, observedAtNanos + retryNanos - nowNanos);
        }
        long durationNanos = TimeUnit.SECONDS.toNanos(Math.max(0, r.leaseDurationSeconds()));
        return Math.max(0, observedAtNanos + durationNanos - nowNanos);
    }

    // ---------------------------------------------------------------------------------------------
    // tryAcquireOrRenew: client-go's GET path, for contenders and for a leader whose fast renew
    // failed.

    /** True when the Lease now names us. */
    private boolean tryAcquireOrRenew() throws LeaseApiException {
        // 1. GET the Lease.
        action = "get";
        Optional<LeaseSnapshot> current = get();
        Instant now = clock.now();
        // 2. Missing: create it, our term counting on from every term seen (the fencing token);
        // a contender first waits out its hold-back.
        if (current.isEmpty()) {
            if (!leading && heldBack(clock.nanoTime())) {
                return false;
            }
            action = "create";
            refuseOnceStopping();
            long sentNanos = clock.nanoTime();
            written(
                    null,
                    call(
                            ElectionEvents.Call.CREATE,
                            () ->
                                    client.create(
                                            LeaseRecord.newTerm(
                                                    identity,
                                                    leaseDurationSeconds,
                                                    now,
                                                    highestTransitions + 1,
                                                    null))),
                    sentNanos);
            return true;
        }
        // 3. Note the record, and the local time, if it changed.
        LeaseSnapshot seen = current.get();
        snapshot = seen;
        read(seen.record(), clock.nanoTime());
        // 4. Another holder's lease has not expired by our clock: back off. Claimable: a
        // contender first waits out its hold-back.
        if (nanosUntilFree(clock.nanoTime()) > 0) {
            claimableSinceNanos = -1;
            return false;
        }
        if (!leading && !seen.record().isHeldBy(identity) && heldBack(clock.nanoTime())) {
            return false;
        }
        // 5. UPDATE with the read resourceVersion: a renewal if it names us, else a new term.
        action = "update";
        write(
                seen.record().isHeldBy(identity)
                        ? ElectionEvents.Call.RENEW
                        : ElectionEvents.Call.ACQUIRE,
                seen,
                seen.record().claimedBy(identity, leaseDurationSeconds, now, highestTransitions));
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Renew: a leader's turn.

    /**
     * Fast path: one UPDATE on the cached object, no GET; on any failure, {@link
     * #tryAcquireOrRenew()}. Each success extends the term (and so the gate) from the write's send
     * time. The turn wakes at the term's end to report a loss, though the gate has closed by then
     * on its own.
     *
     * @return why leadership is lost, for the log; null while the term goes on
     */
    private String renew() {
        try {
            LeaseSnapshot base = snapshot;
            action = "update";
            write(
                    ElectionEvents.Call.RENEW,
                    base,
                    base.record().renewed(leaseDurationSeconds, clock.now()));
            succeeded();
            extendTerm(false);
        } catch (LeaseApiException e) {
            failed(e);
            // A server that shed the call or failed it gets no second call this turn.
            if (!e.isPushback()) {
                try {
                    if (!tryAcquireOrRenew()) {
                        return "lease is held by "
                                + AgentLog.escape(observedRecord.holderIdentity());
                    }
                    succeeded();
                    extendTerm(true);
                } catch (LeaseApiException again) {
                    failed(again);
                }
            }
        }
        if (termEndedAt(clock.nanoTime())) {
            return "no successful renew within " + settings.renewDeadline().toMillis() + " ms";
        }
        return null;
    }

    /**
     * A leader's pause, nanos: a retry period, cut short by the term's end (to report the loss);
     * after a 429/5xx the server's wait, cut to leave a renewal before the term's end ({@link
     * ElectionSettings#MAX_RETRY_AFTER_SECONDS}).
     */
    private long renewPauseNanos() {
        long untilTermEnd = lastWriteSentNanos + renewDeadlineNanos - clock.nanoTime();
        if (pushbacks > 0) {
            return settings.leaderPushbackPauseNanos(
                    settings.pushbackNanos(pushbacks, retryAfterSeconds, true), untilTermEnd);
        }
        return Math.max(0, Math.min(retryNanos, untilTermEnd));
    }

    private boolean termEndedAt(long nowNanos) {
        return nowNanos - (lastWriteSentNanos + renewDeadlineNanos) >= 0;
    }

    /**
     * {@code spec.preferredHolder} (coordinated leader election; {@code kubectl patch}) names
     * another identity in the record we hold: hand over as on a step-down, drain included. True
     * when a hand-over began on this turn.
     */
    private boolean honourPreferredHolder() {
        String preferred =
                observedRecord == null ? null : observedRecord.preferredOtherThan(identity);
        if (preferred == null || stopped.get() || !stepDown()) {
            return false;
        }
        AgentLog.info(
                "lease "
                        + settings.leaseKey()
                        + " names preferred holder "
                        + AgentLog.escape(preferred)
                        + ": handing over to it as on a step-down");
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // The calls' bookkeeping: writes, what they and the watch showed us, failures.

    /**
     * UPDATE {@code base} to {@code next}; on success it is the new observed record, and the term
     * counts from the send time, read just before the request went out.
     */
    private void write(ElectionEvents.Call kind, LeaseSnapshot base, LeaseRecord next)
            throws LeaseApiException {
        refuseOnceStopping();
        long sentNanos = clock.nanoTime();
        written(base, call(kind, () -> client.update(base, next)), sentNanos);
    }

    /** One Lease API call, told to the events with its round trip and outcome. */
    private <T> T call(ElectionEvents.Call kind, LeaseCall<T> body) throws LeaseApiException {
        long startNanos = clock.nanoTime();
        try {
            T result = body.send();
            events.onCall(kind, clock.nanoTime() - startNanos, null);
            return result;
        } catch (LeaseApiException e) {
            events.onCall(kind, clock.nanoTime() - startNanos, e.kind());
            throw e;
        }
    }

    private Optional<LeaseSnapshot> get() throws LeaseApiException {
        return call(ElectionEvents.Call.GET, client::get);
    }

    private interface LeaseCall<T> {
        T send() throws LeaseApiException;
    }

    /**
     * Once stopping, no acquire or renew is sent: the release, which the elector thread sends after
     * this turn, must be the last write (a renew answered 409 after a release would otherwise claim
     * the Lease again for a JVM that is going away).
     */
    private void refuseOnceStopping() throws LeaseApiException {
        if (stopping) {
            throw new LeaseApiException(
                    0, LeaseApiException.Kind.OTHER, "stopping: no write after the release", null);
        }
    }

    /**
     * Our write on {@code base} (null: a create) succeeded. An UPDATE answered with {@code base}'s
     * resourceVersion unchanged wrote nothing another replica could see (a no-op write), so it
     * counts as a failed call and extends nothing: others judge our lease by changes they observe.
     */
    private void written(LeaseSnapshot base, LeaseSnapshot result, long sentNanos)
            throws LeaseApiException {
        if (base != null
                && base.resourceVersion() != null
                && base.resourceVersion().equals(result.resourceVersion())) {
            throw new LeaseApiException(
                    200,
                    LeaseApiException.Kind.OTHER,
                    "the API server answered 200 with "
                            + "resourceVersion "
                            + result.resourceVersion()
                            + " unchanged: nothing was written, "
                            + "so other replicas saw no renewal",
                    null);
        }
        snapshot = result;
        observedRecord = result.record();
        observedAtNanos = clock.nanoTime();
        highestTransitions = Math.max(highestTransitions, result.record().leaseTransitions());
        noteHolder();
        recordWrite(sentNanos, result.resourceVersion());
        lastRenew = clock.now();
        reportLeader(result.record().holderIdentity());
    }

    /** A record read from the server: remembered, with {@code nowNanos}, only if it changed. */
    private void read(LeaseRecord seen, long nowNanos) {
        if (!seen.equals(observedRecord)) {
            observedRecord = seen;
            observedAtNanos = nowNanos;
            claimConflicted = false;
            noteHolder();
        }
        highestTransitions = Math.max(highestTransitions, seen.leaseTransitions());
        reportLeader(seen.holderIdentity());
    }

    /** Publishes the observed holder and its expiry for {@link #liveHolder()}. */
    private void noteHolder() {
        LeaseRecord r = observedRecord;
        seenHolderUntilNanos =
                observedAtNanos + TimeUnit.SECONDS.toNanos(Math.max(0, r.leaseDurationSeconds()));
        seenHolder = r.holderIdentity();
    }

    /** A state the watch saw: observed like a GET's answer, from its time of receipt. */
    private void observe(WatchInbox.Observation seen) {
        snapshot = seen.snapshot; // null: deleted; the next attempt GETs and creates
        if (seen.snapshot != null) {
            read(seen.snapshot.record(), seen.receivedAtNanos);
        }
    }

    private void succeeded() {
        errors.recovered();
        lastError = null;
        authFailures = 0;
        pushbacks = 0;
        retryAfterSeconds = -1;
    }

    /**
     * A call failed: logged once per condition and kept for the published state, unless stopping.
     */
    private void failed(LeaseApiException e) {
        if (stopping) {
            return; // stop() interrupted the call; not an operator's concern
        }
        errors.failed(action, e);
        lastError = e.kind();
        boolean auth =
                e.kind() == LeaseApiException.Kind.FORBIDDEN
                        || e.kind() == LeaseApiException.Kind.UNAUTHORIZED;
        authFailures = auth ? authFailures + 1 : 0;
        pushbacks = e.isPushback() ? pushbacks + 1 : 0;
        retryAfterSeconds = e.isPushback() ? e.retryAfterSeconds() : -1;
    }

    /** client-go's maybeReportTransition: log and tell listeners when the holder changes. */
    private void reportLeader(String holder) {
        if (holder.equals(reportedLeader)) {
            return;
        }
        reportedLeader = holder;
        if (holder.isEmpty()) {
            return; // released: "no leader" is not a new leader
        }
        if (!holder.equals(identity)) {
            AgentLog.info(
                    "new leader is "
                            + AgentLog.escape(holder)
                            + " (lease "
                            + settings.leaseKey()
                            + ")");
        }
        events.onNewLeader(holder);
    }

    // ---------------------------------------------------------------------------------------------
    // The term: begins, extends, ends. Under this object's lock, which every grant, hold and revoke
    // takes, so that no grant follows a stop, a step-down, a hold or the watch's revocation.

    /**
     * A write that names us succeeded; it was sent at {@code sentNanos} and made {@code
     * resourceVersion}.
     */
    private synchronized void recordWrite(long sentNanos, String resourceVersion) {
        lastWriteSentNanos = sentNanos;
        lastWriteVersion = resourceVersion;
        lastWriteWatched = resourceVersion != null && resourceVersion.equals(lastWatchedVersion);
    }

    /**
     * Our write named us: grant, then log, publish, report. Nothing once stopping (the release
     * follows).
     */
    private void becomeLeader() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            leading = true;
            grant(lastWriteSentNanos + renewDeadlineNanos);
        }
        claimableSinceNanos = -1;
        leaderSince = clock.now();
        AgentLog.info(
                "became leader of lease "
                        + settings.leaseKey()
                        + " as "
                        + identity
                        + " (transitions "
                        + observedRecord.leaseTransitions()
                        + ")");
        publish();
        events.onStartedLeading(state);
    }

    /**
     * A renewal succeeded ({@code slowPath}: after a GET): the gate stays open until the new term
     * end (while leading, not stopping); then the event.
     */
    private void extendTerm(boolean slowPath) {
        synchronized (this) {
            if (!leading || stopping) {
                return;
            }
            grant(lastWriteSentNanos + renewDeadlineNanos);
        }
        events.onRenewed(slowPath);
    }

    /** The term ended ({@code why}, for the log): revoke, then report. Nothing when not leading. */
    private void loseLeadership(String why) {
        synchronized (this) {
            if (!leading) {
                return;
            }
            leading = false;
            gate.revoke();
        }
        reportLoss(why);
    }

    /** The gate is closed already; now the log line, the published state and the listeners. */
    private void reportLoss(String why) {
        leaderSince = null;
        AgentLog.info("lost leadership of lease " + settings.leaseKey() + ": " + why);
        publish();
        events.onStoppedLeading(state, why);
    }

    /**
     * Watch thread, for every state the watch saw ({@code seen} null: deleted), before the
     * elector's turn. While leading, once our last write has been watched, a delete or a record
     * naming another holder ends the term at once: the gate closes now, not at the next renewal
     * (client-go notices only then). The elector thread is woken and reports it ({@link
     * #takeRevocation()}).
     *
     * @return true when the term ended: wake the elector
     */
    private synchronized boolean watched(LeaseSnapshot seen) {
        if (seen != null && seen.resourceVersion() != null) {
            lastWatchedVersion = seen.resourceVersion();
            if (seen.resourceVersion().equals(lastWriteVersion)) {
                lastWriteWatched = true;
                return false; // the echo of our own write
            }
        }
        if (!leading || stopping || !lastWriteWatched) {
            return false;
        }
        if (seen == null) {
            revokedBecause = "the watch shows the lease deleted";
        } else if (!seen.record().isFree() && !seen.record().isHeldBy(identity)) {
            revokedBecause =
                    "the watch shows the lease held by "
                            + AgentLog.escape(seen.record().holderIdentity());
        } else {
            return false;
        }
        leading = false;
        gate.revoke();
        return true;
    }

    private synchronized String takeRevocation() {
        String why = revokedBecause;
        revokedBecause = null;
        return why;
    }

    /** The gate, unless a graceful hand-over holds it shut. Under this object's lock. */
    private void grant(long deadlineNanos) {
        if (!gateHeld) {
            gate.grantUntil(deadlineNanos);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Step down and stop: graceful hand-overs. Hold the gate shut, drain the gated calls in flight
    // while the elector thread keeps renewing, then release. client-go has no counterpart: its
    // ReleaseOnCancel releases as soon as the context is cancelled, whatever callbacks still run.

    /**
     * Planned hand-over (maintenance; JMX; a {@code preferredHolder} naming another identity):
     * closes the gate at once; once no admitted gated call is running (waited for on a {@code
     * leadergate-step-down} thread, renewing meanwhile, at most the drain bound), the elector
     * thread's next turn releases the Lease, then rests at least one lease duration before
     * contending again, so another replica takes over. The elector keeps running. When calls still
     * run after the drain bound, the step-down is abandoned with one warning: this replica leads on
     * and its gate reopens at the next renewal.
     *
     * @return false, and nothing happens, when this replica is not leading, is stopped, or is
     *     already stepping down
     */
    public boolean stepDown() {
        if (stopped.get() || !leading || !holdGate()) {
            return false;
        }
        if (gate.inFlight() <= 0) {
            return handOverNow();
        }
        Thread drainer =
                new Thread(
                        () -> {
                            if (drained("stepping down")) {
                                handOverNow();
                                return;
                            }
                            boolean stillLeading = leading;
                            // Not resumed once stop() holds the gate for good: it drains (and
                            // releases) by itself.
                            if (resumeGate() && stillLeading) {
                                AgentLog.warn(
                                        "step-down from lease "
                                                + settings.leaseKey()
                                                + " abandoned: "
                                                + describe(gate.inFlight())
                                                + " still running after "
                                                + settings.drainBound().toMillis()
                                                + " ms (leadergate.shutdown.drain); "
                                                + "still leading, gated calls run again from the next renewal");
                            }
                        },
                        "leadergate-step-down");
        drainer.setDaemon(true);
        drainer.start();
        return true;
    }

    /**
     * Gate held, nothing in flight: end the term (the next turn releases) and lift the hold, which
     * a replica no longer leading needs no more: nothing is granted before a new term.
     */
    private boolean handOverNow() {
        boolean handedOver;
        synchronized (this) {
            handedOver = leading && !stopping;
            if (handedOver) {
                leading = false;
                steppingDown = true;
                gate.revoke();
            }
        }
        resumeGate();
        return handedOver;
    }

    private synchronized boolean takeStepDown() {
        boolean requested = steppingDown && !stopping;
        steppingDown = false;
        return requested;
    }

    /**
     * The turn after a step-down (gate already closed): release the Lease if the last record names
     * us, report the loss, and pause one lease duration, so that contenders, which poll every retry
     * period, take the freed Lease before we contend again.
     */
    private long releaseAndRest() {
        releaseIfHeld();
        leaderSince = null;
        restUntilNanos = clock.nanoTime() + settings.leaseDuration().toNanos();
        AgentLog.info(
                "stepped down from lease "
                        + settings.leaseKey()
                        + "; contending again in "
                        + settings.leaseDuration().getSeconds()
                        + " s");
        publish();
        events.onStoppedLeading(state, "stepped down");
        return settings.leaseDuration().toNanos();
    }

    /**
     * Graceful stop, from the agent's shutdown hook: closes the gate for good; if leading, waits
     * for the gated calls in flight (renewing meanwhile, at most the drain bound); then stops the
     * elector thread, which, after the call it may have in flight, releases the Lease if the last
     * record names us and no gated call runs (a successor may acquire the moment the release
     * lands).
     *
     * <p>When calls are still running after the drain bound, one warning, and the elector goes on
     * renewing with the gate shut until the JVM halts: no successor can start while they may run,
     * and the Lease expires one lease duration after the JVM is gone. Idempotent; returns within
     * the drain bound plus 2 × the release budget (the call in flight, then the release).
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        holdGateForGood();
        if (!drained("stopping") && leading) {
            AgentLog.warn(
                    describe(gate.inFlight())
                            + " still running after "
                            + settings.drainBound().toMillis()
                            + " ms (leadergate.shutdown.drain): keeping lease "
                            + settings.leaseKey()
                            + " until this JVM exits, which ends them; other replicas take over when it expires, "
                            + settings.leaseDuration().getSeconds()
                            + " s later (for calls that may outlive leadership: "
                            + "leadergate.on.loss, fencing tokens)");
            return; // keep renewing, gate shut, until the JVM halts
        }
        boolean wasLeading;
        synchronized (this) {
            stopping = true;
            wasLeading =
                    leading || steppingDown; // a pending step-down has not reported its loss yet
            leading = false;
            steppingDown = false;
            gate.revoke();
        }
        try {
            watch.stop();
        } catch (RuntimeException | Error failure) {
            // Closing a watch stream must never cost the release: a successor would wait for
            // expiry.
            AgentLog.debug("stopping the Lease watch failed: " + failure);
        }
        Thread t = thread;
        if (t == null) {
            releaseIfHeld(); // never started: no other thread can write
        } else if (t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(
                        2
                                * settings.releaseBudget()
                                        .toMillis()); // the call in flight, then the release
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                AgentLog.warn(
                        "lease "
                                + settings.leaseKey()
                                + ": an API call was still in flight after "
                                + settings.releaseBudget().toMillis()
                                + " ms; the release follows it if this JVM lives "
                                + "that long, else other replicas take over once the lease expires ("
                                + settings.leaseDuration()
                                + ")");
            }
        }
        LeadershipState last = state;
        state =
                new LeadershipState(
                        false,
                        identity,
                        last.holderIdentity(),
                        last.leaseKey(),
                        last.leaseTransitions(),
                        null,
                        last.lastRenew(),
                        last.lastError(),
                        clock.now());
        if (wasLeading) {
            events.onStoppedLeading(state, "stopped");
        }
    }

    /** Closes the gate and keeps it closed; false, and nothing changes, when it is held already. */
    private synchronized boolean holdGate() {
        if (gateHeld) {
            return false;
        }
        gateHeld = true;
        gate.revoke();
        return true;
    }

    /** As {@link #holdGate()}, for the JVM's shutdown: never lifted. */
    private synchronized void holdGateForGood() {
        gateHeld = true;
        gateHeldForGood = true;
        gate.revoke();
    }

    /** Lets grants through again (the next renewal reopens the gate); false once held for good. */
    private synchronized boolean resumeGate() {
        if (gateHeldForGood) {
            return false;
        }
        gateHeld = false;
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Drain and release.

    /**
     * The drain: waits, the gate already held shut, until none of our admitted gated calls is still
     * running, the drain bound passes, or leadership is lost (waiting for a release that must not
     * happen is pointless). The elector thread keeps renewing meanwhile, so the bound is {@code
     * leadergate.shutdown.drain}, not the lease duration. Logs the wait, when there is one, and its
     * end.
     *
     * @param why what is handing over, for the log: "stopping", "stepping down"
     * @return true when no admitted gated call is running
     */
    private boolean drained(String why) {
        long running = gate.inFlight();
        if (running <= 0) {
            return true;
        }
        if (settings.drainBound().isZero() || !leading) {
            return false;
        }
        long startNanos = clock.nanoTime();
        long endNanos = startNanos + settings.drainBound().toNanos();
        AgentLog.info(
                why
                        + ": waiting up to "
                        + settings.drainBound().toMillis()
                        + " ms for "
                        + describe(running)
                        + " to finish before releasing lease "
                        + settings.leaseKey()
                        + " (renewing it meanwhile; new gated calls are skipped)");
        while (true) {
            long left = endNanos - clock.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                clock.sleepNanos(Math.min(ElectionSettings.DRAIN_POLL.toNanos(), left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return gate.inFlight() <= 0;
            }
            if (gate.inFlight() <= 0) {
                AgentLog.info(
                        why
                                + ": the gated calls in flight finished after "
                                + TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - startNanos)
                                + " ms");
                return true;
            }
            if (!leading) {
                return false;
            }
        }
    }

    /**
     * client-go's ReleaseOnCancel, when the last record names us: holder {@code ""}, duration 1 s,
     * acquire and renew time now, transitions (and a preferred holder) kept. The caller has closed
     * the gate: from the moment the release lands, another replica may acquire. So nothing is
     * released while an admitted gated call still runs (the Lease is left to expire), and the
     * release runs on its own daemon thread, abandoned after the release budget.
     */
    private void releaseIfHeld() {
        LeaseSnapshot held = snapshot;
        if (held == null || !held.record().isHeldBy(identity)) {
            return;
        }
        long running = gate.inFlight();
        if (running > 0) {
            AgentLog.warn(
                    "not releasing lease "
                            + settings.leaseKey()
                            + ": "
                            + describe(running)
                            + " still running; other replicas take over once it expires ("
                            + settings.leaseDuration()
                            + " after the last renewal)");
            return;
        }
        long budgetMillis = settings.releaseBudget().toMillis();
        Thread releaser = new Thread(() -> release(held), "leadergate-release");
        releaser.setDaemon(true);
        releaser.start();
        try {
            releaser.join(budgetMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (releaser.isAlive()) {
            releaser.interrupt();
            AgentLog.warn(
                    "release of lease "
                            + settings.leaseKey()
                            + " did not finish within "
                            + budgetMillis
                            + " ms; other replicas take over once it expires ("
                            + settings.leaseDuration()
                            + ")");
        }
    }

    private void release(LeaseSnapshot held) {
        try {
            try {
                call(
                        ElectionEvents.Call.RELEASE,
                        () -> client.update(held, held.record().released(clock.now())));
            } catch (LeaseApiException e) {
                if (e.kind() != LeaseApiException.Kind.CONFLICT) {
                    throw e;
                }
                // Someone touched the object since our last write: read again, release if still
                // ours.
                Optional<LeaseSnapshot> current = get();
                if (current.isEmpty() || !current.get().record().isHeldBy(identity)) {
                    return; // someone else holds it, or it is gone: nothing of ours to release
                }
                LeaseSnapshot base = current.get();
                call(
                        ElectionEvents.Call.RELEASE,
                        () -> client.update(base, base.record().released(clock.now())));
            }
            AgentLog.info("released lease " + settings.leaseKey());
            events.onReleased();
        } catch (LeaseApiException e) {
            AgentLog.warn(
                    "could not release lease "
                            + settings.leaseKey()
                            + " ("
                            + e.getMessage()
                            + "); other replicas take over once it expires ("
                            + settings.leaseDuration()
                            + ")");
        } catch (RuntimeException e) {
            AgentLog.warn("could not release lease " + settings.leaseKey() + ": " + e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Publishing.

    private void publish() {
        if (stopping) {
            return; // stop() publishes the final state
        }
        LeaseRecord r = observedRecord;
        boolean isLeading = leading;
        state =
                new LeadershipState(
                        isLeading,
                        identity,
                        r == null ? "" : r.holderIdentity(),
                        settings.leaseKey(),
                        r == null ? 0 : r.leaseTransitions(),
                        isLeading ? leaderSince : null,
                        lastRenew,
                        lastError,
                        clock.now());
    }

    /** "1 gated call", "3 gated calls". */
    private static String describe(long running) {
        return running + (running == 1 ? " gated call" : " gated calls");
    }
}
