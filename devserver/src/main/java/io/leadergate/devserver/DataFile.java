package io.leadergate.devserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Leases and resourceVersion counter on disk, {@code {"resourceVersion":N,"leases":[...]}}, so
 * a restarted server continues the counter as etcd would. Every save is a whole-file atomic
 * replace, so a crash leaves the previous or the new state, never a torn one.
 */
final class DataFile {
    private final Path path;

    DataFile(Path path) {
        this.path = path;
    }

    /** The saved state, or an empty store when the file does not exist yet. */
    LeaseStore.Snapshot load() {
        if (!Files.exists(path)) {
            return new LeaseStore.Snapshot(0, List.of());
        }
        try {
            JsonObject json = LeaseDecoder.parseObject(Files.readAllBytes(path));
            List<JsonObject> leases = new ArrayList<>();
            for (JsonElement lease : json.getAsJsonArray("leases")) {
                leases.add(lease.getAsJsonObject());
            }
            return new LeaseStore.Snapshot(json.get("resourceVersion").getAsLong(), leases);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + path, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "data file " + path + " is not a dev server data file", e);
        }
    }

    void save(LeaseStore.Snapshot snapshot) {
        JsonObject json = new JsonObject();
        json.addProperty("resourceVersion", snapshot.resourceVersion());
        JsonArray leases = new JsonArray();
        snapshot.leases().forEach(leases::add);
        json.add("leases", leases);
        try {
            AtomicFiles.write(path, HttpReplies.GSON.toJson(json).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save data file " + path, e);
        }
    }
}
