package io.leadergate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link GateCostBenchmark} in one session: forks without the agent (baseline), then with
 * {@code -javaagent} as leader and as follower, and prints ns per call and the ratio to the baseline.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar [agent jar] [forks]}; the agent jar defaults to
 * {@code agent/target/leadergate-agent.jar} under the current directory.
 */
public final class GateCostRun {

    private static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m");

    private GateCostRun() {}

    public static void main(String[] args) throws RunnerException {
        Path agentJar = Paths.get(args.length > 0 ? args[0] : "agent/target/leadergate-agent.jar").toAbsolutePath();
        int forks = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException(agentJar + " does not exist: build the agent first (mvn -pl agent package)");
        }
        List<RunResult> results = new ArrayList<>();
        results.addAll(run(forks, HEAP, "none"));
        List<String> withAgent = new ArrayList<>(HEAP);
        withAgent.add("-javaagent:" + agentJar);
        withAgent.add("-Dleadergate.health.port=off");
        withAgent.add("-Dleadergate.log.level=warn");
        results.addAll(run(forks, withAgent, "leader", "follower"));
        System.out.println(table(results));
    }

    private static Collection<RunResult> run(int forks, List<String> jvmArgs, String... roles) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(GateCostBenchmark.class.getName())
                .param("role", roles)
                .forks(forks)
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .build();
        return new Runner(options).run();
    }

    /** One row per benchmark and role; the ratio is to the same benchmark without the agent. */
    static String table(List<RunResult> results) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n| call | role | ns/call | ± (99.9%%) | vs. without agent |%n"
                + "| --- | --- | ---: | ---: | ---: |%n"));
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            double score = result.getPrimaryResult().getScore();
            double baseline = baseline(results, benchmark);
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2fx |%n", method,
                    result.getParams().getParam("role"), score, result.getPrimaryResult().getScoreError(), score / baseline));
        }
        return out.toString();
    }

    private static double baseline(List<RunResult> results, String benchmark) {
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().equals(benchmark) && result.getParams().getParam("role").equals("none")) {
                return result.getPrimaryResult().getScore();
            }
        }
        return Double.NaN;
    }
}
