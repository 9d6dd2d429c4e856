package io.leadergate.agent.log;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's logger: one line per event on standard error, prefixed {@code [leadergate]}.
 *
 * <p>Deliberately not java.util.logging or SLF4J: touching {@code LogManager} in {@code premain}
 * would fix the JVM's log manager before the application could choose its own (JBoss LogManager,
 * Log4j's JUL bridge), and an SLF4J binding would join the app's class path.
 */
public final class AgentLog {

    public enum Level {
        ERROR,
        WARN,
        INFO,
        DEBUG
    }

    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.err;
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

    static {
        // Lines are also written from inside the class-file transformer (the gating summary, on
        // whatever thread loads a class), so everything a line needs is loaded here, before the
        // transformer exists: a line whose timestamp first loaded java.time.Instant while Instant
        // itself was loading on that thread was a ClassCircularityError that killed the start
        // thread.
        Instant now = Instant.now();
        Rfc3339.appendInstant(new StringBuilder(32), now.getEpochSecond(), now.getNano());
    }

    /**
     * Initialises this class, and so loads what writing a line needs; call before installing a
     * class-file transformer that may log.
     */
    public static void prepare() {}

    private AgentLog() {}

    public static void setLevel(Level level) {
        threshold = level;
    }

    public static Level level() {
        return threshold;
    }

    /** Redirects output; tests only. */
    public static void setOutput(PrintStream stream) {
        out = stream;
    }

    public static boolean enabled(Level level) {
        return level.ordinal() <= threshold.ordinal();
    }

    public static void error(String message) {
        log(Level.ERROR, message, null);
    }

    public static void error(String message, Throwable cause) {
        log(Level.ERROR, message, cause);
    }

    public static void warn(String message) {
        log(Level.WARN, message, null);
    }

    public static void info(String message) {
        log(Level.INFO, message, null);
    }

    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    /**
     * Logs {@code message} only the first time {@code key} is seen, so a condition that persists
     * across retries (RBAC 403, API server down) is reported once, not once per retry.
     *
     * @return whether the line was logged
     */
    public static boolean once(String key, Level level, String message) {
        if (!ONCE.add(key)) {
            return false;
        }
        log(level, message, null);
        return true;
    }

    /**
     * Forgets a {@link #once} key, so the condition is reported again if it recurs (after
     * recovery).
     */
    public static void reset(String key) {
        ONCE.remove(key);
    }

    /**
     * {@code text} from outside the agent (a holder identity read from a Lease: anyone with update
     * on the Lease chooses it) made safe to embed in one log line: CR, LF, tab and backslash as
     * {@code \r \n \t \\}, other control characters and Unicode line separators as a backslash,
     * {@code u} and four hex digits, so it can neither end the line nor forge the next one.
     */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement;
            if (c == '\\') {
                replacement = "\\\\";
            } else if (c == '\r') {
                replacement = "\\r";
            } else if (c == '\n') {
                replacement = "\\n";
            } else if (c == '\t') {
                replacement = "\\t";
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                replacement = String.format(Locale.ROOT, "\\u%04x", (int) c);
            } else {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(replacement);
        }
        return out == null ? text : out.toString();
    }

    private static void log(Level level, String message, Throwable cause) {
        if (!enabled(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(96 + message.length()).append("[leadergate] ");
        Instant now = Instant.now();
        Rfc3339.appendInstant(line, now.getEpochSecond(), now.getNano()).append(' ');
        String levelName = level.name();
        line.append(levelName);
        for (int i = levelName.length(); i < 5; i++) {
            line.append(' '); // "%-5s", without java.util.Formatter's machinery
        }
        line.append(' ').append(message);
        if (cause != null) {
            line.append(": ").append(cause);
        }
        PrintStream stream = out;
        stream.println(line);
        if (cause != null && enabled(Level.DEBUG)) {
            cause.printStackTrace(stream);
        }
    }
}
