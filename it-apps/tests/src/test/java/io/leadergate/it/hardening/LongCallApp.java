package io.leadergate.it.hardening;

/**
 * Run as its own JVM by {@link OnLossTest}, from the test classes: no annotation and no Leadergate
 * dependency; {@code LEADERGATE_GATE_METHODS} gates {@link #longCall}. Calls it every 100 ms. On
 * the leader one call runs for {@code IT_CALL_SECONDS}, checking for an interrupt every 10 ms, and
 * prints how it ended; on a follower it is skipped (returns false at once).
 */
public final class LongCallApp {

    public static final String GATED_METHOD = LongCallApp.class.getName() + "#longCall";

    private LongCallApp() {}

    public static void main(String[] args) throws InterruptedException {
        long seconds = Long.parseLong(System.getenv().getOrDefault("IT_CALL_SECONDS", "10"));
        print("started");
        while (true) {
            longCall(seconds);
            Thread.sleep(100);
        }
    }

    /** Gated. True when the body ran. */
    static boolean longCall(long seconds) {
        long start = System.nanoTime();
        print("long call started");
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            if (Thread.currentThread().isInterrupted()) {
                print(
                        "long call interrupted after "
                                + (System.nanoTime() - start) / 1_000_000
                                + " ms");
                Thread.interrupted(); // the next loop's sleep must not fail
                return true;
            }
            spin(10);
        }
        print("long call completed after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return true;
    }

    /** Busy for {@code millis} without a sleep, so the loop itself reports the interrupt. */
    private static void spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static void print(String line) {
        System.out.println("long-call-app: " + line + " at " + System.nanoTime());
        System.out.flush();
    }
}
