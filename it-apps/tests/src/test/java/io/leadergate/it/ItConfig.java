package io.leadergate.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths the build hands to the tests as system properties (see this module's pom). */
public final class ItConfig {

    private ItConfig() {}

    public static Path agentJar() {
        return existingFile("it.agent.jar");
    }

    public static Path devServerJar() {
        return existingFile("it.devserver.jar");
    }

    public static Path plainAppJar() {
        return existingFile("it.plain-app.jar");
    }

    /** Six groups of gated work (issue 12): {@code io.leadergate.it.groups.GroupsApp}. */
    public static Path groupsAppJar() {
        return existingFile("it.groups-app.jar");
    }

    /** The groups app's six groups: four by annotation, two by {@link #GROUPS_APP_PATTERNS}. */
    public static final java.util.List<String> GROUPS_APP_GROUPS =
            java.util.List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta");

    /** The environment that selects the groups app's two pattern groups. */
    public static final java.util.Map<String, String> GROUPS_APP_PATTERNS =
            java.util.Map.of(
                    "LEADERGATE_GATE_METHODS",
                    "epsilon=io.leadergate.it.groups.GroupsApp$PatternJobs#epsilon;"
                            + "zeta=io.leadergate.it.groups.GroupsApp$PatternJobs#zeta");

    static Path clashingAppJar() {
        return existingFile("it.clashing-app.jar");
    }

    public static Path quartzAppJar() {
        return existingFile("it.quartz-app.jar");
    }

    /** The Spring Boot executable jar (nested jars, Spring Boot's launcher). */
    public static Path springAppJar() {
        return existingFile("it.spring-app.jar");
    }

    /**
     * Gated only through {@code LEADERGATE_GATE_METHODS}: no annotation, no Leadergate dependency.
     */
    public static Path patternAppJar() {
        return existingFile("it.pattern-app.jar");
    }

    /**
     * A ScheduledExecutorService lambda and a TimerTask, gated through {@code
     * LEADERGATE_GATE_EXECUTORS}.
     */
    public static Path executorAppJar() {
        return existingFile("it.executor-app.jar");
    }

    /** Writes to a store with {@code Leadership.fencingToken()} from a gated job. */
    public static Path fencingAppJar() {
        return existingFile("it.fencing-app.jar");
    }

    /**
     * The {@code java} launcher replicas run on: {@code -Dit.java.home}, else the JDK running the
     * tests.
     */
    /** fabric8's and client-java-extended's LeaderElector apps (IT_ELECTOR picks one). */
    static Path migrationElectorsJar() {
        return existingFile("it.migration-electors.jar");
    }

    public static Path replicaJava() {
        return Path.of(
                System.getProperty("it.java.home", System.getProperty("java.home")), "bin", "java");
    }

    /** The {@code java} launcher of the JVM running the tests; the dev server always runs on it. */
    public static Path testJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The repository's root, for the shipped files (docs/kubernetes/) a test checks. */
    static Path repoRoot() {
        return Path.of(System.getProperty("it.repo.root", "../..")).toAbsolutePath().normalize();
    }

    public static Path logsDir() {
        return Path.of(System.getProperty("it.logs.dir", "target/it-logs")).toAbsolutePath();
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(
                    "system property " + name + " is not set; run the tests through Maven");
        }
        return value;
    }

    private static Path existingFile(String property) {
        Path path = Path.of(property(property)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(
                    path
                            + " ("
                            + property
                            + ") does not exist; build it first: mvn -B verify "
                            + "from the repository root builds every module before these tests");
        }
        return path;
    }
}
