package io.leadergate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadergate.it.ObservedReplicas.Replica;
import io.leadergate.testsupport.Await;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped Prometheus material checked with Debian's prometheus package: the rules file and its
 * PrometheusRule twin with {@code promtool check rules} and {@code promtool test rules}, the
 * dashboard's queries with promtool's parser, a live {@code /metrics} scrape with {@code promtool
 * check metrics}, and a real Prometheus server on loopback scraping three replicas through a kill
 * -9 failover: {@code sum(leader_election_master_status)} is 1 before and after, and never above 1.
 */
class PrometheusTest {

    private static final Duration FIRST_LEADER = Duration.ofSeconds(90);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern EXPR = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");
    private static final Pattern INSTANCE = Pattern.compile("\"instance\":\"([^\"]+)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension static final LeaseCluster cluster = new LeaseCluster();

    @Test
    void theShippedRulesAndDashboardPassPromtool() throws IOException {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        Path kubernetes = ItConfig.repoRoot().resolve("docs/kubernetes");
        ExternalTool.Result check =
                promtool.run(null, kubernetes, "check", "rules", "leadergate-rules.yml");
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS: 5 rules found"), check.output());
        ExternalTool.Result unit =
                promtool.run(null, kubernetes, "test", "rules", "leadergate-rules.test.yml");
        assertEquals(0, unit.exit(), unit.output());

        // The PrometheusRule's spec is the plain file's groups, indented: one set of rules, two
        // wrappers.
        String plain = Files.readString(kubernetes.resolve("leadergate-rules.yml"));
        String groups =
                plain.substring(plain.indexOf("\ngroups:") + 1)
                        .lines()
                        .map(line -> line.isEmpty() ? line : "  " + line)
                        .collect(Collectors.joining("\n"));
        String operator = Files.readString(kubernetes.resolve("prometheus-rules.yaml"));
        assertTrue(
                operator.contains("kind: PrometheusRule\n")
                        && operator.endsWith("spec:\n" + groups + "\n"),
                "prometheus-rules.yaml must wrap exactly the groups of leadergate-rules.yml (regenerate it)");

        // Every dashboard query parses: promtool checks them as recording rules.
        String dashboard = Files.readString(kubernetes.resolve("grafana-dashboard.json"));
        List<String> exprs = new ArrayList<>();
        Matcher m = EXPR.matcher(dashboard);
        while (m.find()) {
            exprs.add(
                    m.group(1)
                            .replace("\\\"", "\"")
                            .replace("\\\\", "\\")
                            .replace("$__rate_interval", "5m")
                            .replace("$namespace", ".*")
                            .replace("$lease", ".*"));
        }
        assertTrue(exprs.size() >= 7, "dashboard queries found: " + exprs);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            rules.append("      - record: dashboard:query")
                    .append(i)
                    .append("\n        expr: '")
                    .append(exprs.get(i).replace("'", "''"))
                    .append("'\n");
        }
        Path file = Files.writeString(cluster.testDir().resolve("dashboard-queries.yml"), rules);
        ExternalTool.Result queries =
                promtool.run(null, cluster.testDir(), "check", "rules", file.toString());
        assertEquals(0, queries.exit(), queries.output() + "\n" + rules);
    }

    @Test
    void aLiveScrapePassesPromtoolAndPrometheusSeesOneLeaderThroughAFailover() throws Exception {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        ExternalTool prometheus = ExternalTool.require("prometheus", "prometheus");
        ObservedReplicas replicas = cluster.observedReplicas();
        List<Replica> started = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            started.add(
                    replicas.start("replica-" + i, ItConfig.plainAppJar(), "scraped", Map.of()));
        }
        Replica leader = replicas.awaitSoleLeader(FIRST_LEADER);

        // promtool lints the text format (0.0.4); the OpenMetrics form is parsed by the Prometheus
        // server below, which asks for it first.
        for (Replica replica :
                List.of(leader, started.get(0) == leader ? started.get(1) : started.get(0))) {
            String scrape = scrape(replica, "text/plain");
            ExternalTool.Result lint = promtool.run(scrape, cluster.testDir(), "check", "metrics");
            assertEquals(
                    0,
                    lint.exit(),
                    "promtool check metrics on "
                            + replica.id()
                            + ":\n"
                            + lint.output()
                            + "\n"
                            + scrape);
            assertTrue(scrape.contains("leader_election_master_status{name=\"scraped\","), scrape);
        }

