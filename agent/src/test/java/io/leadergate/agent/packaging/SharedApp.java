package io.leadergate.agent.packaging;

/**
 * {@link GatedApp} behind a main class the agent does not transform, so a CDS archive can hold it.
 */
public final class SharedApp {

    private SharedApp() {}

    public static void main(String[] args) throws Exception {
        GatedApp.main(args);
    }
}
