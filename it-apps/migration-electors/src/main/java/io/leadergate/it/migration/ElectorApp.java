package io.leadergate.it.migration;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An app that elects its leader in code, as teams did before the agent: {@code IT_ELECTOR=fabric8}
 * runs fabric8 kubernetes-client's {@code LeaderElector}, {@code IT_ELECTOR=client-java} runs
 * client-java-extended's. Configured by the agent's own variables (LEADERGATE_KUBECONFIG,
 * LEADERGATE_LEASE_NAMESPACE/NAME, LEADERGATE_IDENTITY, LEADERGATE_LEASE_DURATION, _RENEW_DEADLINE,
 * _RETRY_PERIOD), so a test starts it like an agent replica on the same Lease. While its elector
 * says it leads, it runs the singleton work (20 ms per run, every 50 ms) and appends each run to
 * {@code IT_RUN_LOG} in the sample apps' format. SIGTERM ends the work, then releases the Lease.
 */
public final class ElectorApp {

    private ElectorApp() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Settings settings =
                new Settings(
                        Path.of(env.get("LEADERGATE_KUBECONFIG")),
                        env.get("LEADERGATE_LEASE_NAMESPACE"),
                        env.get("LEADERGATE_LEASE_NAME"),
                        env.get("LEADERGATE_IDENTITY"),
                        duration(env.get("LEADERGATE_LEASE_DURATION")),
                        duration(env.get("LEADERGATE_RENEW_DEADLINE")),
                        duration(env.get("LEADERGATE_RETRY_PERIOD")));
        WorkLoop work =
                new WorkLoop(
                        settings.identity(), recorder(env.get("IT_RUN_LOG"), settings.identity()));
        String elector = env.getOrDefault("IT_ELECTOR", "fabric8");
        work.say(
                "started (pid "
                        + ProcessHandle.current().pid()
                        + ") with "
                        + elector
                        + "'s LeaderElector on lease "
                        + settings.namespace()
                        + "/"
                        + settings.leaseName());
        Runnable release =
                switch (elector) {
                    case "fabric8" -> Fabric8Elector.start(settings, work);
                    case "client-java" -> ClientJavaElector.start(settings, work);
                    default ->
                            throw new IllegalArgumentException(
                                    "IT_ELECTOR must be fabric8 or client-java, not " + elector);
                };
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    work.say(
                                            "stopping: singleton work ends, then the elector releases");
                                    work.stop();
                                    release.run();
                                    work.say("released");
                                },
                                "elector-shutdown"));
        work.run();
    }

    /** What both electors are configured with. */
    record Settings(
            Path kubeconfig,
            String namespace,
            String leaseName,
            String identity,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod) {}

    /** {@code 2s} or {@code 1500ms}, the forms the tests use. */
    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }

    private static WorkLoop.Recorder recorder(String runLog, String id) {
        if (runLog == null || runLog.isBlank()) {
            return (start, end) -> {};
        }
        FileOutputStream out;
        try {
            out = new FileOutputStream(runLog, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (start, end) -> {
            try {
                out.write(
                        (id + ' ' + start + ' ' + end + '\n')
                                .getBytes(StandardCharsets.UTF_8)); // one O_APPEND write
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
