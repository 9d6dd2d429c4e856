package io.leadergate.agent.packaging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The JVMs the agent must work on: the one running the build (17) and Temurin 25 where installed.
 */
final class Jvms {

    private Jvms() {}

    /**
     * {@code "current"} or {@code "25"} ({@code -Dleadergate.test.java25}, default the Temurin
     * path).
     */
    static Path java(String which) {
        if (which.equals("current")) {
            return Paths.get(System.getProperty("java.home"), "bin", "java");
        }
        Path java25 =
                Paths.get(
                        System.getProperty(
                                "leadergate.test.java25",
                                "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
        assumeTrue(Files.isExecutable(java25), "no Java 25 at " + java25);
        return java25;
    }
}
