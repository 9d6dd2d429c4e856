package io.leadergate.agent.config;

import io.leadergate.agent.log.AgentLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The kubeconfig in use, read once when the election is resolved and handed on to the transport:
 * the current context, its cluster and its user, each with the file that defined it. Immutable.
 *
 * <p>Several files ({@code KUBECONFIG=a:b}) merge as client-go's {@code
 * ClientConfigLoadingRules.Load} merges them: a context, cluster or user is taken whole from the
 * first file that defines its name (a later file's entry of that name is ignored, even the fields
 * the first one lacks), and {@code current-context} from the first file that sets one. Relative
 * paths in an entry ({@code certificate-authority}, {@code client-certificate}, {@code client-key},
 * {@code tokenFile}, an {@code exec} command with a path separator) resolve against the directory
 * of the file that defined that entry.
 *
 * <p>Token files and credential plugins are not read here: the transport reads and runs them, and
 * reads or runs them again as they rotate.
 */
public final class Kubeconfig {

    private final List<Path> files;
    private final String currentContext;
    private final Path contextFile;
    private final Map<?, ?> context;
    private final String clusterName;
    private final Path clusterFile;
    private final Map<?, ?> cluster;
    private final String userName;
    private final Path userFile;
    private final Map<?, ?> user;

    private Kubeconfig(
            List<Path> files,
            String currentContext,
            Path contextFile,
            Map<?, ?> context,
            String clusterName,
            Path clusterFile,
            Map<?, ?> cluster,
            String userName,
            Path userFile,
            Map<?, ?> user) {
        this.files = Collections.unmodifiableList(files);
        this.currentContext = currentContext;
        this.contextFile = contextFile;
        this.context = context;
        this.clusterName = clusterName;
        this.clusterFile = clusterFile;
        this.cluster = cluster;
        this.userName = userName;
        this.userFile = userFile;
        this.user = user;
    }

    /** One file on its own, read from the real file system. */
    public static Kubeconfig read(Path file) throws IOException {
        List<Path> one = new ArrayList<>(1);
        one.add(file);
        return read(one, HostEnvironment.system());
    }

    /**
     * Reads each of {@code files} once (all exist: missing ones were skipped by the caller) and
     * merges them in order.
     *
     * @throws IOException a file cannot be read or is not a kubeconfig, or the current context, or
     *     its cluster, is defined in none of the files; the message names the file and the entry
     */
    public static Kubeconfig read(List<Path> files, HostEnvironment host) throws IOException {
        List<Path> paths = new ArrayList<>(files.size());
        List<Map<?, ?>> documents = new ArrayList<>(files.size());
        for (Path file : files) {
            Path path = file.toAbsolutePath().normalize();
            Optional<String> text = host.readFile(file);
            if (!text.isPresent()) {
                throw new IOException(
                        "cannot read the kubeconfig " + path + ". Fix: check its permissions");
            }
            paths.add(path);
            documents.add(document(path, text.get()));
        }
        return merge(paths, documents);
    }

    private static Map<?, ?> document(Path file, String text) throws IOException {
        Object root;
        try {
            root = KubeconfigYaml.parse(text);
        } catch (RuntimeException malformed) {
            throw invalid(file, oneLine(malformed));
        }
        if (root == null) {
            return Collections.emptyMap(); // an empty file defines nothing, as in client-go
        }
        if (!(root instanceof Map)) {
            throw invalid(file, "its top level is a list or a scalar, not a mapping");
        }
        Map<?, ?> document = (Map<?, ?>) root;
        for (String list : new String[] {"contexts", "clusters", "users"}) {
            Object entries = document.get(list);
            if (entries == null) {
                continue;
            }
            if (!(entries instanceof List)) {
                throw invalid(file, list + " is not a list");
            }
            int i = 0;
            for (Object entry : (List<?>) entries) {
                if (!(entry instanceof Map)) {
                    throw invalid(
                            file, list + "[" + i + "] is not a mapping of name and " + field(list));
                }
                i++;
            }
        }
        return document;
    }

