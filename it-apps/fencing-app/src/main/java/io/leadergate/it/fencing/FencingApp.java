package io.leadergate.it.fencing;

import io.leadergate.LeaderOnly;
import io.leadergate.Leadership;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Fencing end to end: the gated job writes one value per run to a store ({@code IT_STORE_URL}) with
 * this term's {@link Leadership#fencingToken()}, and the store rejects a token lower than one it
 * has accepted. Each write takes {@code IT_WRITE_MILLIS} (300 ms) between taking the token and
 * sending it, the span in which a pause (GC, SIGSTOP, a frozen VM) can outlast the Lease. Prints
 * {@code replica-1: write begins token=3 value=replica-1#7}, then {@code write accepted ...} or
 * {@code write rejected (409) ...}; appends each run to {@code IT_RUN_LOG} as the plain app does.
 */
public final class FencingApp {

    private static final long WRITE_MILLIS =
            Long.parseLong(System.getenv().getOrDefault("IT_WRITE_MILLIS", "300"));

    private static String replicaId;
    private static URI store;
    private static long sequence;

    private FencingApp() {}

    public static void main(String[] args) throws Exception {
        replicaId =
                Objects.requireNonNullElse(
                        System.getenv("IT_REPLICA_ID"), "pid-" + ProcessHandle.current().pid());
        store = URI.create(Objects.requireNonNull(System.getenv("IT_STORE_URL"), "IT_STORE_URL"));
        String runLog = System.getenv("IT_RUN_LOG");
        System.out.println(replicaId + ": started, writing to " + store);
        while (true) {
            long start = System.nanoTime();
            if (writeOnce()) {
                append(runLog, replicaId + ' ' + start + ' ' + System.nanoTime() + '\n');
            }
            Thread.sleep(50);
        }
    }

    /** Gated: on a follower the agent returns false without running the body. */
    @LeaderOnly
    static boolean writeOnce() throws InterruptedException {
        long token = Leadership.fencingToken();
        if (token == Leadership.NO_FENCING_TOKEN) {
            return true; // the term ended between the gate and here: nothing to write with
        }
        String value = replicaId + "#" + ++sequence;
        print("write begins token=" + token + " value=" + value);
        Thread.sleep(WRITE_MILLIS); // preparing the write: the span a pause can land in
        int status = post(token, value);
        print(
                (status == 200 ? "write accepted" : "write rejected (" + status + ")")
                        + " token="
                        + token
                        + " value="
                        + value);
        return true;
    }

    private static int post(long token, String value) {
        try {
            URI uri =
                    store.resolve(
                            "/write?token="
                                    + token
                                    + "&value="
                                    + URLEncoder.encode(value, StandardCharsets.UTF_8));
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status;
        } catch (IOException e) {
            print("write failed: " + e);
            return -1;
        }
    }

    private static void print(String line) {
        System.out.println(replicaId + ": " + line);
        System.out.flush();
    }

    private static void append(String runLog, String line) {
        if (runLog == null || runLog.isBlank()) {
            return;
        }
        try {
            Files.write(
                    Path.of(runLog),
                    line.getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            print("cannot append to run log: " + e);
        }
    }
}
