package io.leadergate.agent.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Random;

/**
 * What derived defaults read from the machine besides environment variables (which {@link
 * AgentConfig#load} receives as a map): files, the host name, the home directory and a source of
 * randomness. Tests substitute a fake so they never depend on the machine they run on.
 *
 * <p>Only {@link AgentConfig#resolveElection()} and {@link AgentConfig#kubeconfig()} call it, never
 * {@code load}: looking up the host name can take a DNS round trip.
 */
public interface HostEnvironment {

    /** The file's text, or empty if it is missing or unreadable. */
    Optional<String> readFile(Path path);

    boolean isRegularFile(Path path);

    /** The local host name; may block on DNS. */
    Optional<String> hostName();

    /** The user's home directory, used when {@code HOME} is not set. */
    Path userHome();

    /** Randomness for identity suffixes; must differ between JVMs started at the same instant. */
    Random random();

    static HostEnvironment system() {
        return new SystemHost();
    }

    /** The real machine. */
    final class SystemHost implements HostEnvironment {
        private Random
                random; // guarded by this; created on first use, as loading security providers

        // takes ~20 ms

        @Override
        public Optional<String> readFile(Path path) {
            try {
                return Optional.of(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean isRegularFile(Path path) {
            try {
                return Files.isRegularFile(path);
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public Optional<String> hostName() {
            try {
                return Optional.ofNullable(InetAddress.getLocalHost().getHostName());
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public Path userHome() {
            return Paths.get(System.getProperty("user.home", "/"));
        }

        @Override
        public synchronized Random random() {
            // SecureRandom, not ThreadLocalRandom: two JVMs started in one pod at the same instant
            // must
            // not draw the same identity suffix, and seeding from the OS pool guarantees that.
            if (random == null) {
                random = new SecureRandom();
            }
            return random;
        }
    }
}
