package io.leadergate.it.chaos;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM that prints {@code n nanoTime currentTimeMillis} for the n-th line appended to the file
 * named by {@code CLOCK_PROBE_INPUT}: its own clocks, read on request. See {@link
 * FakeClocks#probe}.
 */
final class ClockProbe {

    private ClockProbe() {}

    public static void main(String[] args) throws Exception {
        Path input = Path.of(System.getenv("CLOCK_PROBE_INPUT"));
        int answered = 0;
        while (true) {
            long lines = Files.exists(input) ? Files.readAllLines(input).size() : 0;
            while (answered < lines) {
                answered++;
                System.out.println(
                        answered + " " + System.nanoTime() + " " + System.currentTimeMillis());
                System.out.flush();
            }
            Thread.sleep(5);
        }
    }
}
