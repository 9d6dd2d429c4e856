package io.leadergate.bench;

import io.leadergate.LeaderOnly;
import java.time.Instant;

/**
 * The hello world that scripts/bench/startup.sh times: prints the wall-clock time (epoch nanos) at
 * the entry of {@code main} and after its first call of a gated method, then exits. Without the
 * agent the annotation is inert; with it, the call is gated (a follower: the body is skipped). With
 * the argument {@code plain} it makes no gated call: the plain hello world.
 */
public final class HelloGated {

    private HelloGated() {}

    public static void main(String[] args) {
        long mainNanos = epochNanos();
        // "plain": a hello world that never touches gated code, so no class waits for the
        // instrumentation.
        String greeting = args.length > 0 && args[0].equals("plain") ? "hello" : Greeter.greet();
        long gatedNanos = epochNanos();
        System.out.println("main " + mainNanos + " gated " + gatedNanos + " (" + greeting + ")");
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Loaded at the first call, as an application's job class would be. */
    static final class Greeter {
        private Greeter() {}

        @LeaderOnly
        static String greet() {
            return "hello from the leader";
        }
    }
}
