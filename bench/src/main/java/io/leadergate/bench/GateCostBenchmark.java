package io.leadergate.bench;

import io.leadergate.bootstrap.Gate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one call of a gated method. {@link GateCostRun} runs this in forks without the agent (the
 * baseline: the annotation is inert), and with {@code -javaagent} as leader (gate open far ahead:
 * the body runs) and as follower (gate shut: the body is skipped). The agent elects nothing there
 * (no Lease is configured), so the gate stays as {@code role} sets it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GateCostBenchmark {

    /** {@code none} without the agent; {@code leader} or {@code follower} with it. */
    @Param({"none"})
    public String role;

    private final GatedWork work = new GatedWork();
    private long amount = 1;

    @Setup
    public void setGate() {
        if (role.equals("leader")) {
            Gate.grantUntil(System.nanoTime() + TimeUnit.DAYS.toNanos(1));
        } else if (role.equals("follower")) {
            Gate.revoke();
        }
    }

    @Benchmark
    public long gatedCall() {
        return work.gated(amount);
    }

    @Benchmark
    public long plainCall() {
        return work.plain(amount);
    }

    /** The floor of any monotonic-deadline gate: one clock read, which the gate does per call. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * The second clock read of a leader's admission: the wall-clock bound that a suspension cannot
     * freeze.
     */
    @Benchmark
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }
}