        int port = HealthPort.freePort();
        Path config = cluster.testDir().resolve("prometheus.yml");
        String targets =
                started.stream()
                        .map(r -> "'127.0.0.1:" + r.health().port() + "'")
                        .collect(Collectors.joining(", "));
        Files.writeString(
                config,
                "global:\n  scrape_interval: 1s\n  scrape_timeout: 500ms\n  evaluation_interval: 1s\n"
                        + "scrape_configs:\n  - job_name: leadergate\n    static_configs:\n      - targets: ["
                        + targets
                        + "]\n");
        // The TSDB outside the log directory, which holds files only (it is emptied file by file).
        Path tsdb = Files.createTempDirectory("leadergate-prometheus-tsdb");
        Process server =
                prometheus.start(
                        cluster.testDir().resolve("prometheus.log"),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + tsdb,
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn");
        cluster.closeAfterTest(
                () -> {
                    server.destroy();
                    server.waitFor();
                    try (var files = Files.walk(tsdb)) {
                        for (Path path :
                                files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(path);
                        }
                    }
                });
        String describe =
                "prometheus on :" + port + ", log " + cluster.testDir().resolve("prometheus.log");

        Await.until(
                "Prometheus to scrape all three replicas and see one leader",
                PATIENCE,
                () ->
                        query(port, "count(leader_election_master_status)").equals(Optional.of(3.0))
                                && query(port, "sum(leader_election_master_status)")
                                        .equals(Optional.of(1.0)),
                () -> describe);
        String leaderTarget = "127.0.0.1:" + leader.health().port();
        assertEquals(Optional.of(leaderTarget), leaderInstance(port), describe);

        long before = System.nanoTime();
        leader.process().kill();
        double highest = 0;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Optional<String> successor = Optional.empty();
        while (System.nanoTime() < deadline) {
            highest =
                    Math.max(
                            highest, query(port, "sum(leader_election_master_status)").orElse(0.0));
            successor = leaderInstance(port).filter(instance -> !instance.equals(leaderTarget));
            if (successor.isPresent()
                    && query(port, "sum(leader_election_master_status)").equals(Optional.of(1.0))) {
                break;
            }
            Thread.sleep(200); // polling Prometheus' view; the bound is the deadline above
        }
        assertTrue(
                successor.isPresent(),
                "Prometheus never saw a new leader after the kill -9\n" + replicas.describe());
        Measurements.record(
                "kill -9 of the leader -> Prometheus (1 s scrapes) sees the successor",
                System.nanoTime() - before);
        long window = Math.max(10, Duration.ofNanos(System.nanoTime() - before).toSeconds() + 10);
        double highestEver =
                query(port, "max_over_time(sum(leader_election_master_status)[" + window + "s:1s])")
                        .orElseThrow();
        assertTrue(
                highest <= 1.0 && highestEver <= 1.0,
                "Prometheus saw "
                        + Math.max(highest, highestEver)
                        + " leaders at once\n"
                        + replicas.describe());
        assertTrue(
                replicas.runLog().overlaps().isEmpty(), "overlapping runs\n" + replicas.describe());
    }

    private static String scrape(Replica replica, String accept) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:" + replica.health().port() + "/metrics"))
                        .header("Accept", accept)
                        .timeout(Duration.ofSeconds(10))
                        .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The instance whose leader_election_master_status is 1, when exactly one is. */
    private static Optional<String> leaderInstance(int port) {
        String body = get(port, "leader_election_master_status == 1");
        Matcher m = INSTANCE.matcher(body);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** The value of a query whose result is one sample; empty when there is none (yet). */
    private static Optional<Double> query(int port, String promql) {
        Matcher m = VALUE.matcher(get(port, promql));
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    private static String get(int port, String promql) {
        URI uri =
                URI.create(
                        "http://127.0.0.1:"
                                + port
                                + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return ""; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
