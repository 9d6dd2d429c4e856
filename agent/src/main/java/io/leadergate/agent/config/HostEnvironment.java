package io.leadergate.agent.config;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
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
        private static final Path URANDOM = Paths.get("/dev/urandom");

        private Random random; // guarded by this; created on first use

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
            if (random == null) {
                random = seededFrom(URANDOM);
            }
            return random;
        }

        /**
         * A {@link Random} seeded from the OS entropy pool, not from the clock: two JVMs started in
         * one pod at the same instant must not draw the same identity suffix. The seed is read from
         * {@code source} (the kernel's {@code /dev/urandom}) because {@link SecureRandom}'s
         * provider set-up loads ~60 classes and takes ~20 ms; it remains the fallback where the
         * file cannot be read.
         */
        static Random seededFrom(Path source) {
            byte[] bytes = new byte[16];
            try (InputStream in = new FileInputStream(source.toFile())) {
                int read = 0;
                while (read < bytes.length) {
                    int n = in.read(bytes, read, bytes.length - read);
                    if (n < 0) {
                        throw new IOException("short read");
                    }
                    read += n;
                }
            } catch (IOException | RuntimeException e) {
                return new SecureRandom();
            }
            long seed = 0;
            for (int i = 0; i < bytes.length; i++) {
                // Both halves folded into Random's 48-bit seed.
                seed = (seed << 8 | (seed >>> 56)) ^ (bytes[i] & 0xff);
            }
            return new Random(seed);
        }
    }
}
