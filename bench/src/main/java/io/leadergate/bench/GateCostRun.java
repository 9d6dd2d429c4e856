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
 * {@code -javaagent} as leader and as follower, and prints ns per call and the ratio to the
 * baseline.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar [agent jar] [forks] [previous agent jar]}; the
 * agent jar defaults to {@code agent/target/leadergate-agent.jar} under the current directory. With
 * a previous agent jar (another build, e.g. of the main branch) its leader and follower forks run
 * in the same session, so a change to the gate is measured against its predecessor on the same
 * load.
 */
public final class GateCostRun {

    private static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m");

    private GateCostRun() {}

    public static void main(String[] args) throws RunnerException {
        Path agentJar =
                Paths.get(args.length > 0 ? args[0] : "agent/target/leadergate-agent.jar")
                        .toAbsolutePath();
        int forks = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException(
                    agentJar + " does not exist: build the agent first (mvn -pl agent package)");
        }
        List<Labelled> results = new ArrayList<>();
        run(forks, HEAP, "").forEach(r -> results.add(new Labelled(r, "")));
        run(forks, withAgent(agentJar), "leader", "follower")
                .forEach(r -> results.add(new Labelled(r, "")));
        if (args.length > 2) {
            Path previous = Paths.get(args[2]).toAbsolutePath();
            if (!Files.isRegularFile(previous)) {
                throw new IllegalArgumentException(
                        previous + " (the previous agent jar) does not exist");
            }
            run(forks, withAgent(previous), "leader", "follower")
                    .forEach(r -> results.add(new Labelled(r, ", previous agent")));
        }
        System.out.println(table(results));
    }

    /** A result and what distinguishes its forks beyond the role (which agent jar). */
    record Labelled(RunResult result, String label) {}

    private static List<String> withAgent(Path agentJar) {
        List<String> jvmArgs = new ArrayList<>(HEAP);
        jvmArgs.add("-javaagent:" + agentJar);
        jvmArgs.add("-Dleadergate.health.port=off");
        jvmArgs.add("-Dleadergate.log.level=warn");
        return jvmArgs;
    }

    private static Collection<RunResult> run(int forks, List<String> jvmArgs, String... roles)
            throws RunnerException {
        if (roles.length == 1 && roles[0].isEmpty()) {
            roles = new String[] {"none"};
        }
        Options options =
                new OptionsBuilder()
                        .include(GateCostBenchmark.class.getName())
                        .param("role", roles)
                        .forks(forks)
                        .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                        .build();
        return new Runner(options).run();
    }

    /** One row per benchmark and role; the ratio is to the same benchmark without the agent. */
    static String table(List<Labelled> results) {
        StringBuilder out =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%n| call | role | ns/call | ± (99.9%%) | vs. without agent |%n"
                                        + "| --- | --- | ---: | ---: | ---: |%n"));
        for (Labelled labelled : results) {
            RunResult result = labelled.result();
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            double score = result.getPrimaryResult().getScore();
            double baseline = baseline(results, benchmark);
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.2f | %.2f | %.2fx |%n",
                            method,
                            result.getParams().getParam("role") + labelled.label(),
                            score,
                            result.getPrimaryResult().getScoreError(),
                            score / baseline));
        }
        return out.toString();
    }

    private static double baseline(List<Labelled> results, String benchmark) {
        for (Labelled labelled : results) {
            RunResult result = labelled.result();
            if (result.getParams().getBenchmark().equals(benchmark)
                    && result.getParams().getParam("role").equals("none")) {
                return result.getPrimaryResult().getScore();
            }
        }
        return Double.NaN;
    }
}
