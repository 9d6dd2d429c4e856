package io.leadergate.agent.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A machine with exactly the files and host name a test gives it, in a pod: the service account
 * token is mounted unless a test removes it ({@link #outsideAPod}).
 */
final class FakeHost implements HostEnvironment {

    final Map<Path, String> files =
            new HashMap<>(Map.of(KubeconfigLocation.SERVICE_ACCOUNT_TOKEN, "token"));
    String hostName;
    Path home = Paths.get("/home/tester");
    Random random = new Random(42);
    int hostNameLookups;

    /** How often each file was read. */
    final Map<Path, Integer> reads = new HashMap<>();

    FakeHost file(String path, String text) {
        files.put(Paths.get(path), text);
        return this;
    }

    /** No service account token: a laptop or CI machine, not a pod. */
    FakeHost outsideAPod() {
        files.remove(KubeconfigLocation.SERVICE_ACCOUNT_TOKEN);
        return this;
    }

    FakeHost hostName(String name) {
        hostName = name;
        return this;
    }

    @Override
    public Optional<String> readFile(Path path) {
        reads.merge(path, 1, Integer::sum);
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public boolean isRegularFile(Path path) {
        return files.containsKey(path);
    }

    @Override
    public Optional<String> hostName() {
        hostNameLookups++;
        return Optional.ofNullable(hostName);
    }

    @Override
    public Path userHome() {
        return home;
    }

    @Override
    public Random random() {
        return random;
    }
}
