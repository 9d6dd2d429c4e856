package io.leadergate.agent.kube;

import io.kubernetes.client.util.KubeConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Authorization} header sent to the API server, and what a 401 may refresh. Variants are
 * nested: none, a fixed bearer token, basic auth, a credential plugin or auth provider run through
 * client-java's {@link KubeConfig}; {@link RotatingTokenFile} re-reads a token file.
 */
abstract class Credentials {

    /** No header: client certificates or an anonymous dev server. */
    static final Credentials NONE =
            new Credentials() {
                @Override
                String authorization() {
                    return null;
                }

                @Override
                String describe() {
                    return "no token";
                }
            };

    /** The header value for the next request; null sends none. */
    abstract String authorization();

    /**
     * After a 401 to a request sent with {@code sent}: a different header worth one more try, or
     * empty (the 401 stands).
     */
    Optional<String> refreshAfterUnauthorized(String sent) {
        return Optional.empty();
    }

    /** What kind of credential this is, never its secret, for the debug log. */
    abstract String describe();

    static Credentials bearer(String token) {
        String header = "Bearer " + token.trim();
        return new Credentials() {
            @Override
            String authorization() {
                return header;
            }

            @Override
            String describe() {
                return "the kubeconfig user's token";
            }
        };
    }

    static Credentials basic(String user, String password) {
        String header =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (user + ":" + (password == null ? "" : password))
                                                .getBytes(StandardCharsets.UTF_8));
        return new Credentials() {
            @Override
            String authorization() {
                return header;
            }

            @Override
            String describe() {
                return "basic auth as " + user;
            }
        };
    }

    /**
     * A token from the kubeconfig user's {@code exec} credential plugin or {@code auth-provider},
     * obtained through {@link KubeConfig#getCredentials()} (which runs the plugin). Plugin tokens
     * expire (EKS's after 15 minutes): a 401 runs the plugin again, as client-go does.
     */
    static final class FromPlugin extends Credentials {
        private final KubeConfig config;
        private final String what;
        private volatile String header;

        /**
         * @param first what the first {@link KubeConfig#getCredentials()} returned (it holds a
         *     token)
         */
        FromPlugin(KubeConfig config, Map<String, String> first, String what) {
            this.config = config;
            this.what = what;
            this.header = "Bearer " + first.get(KubeConfig.CRED_TOKEN_KEY);
        }

        @Override
        String authorization() {
            return header;
        }

        @Override
        synchronized Optional<String> refreshAfterUnauthorized(String sent) {
            if (!header.equals(sent)) {
                return Optional.of(header); // another thread refreshed meanwhile
            }
            Map<String, String> fresh = config.getCredentials();
            String token = fresh == null ? null : fresh.get(KubeConfig.CRED_TOKEN_KEY);
            if (token == null || ("Bearer " + token).equals(sent)) {
                return Optional.empty();
            }
            header = "Bearer " + token;
            return Optional.of(header);
        }

        @Override
        String describe() {
            return what;
        }
    }
}