    private static Kubeconfig merge(List<Path> files, List<Map<?, ?>> documents)
            throws IOException {
        String current = null;
        Path currentFrom = null;
        for (int i = 0; i < documents.size() && current == null; i++) {
            current = name(documents.get(i).get("current-context"));
            currentFrom = files.get(i);
        }
        if (current == null) {
            return new Kubeconfig(
                    files,
                    null,
                    null,
                    Collections.emptyMap(),
                    null,
                    null,
                    Collections.emptyMap(),
                    null,
                    null,
                    Collections.emptyMap());
        }
        int c = definer(documents, "contexts", current);
        if (c < 0) {
            throw new IOException(
                    describe(files)
                            + ": the current-context \""
                            + current
                            + "\" (set in "
                            + currentFrom
                            + ") is not defined"
                            + inFiles(files)
                            + known(current, documents, "contexts")
                            + ". Fix: kubectl config use-context NAME, or add the context");
        }
        Path contextFile = files.get(c);
        Map<?, ?> context = body(documents.get(c), "contexts", current, contextFile);
        String clusterName = name(context.get("cluster"));
        Path clusterFile = null;
        Map<?, ?> cluster = Collections.emptyMap();
        if (clusterName != null) {
            int k = definer(documents, "clusters", clusterName);
            if (k < 0) {
                throw new IOException(
                        describe(files)
                                + ": the context \""
                                + current
                                + "\" (in "
                                + contextFile
                                + ") names the cluster \""
                                + clusterName
                                + "\", which is not defined"
                                + inFiles(files)
                                + known(clusterName, documents, "clusters")
                                + ". Fix: add the cluster, or correct the context");
            }
            clusterFile = files.get(k);
            cluster = body(documents.get(k), "clusters", clusterName, clusterFile);
        }
        String userName = name(context.get("user"));
        Path userFile = null;
        Map<?, ?> user = Collections.emptyMap();
        if (userName != null) {
            int u = definer(documents, "users", userName);
            if (u >= 0) {
                userFile = files.get(u);
                user = body(documents.get(u), "users", userName, userFile);
            } else {
                // kubectl goes on without credentials; so do we, but not silently.
                String line =
                        describe(files)
                                + ": the context \""
                                + current
                                + "\" (in "
                                + contextFile
                                + ") names the user \""
                                + userName
                                + "\", which is not defined"
                                + inFiles(files)
                                + known(userName, documents, "users")
                                + "; requests go without credentials, as kubectl's would";
                AgentLog.once("config: kubeconfig user " + userName, AgentLog.Level.WARN, line);
            }
        }
        return new Kubeconfig(
                files,
                current,
                contextFile,
                context,
                clusterName,
                clusterFile,
                cluster,
                userName,
                userFile,
                user);
    }

    /** The index of the first document whose {@code list} has an entry called {@code name}. */
    private static int definer(List<Map<?, ?>> documents, String list, String name) {
        for (int i = 0; i < documents.size(); i++) {
            if (entry(documents.get(i), list, name) != null) {
                return i;
            }
        }
        return -1;
    }

    private static Map<?, ?> entry(Map<?, ?> document, String list, String name) {
        Object entries = document.get(list);
        if (entries != null) {
            for (Object entry : (List<?>) entries) {
                if (name.equals(name(((Map<?, ?>) entry).get("name")))) {
                    return (Map<?, ?>) entry;
                }
            }
        }
        return null;
    }

    /** The entry's {@code context}, {@code cluster} or {@code user} mapping; empty if absent. */
    private static Map<?, ?> body(Map<?, ?> document, String list, String name, Path file)
            throws IOException {
        Object body = entry(document, list, name).get(field(list));
        if (body == null) {
            return Collections.emptyMap();
        }
        if (!(body instanceof Map)) {
            throw invalid(file, "the " + field(list) + " of \"" + name + "\" is not a mapping");
        }
        return (Map<?, ?>) body;
    }

    private static String field(String list) {
        return list.substring(0, list.length() - 1);
    }

    /** A name as client-go reads it: a string; empty means unset. */
    private static String name(Object value) {
        if (value == null) {
            return null;
        }
        String name = value.toString();
        return name.isEmpty() ? null : name;
    }

