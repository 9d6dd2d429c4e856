package io.leadergate.it;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status line the scheduler sample apps print every second: how often their scheduler invoked
 * the job ({@code fired}), how many of those invocations Quartz saw fail, and how many ran the
 * job's body. On a follower the scheduler keeps firing, nothing fails, and no body runs.
 *
 * <pre>
 * replica-2: quartz fired 37 times (0 failed), job body ran 0 times
 * replica-2: scheduler called runOnce 37 times, body ran 0 times
 * </pre>
 */
record SchedulerStatus(long fired, long failed, long ran) {

    private static final Pattern LINE =
            Pattern.compile(
                    "(?m)^replica-\\d+: (?:quartz fired|scheduler called runOnce) (\\d+) times(?: \\((\\d+) failed\\))?, "
                            + "(?:job )?body ran (\\d+) times$");

    /** The last status line in {@code stdout}, if any has been printed yet. */
    static Optional<SchedulerStatus> last(String stdout) {
        Matcher matcher = LINE.matcher(stdout);
        SchedulerStatus last = null;
        while (matcher.find()) {
            last =
                    new SchedulerStatus(
                            Long.parseLong(matcher.group(1)),
                            matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2)),
                            Long.parseLong(matcher.group(3)));
        }
        return Optional.ofNullable(last);
    }
}
