package io.leadergate.agent.instrument;

import io.leadergate.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's only registered {@link ClassFileTransformer}, installed by {@code premain} in a few
 * milliseconds while Byte Buddy's transformer is built on a background thread. Every class passes
 * the byte-level {@link ClassFileCandidates} test; only candidates go on to Byte Buddy.
 *
 * <p>Invariant: no candidate loads unexamined while the instrumentation is being built. A candidate
 * that arrives before Byte Buddy's transformer is {@linkplain #handOver handed over} waits for it
 * on the loading thread, up to {@code maxWaitNanos}; so a gated method can never run unguarded in
 * the first moments of {@code main}. Only if the build outlives that bound (or fails) do classes
 * load as they are: after a bound, they are {@linkplain #loadedUnexamined remembered} and
 * retransformed once Byte Buddy is ready; after a failure nothing is gated, as the error log says.
 *
 * <p>The installing thread never waits for itself; a candidate it loads is remembered and
 * retransformed the same way. Nothing here throws into the class loading thread.
 */
public final class CandidateTransformer implements ClassFileTransformer {

    private final ClassFileCandidates candidates;
    private final long maxWaitNanos;
    private final CountDownLatch settled = new CountDownLatch(1);
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong waitedNanos = new AtomicLong();
    private final Queue<Unexamined> unexamined = new ConcurrentLinkedQueue<>();
    private volatile ClassFileTransformer byteBuddy;
    private volatile boolean stopWaiting;
    private volatile boolean abandoned;
    private volatile Thread installer;

    public CandidateTransformer(ClassFileCandidates candidates, long maxWaitNanos) {
        this.candidates = candidates;
        this.maxWaitNanos = maxWaitNanos;
    }

    /** The thread that builds Byte Buddy's transformer: it must never wait for itself. */
    public void installingOn(Thread thread) {
        this.installer = thread;
    }

    /** Byte Buddy's transformer is ready: waiting candidates, and all later ones, go to it. */
    void handOver(ClassFileTransformer transformer) {
        byteBuddy = transformer;
        settled.countDown();
    }

    /** The instrumentation could not be built: nothing waits any more, classes load as they are. */
    public void abandon() {
        abandoned = true;
        stopWaiting = true;
        unexamined.clear();
        settled.countDown();
    }

    /** Whether Byte Buddy's transformer has been handed over. */
    public boolean handedOver() {
        return byteBuddy != null;
    }

    /**
     * Candidates that had to wait for the instrumentation, and how long in total (nanos), for the
     * debug log.
     */
    public String waitSummary() {
        return waits.get()
                + " classes waited "
                + TimeUnit.NANOSECONDS.toMillis(waitedNanos.get())
                + " ms in total";
    }

    @Override
    public byte[] transform(
            Module module,
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classFile) {
        try {
            if (className == null || !candidates.mayMatch(loader, className, classFile)) {
                return null;
            }
            ClassFileTransformer target = awaitByteBuddy(className);
            if (target == null) {
                if (classBeingRedefined == null && !abandoned) {
                    unexamined.add(new Unexamined(loader, className));
                }
                return null;
            }
            return target.transform(
                    module, loader, className, classBeingRedefined, protectionDomain, classFile);
        } catch (Throwable unexpected) {
            AgentLog.once(
                    "candidate-transformer",
                    AgentLog.Level.WARN,
                    "could not examine "
                            + className
                            + " ("
                            + unexpected
                            + "); if it declares gated methods, they are NOT gated");
            return null;
        }
    }

    /**
     * The classes among {@code loaded} that are candidates which loaded before Byte Buddy's
     * transformer was there and did not wait for it (the installer's own, or after the wait bound):
     * they need retransformation. Called once, after the hand-over; forgets them.
     */
    List<Class<?>> loadedUnexamined(Class<?>[] loaded) {
        List<Class<?>> found = new ArrayList<>();
        for (Unexamined missed; (missed = unexamined.poll()) != null; ) {
            for (Class<?> type : loaded) {
                if (type.getClassLoader() == missed.loader
                        && type.getName().equals(missed.internalName.replace('/', '.'))) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    /** A candidate that loaded without Byte Buddy: its loader (null: bootstrap) and name. */
    private static final class Unexamined {
        final ClassLoader loader;
        final String internalName;

        Unexamined(ClassLoader loader, String internalName) {
            this.loader = loader;
            this.internalName = internalName;
        }
    }

    /** Byte Buddy's transformer, waiting for it if need be; null if it is not there after all. */
    private ClassFileTransformer awaitByteBuddy(String className) {
        ClassFileTransformer ready = byteBuddy;
        if (ready != null || stopWaiting || Thread.currentThread() == installer) {
            return ready;
        }
        long started = System.nanoTime();
        boolean interrupted = false;
        boolean inTime = false;
        long remaining = maxWaitNanos;
        while (remaining > 0 && !inTime) {
            try {
                inTime = settled.await(remaining, TimeUnit.NANOSECONDS);
            } catch (InterruptedException interrupt) {
                interrupted =
                        true; // class loading must not fail for it: keep waiting, restore it after
            }
            remaining = maxWaitNanos - (System.nanoTime() - started);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        waits.incrementAndGet();
        waitedNanos.addAndGet(System.nanoTime() - started);
        if (!inTime) {
            stopWaiting = true;
            AgentLog.once(
                    "instrumentation-late",
                    AgentLog.Level.ERROR,
                    "the instrumentation is not ready after "
                            + TimeUnit.NANOSECONDS.toSeconds(maxWaitNanos)
                            + " s, so "
                            + className.replace('/', '.')
                            + " and the classes after it load without waiting: their gated methods run ungated on every "
                            + "replica until the instrumentation is ready and retransforms them");
        }
        return byteBuddy;
    }
}
