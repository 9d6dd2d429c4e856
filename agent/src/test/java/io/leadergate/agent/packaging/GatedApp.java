package io.leadergate.agent.packaging;

import io.leadergate.LeaderOnly;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A minimal application run in its own JVM with the agent jar. It calls one gated method and prints
 * whether the body ran. Modes: {@code once}; {@code until-leader SECONDS} (call until the body
 * runs); {@code until-stdin} (call until a line arrives on standard input). Returns from main
 * normally, so the JVM only exits if no agent thread keeps it alive.
 */
public final class GatedApp {

    private static int bodies;

    private GatedApp() {}

    @LeaderOnly
    static void work() {
        bodies++;
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        long seconds = 0;
        if (args[0].equals("until-stdin")) {
            Thread reader = new Thread(() -> awaitLine(stop), "stdin-reader");
            reader.setDaemon(true);
            reader.start();
            seconds = 120;
        } else if (args[0].equals("until-leader")) {
            seconds = Long.parseLong(args[1]);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int calls = 0;
        do {
            work();
            calls++;
        } while (!(args[0].equals("until-leader") && bodies > 0)
                && System.nanoTime() < deadline
                && !stop.await(20, TimeUnit.MILLISECONDS));
        System.out.println(
                "gated work "
                        + (bodies == 0 ? "skipped" : "ran")
                        + " ("
                        + bodies
                        + " of "
                        + calls
                        + " calls)");
    }

    private static void awaitLine(CountDownLatch stop) {
        try {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (Exception ignored) {
            // End of input or a closed pipe: stop either way.
        }
        stop.countDown();
    }
}
