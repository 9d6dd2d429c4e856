package io.leadergate.it.clashing;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/**
 * An app that ships its own OkHttp, Gson, Kotlin stdlib and Byte Buddy — libraries the agent also
 * uses internally, in other versions. It exercises each one, prints the version it actually loaded
 * next to the version it ships, then calls a {@code @LeaderOnly} method in a loop like any app.
 *
 * <p>Output contract (read by the multi-JVM tests): one line per library, {@code clashing-app:
 * library <name> loaded <version> ships <version> from <jar>: <evidence> [OK|MISMATCH]}, then
 * {@code clashing-app: all libraries are the versions it ships} or a {@code FAILED} line.
 */
public final class ClashingApp {

    private ClashingApp() {}

    public static void main(String[] args) throws Exception {
        Properties shipped = shippedVersions();
        List<LibraryReport> reports = LibraryChecks.runAll(shipped);
        boolean allMatch = true;
        for (LibraryReport report : reports) {
            System.out.println("clashing-app: " + report);
            allMatch &= report.matches();
        }
        System.out.println(
                allMatch
                        ? "clashing-app: all libraries are the versions it ships"
                        : "clashing-app: FAILED: a library is not the version it ships");
        System.out.flush();

        ReconcileJob job = new ReconcileJob(RunLogFile.fromEnvironment());
        Thread loop = new Thread(() -> job.callForever(), "clashing-app-loop");
        loop.start();
        loop.join();
    }

    private static Properties shippedVersions() throws IOException {
        Properties versions = new Properties();
        try (InputStream in =
                ClashingApp.class.getResourceAsStream("/shipped-versions.properties")) {
            versions.load(in);
        }
        return versions;
    }
}
