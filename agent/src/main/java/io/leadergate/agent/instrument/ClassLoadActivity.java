package io.leadergate.agent.instrument;

/**
 * When a class other than the agent's own was last defined: what a lazily started election waits to
 * go still (the start-up has settled) before it begins. Fed by {@link
 * CandidateTransformer#transform}, which sees every class the JVM defines, at one clock read and
 * one field write per class.
 *
 * <p>Every loader counts, the boot and platform loaders too: an application thread busy in the
 * JDK's own initialisation (the first {@code invokedynamic} string concatenation bootstraps for 200
 * ms with C1 only) loads JDK classes only, and is not idle. The agent's own classes do not count,
 * and while the election waits the agent loads little else (the health port's start, at the
 * beginning). Redefinitions (retransformed candidates) are not loads.
 */
public final class ClassLoadActivity {

    /**
     * {@code System.nanoTime()} of the last class load; this class's initialisation (premain) until
     * the first, so it is never older than premain.
     */
    private static volatile long lastNanos = System.nanoTime();

    private static final String OWN = "io/leadergate/";

    private ClassLoadActivity() {}

    /**
     * A class named {@code internalName} is being defined ({@code redefined} false) or redefined.
     */
    static void seen(String internalName, boolean redefined) {
        if (!redefined && !isAgents(internalName)) {
            lastNanos = System.nanoTime();
        }
    }

    /** The agent's code, its shaded libraries, its bootstrap classes; not the app's annotations. */
    private static boolean isAgents(String internalName) {
        return internalName != null
                && internalName.startsWith(OWN)
                && (internalName.startsWith("agent/", OWN.length())
                        || internalName.startsWith("shaded/", OWN.length())
                        || internalName.startsWith("bootstrap/", OWN.length()));
    }

    /** {@code System.nanoTime()} of the last class load (see the class comment). */
    public static long lastNanos() {
        return lastNanos;
    }
}
