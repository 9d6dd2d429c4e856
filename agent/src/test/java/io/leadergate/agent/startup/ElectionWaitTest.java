package io.leadergate.agent.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.agent.startup.ElectionWait.Start;
import io.leadergate.testsupport.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link ElectionWait} on virtual time: each park advances the clock by what it was
 * asked for (or less, when the script has something happen sooner), so every test is exact and
 * instant.
 */
class ElectionWaitTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * An application that loads a class every {@code loadEveryNanos} until {@code loadsUntil} (from
     * the first gated class) and whose first gated call comes at {@code callAt} (or never: -1).
     */
    private static final class ScriptedStartUp extends ElectionWait {

        final ManualClock clock;
        final long first;
        final long loadEveryNanos;
        final long loadsUntil;
        final long callAt;
        long lastLoad;
        final List<Long> parks = new ArrayList<>();

        ScriptedStartUp(ManualClock clock, long loadEveryNanos, long loadsUntil, long callAt) {
            super(clock.nanoTime());
            this.clock = clock;
            this.first = clock.nanoTime();
            this.loadEveryNanos = loadEveryNanos;
            this.loadsUntil = loadsUntil;
            this.callAt = callAt;
            this.lastLoad = first;
        }

        @Override
        long nanoTime() {
            return clock.nanoTime();
        }

        @Override
        long lastClassLoadNanos() {
            return lastLoad;
        }

        @Override
        boolean leadershipWanted() {
            return callAt >= 0 && elapsed() >= callAt;
        }

        /** Time passes up to the next scripted event, which then happens. */
        @Override
        void park(long nanos) {
            parks.add(nanos);
            long target = elapsed() + nanos;
            long nextLoad = (elapsed() / loadEveryNanos + 1) * loadEveryNanos;
            boolean loads = nextLoad <= loadsUntil && nextLoad < target;
            if (loads) {
                target = nextLoad;
            }
            if (callAt >= 0 && callAt > elapsed() && callAt < target) {
                target = callAt; // the refused call unparks the waiter
            }
            clock.advanceNanos(target - elapsed());
            if (loads && elapsed() == nextLoad) {
                lastLoad = clock.nanoTime();
            }
        }

        long elapsed() {
            return clock.nanoTime() - first;
        }

        long sinceLastLoad() {
            return clock.nanoTime() - lastLoad;
        }
    }

    @Test
    void startsOnceNoApplicationClassLoadedForTheQuietPeriod() {
        ManualClock clock = new ManualClock();
        // A start that loads a class every 40 ms for 1.2 s, then nothing; no gated call.
        ScriptedStartUp app = new ScriptedStartUp(clock, 40 * MS, 1200 * MS, -1);

        assertEquals(Start.SETTLED, app.await());
        assertEquals(1200 * MS, app.lastLoad - app.first, "it waited for the last load");
        assertEquals(ElectionWait.QUIET_NANOS, app.sinceLastLoad(), "and began one quiet later");
        // Parked, never spun: about one park per class load, each until the next possible start.
        assertTrue(app.parks.size() <= 1200 / 40 + 2, app.parks.toString());
        assertTrue(app.parks.stream().allMatch(n -> n > 0), app.parks.toString());
    }

    @Test
    void startsAtTheFirstRefusedCallWithoutWaitingForQuiet() {
        ManualClock clock = new ManualClock();
        // Loading a class every 10 ms for 3 s, its first gated call 300 ms in.
        ScriptedStartUp app = new ScriptedStartUp(clock, 10 * MS, 3000 * MS, 300 * MS);

        assertEquals(Start.GATED_CALL, app.await());
        assertEquals(300 * MS, app.elapsed());
        assertTrue(app.sinceLastLoad() < ElectionWait.QUIET_NANOS, "still loading classes");
    }

    @Test
    void aCallRefusedBeforeTheWaitBeganStartsItWithoutParking() {
        ManualClock clock = new ManualClock();
        ScriptedStartUp app = new ScriptedStartUp(clock, 10 * MS, 3000 * MS, 0);

        assertEquals(Start.GATED_CALL, app.await());
        assertEquals(List.of(), app.parks);
    }

    @Test
    void startsAtTheCapWhenClassesNeverStopLoading() {
        ManualClock clock = new ManualClock();
        ScriptedStartUp app = new ScriptedStartUp(clock, 50 * MS, Long.MAX_VALUE, -1);

        assertEquals(Start.CAP, app.await());
        assertEquals(ElectionWait.CAP_NANOS, app.elapsed());
        assertTrue(app.parks.size() <= ElectionWait.CAP_NANOS / (50 * MS) + 2);
    }

    @Test
    void nothingHoldsBeforeItsTime() {
        long first = 1_000 * MS;
        ElectionWait wait = new ElectionWait(first);
        long last = first + 30 * MS;

        assertNull(wait.due(last + ElectionWait.QUIET_NANOS - 1, last), "not yet quiet");
        assertEquals(Start.SETTLED, wait.due(last + ElectionWait.QUIET_NANOS, last));
        assertEquals(ElectionWait.QUIET_NANOS, wait.nanosUntilDue(last, last));
        // A class load recorded before the first gated class does not shorten the quiet period.
        assertNull(wait.due(first + ElectionWait.QUIET_NANOS - 1, first - 500 * MS));
        assertEquals(Start.SETTLED, wait.due(first + ElectionWait.QUIET_NANOS, first - 500 * MS));
        // Loading just before the cap: the cap, not the quiet, is next.
        long busy = first + ElectionWait.CAP_NANOS - MS;
        assertNull(wait.due(busy, busy));
        assertEquals(MS, wait.nanosUntilDue(busy, busy));
        assertEquals(Start.CAP, wait.due(first + ElectionWait.CAP_NANOS, busy + MS));
    }

    @Test
    void nanoTimeWrapsAroundWithoutConfusingTheRule() {
        long first = Long.MAX_VALUE - 20 * MS;
        ElectionWait wait = new ElectionWait(first);
        long last = first + 50 * MS; // past Long.MAX_VALUE: negative

        assertNull(wait.due(last + 10 * MS, last));
        assertEquals(Start.SETTLED, wait.due(last + ElectionWait.QUIET_NANOS, last));
    }
}
