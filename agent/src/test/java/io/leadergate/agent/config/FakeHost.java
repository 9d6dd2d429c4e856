package io.leadergate.agent.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** A machine with exactly the files and host name a test gives it. */
final class FakeHost implements HostEnvironment {

    final Map<Path, String> files = new HashMap<>();
    String hostName;
    Path home = Paths.get("/home/tester");
    Random random = new Random(42);
    int hostNameLookups;

    FakeHost file(String path, String text) {
        files.put(Paths.get(path), text);
        return this;
    }

    FakeHost hostName(String name) {
        hostName = name;
        return this;
    }

    @Override
    public Optional<String> readFile(Path path) {
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
