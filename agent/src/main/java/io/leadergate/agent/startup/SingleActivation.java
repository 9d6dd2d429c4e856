package io.leadergate.agent.startup;

/**
 * Makes the agent activate once per JVM, even when it is given twice (in {@code JAVA_TOOL_OPTIONS}
 * and on the command line, possibly as two copies of the jar). A system property is the marker: the
 * only state both copies are guaranteed to share, and it shows in a thread dump's properties.
 */
final class SingleActivation {

    static final String MARKER = "io.leadergate.agent.active";

    private SingleActivation() {}

    /** True for the first caller in this JVM only. */
    static boolean claim(String version) {
        return System.getProperties().putIfAbsent(MARKER, version) == null;
    }
}