    /** SnakeYAML's problem and where, without the multi-line excerpt its message carries. */
    private static String oneLine(RuntimeException malformed) {
        if (malformed instanceof MarkedYAMLException) {
            MarkedYAMLException marked = (MarkedYAMLException) malformed;
            Mark mark = marked.getProblemMark();
            if (marked.getProblem() != null && mark != null) {
                return marked.getProblem()
                        + " (line "
                        + (mark.getLine() + 1)
                        + ", column "
                        + (mark.getColumn() + 1)
                        + ")";
            }
        }
        return String.valueOf(malformed.getMessage()).replaceAll("\\s*\\n\\s*", " ");
    }

    private static IOException invalid(Path file, String why) {
        return new IOException("kubeconfig " + file + " is not a valid kubeconfig: " + why);
    }

    private static String inFiles(List<Path> files) {
        return files.size() == 1 ? "" : " in any of them";
    }

    /** " (did you mean ...?)", else the names there are, for an unknown {@code name}. */
    private static String known(String name, List<Map<?, ?>> documents, String list) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<?, ?> document : documents) {
            Object entries = document.get(list);
            if (entries != null) {
                for (Object entry : (List<?>) entries) {
                    String defined = name(((Map<?, ?>) entry).get("name"));
                    if (defined != null) {
                        names.add(defined);
                    }
                }
            }
        }
        Optional<String> closest = KeySuggestions.closest(name, names);
        if (closest.isPresent()) {
            return " (did you mean \"" + closest.get() + "\"?)";
        }
        if (names.isEmpty()) {
            return " (no " + field(list) + " is defined)";
        }
        List<String> shown = new ArrayList<>(names);
        return " ("
                + list
                + " defined: "
                + String.join(", ", shown.subList(0, Math.min(5, shown.size())))
                + (shown.size() > 5 ? ", ..." : "")
                + ")";
    }

    private static String describe(List<Path> files) {
        if (files.size() == 1) {
            return "kubeconfig " + files.get(0);
        }
        return "kubeconfig files " + KubeconfigLocation.joined(files);
    }

    /** The files merged, absolute, in order: the first to define a name wins. */
    public List<Path> files() {
        return files;
    }

    /** "kubeconfig FILE", or "kubeconfig files A, B", for messages. */
    public String describe() {
        return describe(files);
    }

    /** The {@code current-context}, or null when no file sets one. */
    public String currentContext() {
        return currentContext;
    }

    /** The file that defined the current context; null when there is none. */
    public Path contextFile() {
        return contextFile;
    }

    /** The current context's {@code namespace}, trimmed; empty when it sets none. */
    public Optional<String> namespace() {
        Object namespace = context.get("namespace");
        String trimmed = namespace == null ? "" : namespace.toString().trim();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    /** The current context's cluster name, or null. */
    public String clusterName() {
        return clusterName;
    }

    /** The current cluster's entry ({@code server}, ...); empty if none. */
    public Map<?, ?> cluster() {
        return cluster;
    }

    /** The file that defined the current cluster; null when there is none. */
    public Path clusterFile() {
        return clusterFile;
    }

    /** The current context's user name, or null. */
    public String userName() {
        return userName;
    }

    /** The current user's entry ({@code token}, {@code exec}, ...); empty if none. */
    public Map<?, ?> user() {
        return user;
    }

    /** The file that defined the current user; null when there is none. */
    public Path userFile() {
        return userFile;
    }

    /** A string field of the current cluster, or null. */
    public String clusterString(String key) {
        return string(cluster, key);
    }

    /** A string field of the current user, or null. */
    public String userString(String key) {
        return string(user, key);
    }

    /**
     * A file field of the current cluster, resolved against the directory of the file that defined
     * the cluster; null if unset.
     */
    public Path clusterPath(String key) {
        return path(cluster, key, clusterFile);
    }

    /** As {@link #clusterPath}, for the current user. */
    public Path userPath(String key) {
        return path(user, key, userFile);
    }

    private static String string(Map<?, ?> entry, String key) {
        Object value = entry.get(key);
        return value == null ? null : value.toString();
    }

    private static Path path(Map<?, ?> entry, String key, Path definedIn) {
        String value = string(entry, key);
        if (value == null || value.trim().isEmpty()) {
            return null;
        }
        return definedIn.getParent().resolve(value.trim()).normalize();
    }
}
