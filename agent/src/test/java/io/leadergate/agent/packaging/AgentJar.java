package io.leadergate.agent.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The shaded agent jar under test: {@code -Dleadergate.agent.jar}, set by the integration-test
 * execution.
 */
final class AgentJar {

    private AgentJar() {}

    static Path path() {
        Path jar =
                Paths.get(System.getProperty("leadergate.agent.jar", "target/leadergate-agent.jar"))
                        .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " does not exist: run `mvn package` (these tests run in `mvn verify`)");
        }
        return jar;
    }
}
