package io.leadergate.it.spring;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The work that must run on one replica at a time: a plain {@code @Scheduled} method. Each run
 * takes {@value #RUN_MILLIS} ms and appends {@code replicaId startNanos endNanos} to {@code
 * IT_RUN_LOG} in one {@code write} on an O_APPEND file ({@code System.nanoTime()} is one monotonic
 * clock for every process on a Linux host). The first run also prints {@code replicaId: first body
 * run at <epoch nanos>} (wall clock), which scripts/bench/startup.sh reads for "start -> first
 * gated run".
 *
 * <p>Not final, with public methods: {@link CallCounter} wraps it in a CGLIB proxy, as
 * {@code @Transactional} would.
 */
@Component
public class SingletonWork {

    static final long RUN_MILLIS = 20;

    private final AtomicLong bodies = new AtomicLong();
    private final FileOutputStream runLog;
    private final String replicaId = ReplicaId.current();

    public SingletonWork() throws IOException {
        String path = System.getenv("IT_RUN_LOG");
        this.runLog = path == null || path.isBlank() ? null : new FileOutputStream(path, true);
    }

    @Scheduled(fixedDelay = 50)
    public void runOnce() throws InterruptedException {
        long startNanos = System.nanoTime();
        Thread.sleep(RUN_MILLIS);
        long endNanos = System.nanoTime();
        if (bodies.incrementAndGet() == 1) {
            Instant now = Instant.now();
            System.out.println(
                    replicaId
                            + ": first body run at "
                            + (now.getEpochSecond() * 1_000_000_000L + now.getNano()));
            System.out.flush();
        }
        if (runLog != null) {
            try {
                runLog.write(
                        (replicaId + ' ' + startNanos + ' ' + endNanos + '\n')
                                .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the run log", e);
            }
        }
    }

    /** How many calls ran their body: only the leader's do. */
    public long bodies() {
        return bodies.get();
    }
}
