package io.leadergate.agent.kube;

import io.leadergate.agent.config.Kubeconfig;
import io.leadergate.agent.log.AgentLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Sends the bearer token that a token file holds <em>now</em>. Bound service-account tokens expire
 * (an hour by default) and the kubelet rewrites the projected file well before; client-java reads a
 * kubeconfig's {@code tokenFile} once when the client is built and the in-cluster token file once a
 * minute, so an elector running for days would eventually send an expired token.
 *
 * <p>Before each request the file's modification time is compared with the one last read (one
 * {@code stat}); a change means re-read. A 401 re-reads the file regardless (a rewrite within the
 * file system's timestamp granularity, or one that kept the time) and, if the token differs, sends
 * the request once more. An unreadable file keeps the last good token and is logged once.
 */
final class RotatingTokenFile extends Credentials {

    /** The in-cluster service account's token, as the kubelet projects it. */
    static final Path SERVICE_ACCOUNT_TOKEN =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private final Path file;
    private volatile Token current;

    private static final class Token {
        final String value;
        final FileTime modified;

        Token(String value, FileTime modified) {
            this.value = value;
            this.modified = modified;
        }
    }

    RotatingTokenFile(Path file) {
        this.file = file;
    }

    @Override
    String authorization() {
        String token = token(false);
        return token == null ? null : "Bearer " + token;
    }

    @Override
    Optional<String> refreshAfterUnauthorized(String sent) {
        String fresh = token(true);
        String header = fresh == null ? null : "Bearer " + fresh;
        return header == null || header.equals(sent) ? Optional.empty() : Optional.of(header);
    }

    @Override
    String describe() {
        return "the token in " + file + " (re-read when it changes)";
    }

    /** The token to send; null only when the file has never been readable. */
    private String token(boolean force) {
        Token last = current;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (force || last == null || !modified.equals(last.modified)) {
                String value = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!value.isEmpty()) {
                    if (last != null && !value.equals(last.value)) {
                        AgentLog.debug("token file " + file + " changed; sending the new token");
                    }
                    last = new Token(value, modified);
                    current = last;
                    AgentLog.reset("election.token-file." + file);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            AgentLog.once(
                    "election.token-file." + file,
                    AgentLog.Level.WARN,
                    "cannot read the token file "
                            + file
                            + " ("
                            + unreadable
                            + "); sending the last token read. Fix: check the projected service account "
                            + "token volume or the kubeconfig user's tokenFile");
        }
        return last == null ? null : last.value;
    }

    /**
     * The {@code tokenFile} of the kubeconfig's current user, resolved against the directory of the
     * file that defined the user, as client-go does; empty when the user has an inline {@code
     * token} (which wins, as in client-go) or no token file.
     */
    static Optional<Path> ofKubeconfig(Kubeconfig config) {
        if (config.userString("token") != null) {
            return Optional.empty();
        }
        return Optional.ofNullable(config.userPath("tokenFile"));
    }
}
