package io.leadergate.agent.kube;

import io.kubernetes.client.util.KubeConfig;
import io.leadergate.agent.config.Kubeconfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How to reach and authenticate to the API server: from a kubeconfig (parsed, and its credential
 * plugins and auth providers run, by client-java's {@link KubeConfig}, which needs neither its
 * {@code ApiClient} nor its generated models) or from the pod's service account. Builds the TLS
 * context itself, with the JDK: the CA from {@code certificate-authority(-data)} (else the JDK's
 * trust store), the client certificate and key ({@link PemFiles}); for a CA it was given, the
 * server's name is checked as client-go checks it ({@link NameCheckingTrust}), against {@code
 * tls-server-name} when the cluster sets one.
 */
public final class ServerAccess {

    /** The projected service account: token, CA and namespace. */
    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private ServerAccess() {}

    /**
     * The server of {@code kubeconfig}'s current context, its user's credentials (relative paths
     * resolve against the directory of the file that defined the entry, as client-go does) and the
     * proxy the environment names. The kubeconfig itself is not read again; the CA, certificate,
     * key and token files it names are read now, and an exec plugin is run now.
     *
     * @throws IOException it does not say how to reach a server, or a file it names cannot be used,
     *     naming what is wrong
     */
    public static ApiServer fromKubeconfig(
            Kubeconfig config, Map<String, String> environment, String userAgent)
            throws IOException {
        String context = config.currentContext();
        String server = config.clusterString("server");
        if (server == null || server.trim().isEmpty()) {
            throw new IOException(
                    config.describe()
                            + ": "
                            + (context == null
                                    ? "no current-context is set"
                                    : "the current context "
                                            + context
                                            + " names no cluster with a server")
                            + ". Fix: kubectl config use-context NAME, or set leadergate.kubeconfig to a kubeconfig for the cluster");
        }
        Path clusterFile = config.clusterFile();
        URI base = serverUri(server.trim(), "kubeconfig " + clusterFile);

        byte[] certificate =
                dataOrFile(
                        config,
                        config.user(),
                        "client-certificate-data",
                        config.userPath("client-certificate"));
        byte[] key =
                dataOrFile(config, config.user(), "client-key-data", config.userPath("client-key"));
        Credentials credentials;
        if (needsPlugin(config)) {
            KubeConfig plugins = forPlugin(config);
            Map<String, String> obtained = plugins.getCredentials(); // runs the plugin
            credentials = fromPlugin(config, plugins, obtained);
            if (obtained.containsKey(KubeConfig.CRED_CLIENT_CERTIFICATE_DATA_KEY)) {
                certificate =
                        obtained.get(KubeConfig.CRED_CLIENT_CERTIFICATE_DATA_KEY)
                                .getBytes(StandardCharsets.UTF_8);
                key =
                        obtained.get(KubeConfig.CRED_CLIENT_KEY_DATA_KEY)
                                .getBytes(StandardCharsets.UTF_8);
            }
        } else {
            credentials = credentials(config);
        }
        Path userSource = config.userFile() != null ? config.userFile() : clusterFile;
        String serverName = tlsServerName(config);
        Optional<SSLSocketFactory> tls = Optional.empty();
        boolean jdkIdentification = false;
        if ("https".equals(base.getScheme())) {
            if (Boolean.TRUE.equals(config.cluster().get("insecure-skip-tls-verify"))) {
                tls =
                        Optional.of(
                                context(
                                        null,
                                        certificate,
                                        key,
                                        clusterFile,
                                        userSource,
                                        true,
                                        null));
            } else {
                byte[] authority =
                        dataOrFile(
                                config,
                                config.cluster(),
                                "certificate-authority-data",
                                config.clusterPath("certificate-authority"));
                tls =
                        Optional.of(
                                context(
                                        authority,
                                        certificate,
                                        key,
                                        clusterFile,
                                        userSource,
                                        false,
                                        serverName != null
                                                ? serverName
                                                : ServerName.withoutBrackets(base.getHost())));
                jdkIdentification = authority == null;
            }
        }
        ProxyRules proxies = ProxyRules.fromEnvironment(environment);
        return new ApiServer(
                base,
                tls,
                jdkIdentification,
                serverName,
                proxies.forServer(base),
                credentials,
                userAgent);
    }

    /**
     * The cluster's {@code tls-server-name}: the name TLS presents (SNI) and checks the server's
     * certificate against instead of the URL's host, as client-go does; null when unset or blank.
     *
     * @throws IOException it is not a host name or IP address on its own
     */
    private static String tlsServerName(Kubeconfig config) throws IOException {
        Object value = config.cluster().get("tls-server-name");
        if (value == null) {
            return null;
        }
        String name = value instanceof String ? ((String) value).trim() : null;
        if (name != null && name.isEmpty()) {
            return null;
        }
        if (name == null
                || name.indexOf('/') >= 0
                || name.chars().anyMatch(Character::isWhitespace)
                || (name.indexOf(':') >= 0 && !ServerName.isIpLiteral(name))) {
            throw new IOException(
                    config.describe()
                            + ": the cluster "
                            + config.clusterName()
                            + "'s tls-server-name "
                            + value
                            + " is not a host name. Fix: a name the server's certificate is valid"
                            + " for, without scheme, port or path (e.g. kubernetes.default.svc)");
        }
        return name;
    }

    /** {@link #fromKubeconfig(Kubeconfig, Map, String)} of one file on its own. */
    static ApiServer fromKubeconfig(
            Path kubeconfig, Map<String, String> environment, String userAgent) throws IOException {
        return fromKubeconfig(Kubeconfig.read(kubeconfig), environment, userAgent);
    }

    /**
     * The pod's API server ({@code KUBERNETES_SERVICE_HOST}/{@code _PORT}), trusted by the service
     * account's {@code ca.crt}, with its token re-read as the kubelet rotates it.
     *
     * @throws IOException not inside a pod, or the service account is not mounted
     */
    public static ApiServer inCluster(Map<String, String> environment, String userAgent)
            throws IOException {
        return inCluster(environment, SERVICE_ACCOUNT, userAgent);
    }

    static ApiServer inCluster(
            Map<String, String> environment, Path serviceAccount, String userAgent)
            throws IOException {
        String host = environment.get("KUBERNETES_SERVICE_HOST");
        String port = environment.get("KUBERNETES_SERVICE_PORT");
        if (host == null || host.trim().isEmpty() || port == null || port.trim().isEmpty()) {
            throw new IOException(
                    "no kubeconfig was found (leadergate.kubeconfig, KUBECONFIG, ~/.kube/config) and this "
                            + "is not a pod (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are unset). Fix: set "
                            + "leadergate.kubeconfig outside a cluster");
        }
        String h = host.trim();
        URI base =
                serverUri(
                        "https://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port.trim(),
                        "KUBERNETES_SERVICE_HOST/PORT");
        Path token = serviceAccount.resolve("token");
        if (!Files.isReadable(token)) {
            throw new IOException(
                    "the service account token "
                            + token
                            + " is missing. Fix: mount it "
                            + "(automountServiceAccountToken: true) or set leadergate.kubeconfig");
        }
        Path ca = serviceAccount.resolve("ca.crt");
        SSLSocketFactory tls =
                context(
                        Files.readAllBytes(ca),
                        null,
                        null,
                        ca,
                        ca,
                        false,
                        ServerName.withoutBrackets(base.getHost()));
        ProxyRules proxies = ProxyRules.fromEnvironment(environment);
        return new ApiServer(
                base,
                Optional.of(tls),
                false,
                null,
                proxies.forServer(base),
                new RotatingTokenFile(token),
                userAgent);
    }

    /**
     * True when only client-java can obtain the user's credential: an exec plugin or auth provider.
     */
    private static boolean needsPlugin(Kubeconfig config) {
        return config.user().get("exec") != null || config.user().get("auth-provider") != null;
    }

    /**
     * client-java's {@link KubeConfig} of the current context, cluster and user alone (built from
     * the entries already read: {@link KubeConfig} itself is loaded only for a plugin, see {@link
     * Credentials.FromPlugin}), to run the user's exec plugin or auth provider. Its file is the
     * user's, so that a relative command resolves against that file's directory, as in client-go.
     */
    private static KubeConfig forPlugin(Kubeconfig config) {
        Map<String, Object> context = new HashMap<>();
        context.put("cluster", config.clusterName());
        context.put("user", config.userName());
        KubeConfig plugins =
                new KubeConfig(
                        entry(config.currentContext(), "context", context),
                        entry(config.clusterName(), "cluster", config.cluster()),
                        entry(config.userName(), "user", config.user()));
        plugins.setContext(config.currentContext());
        plugins.setFile(config.userFile().toFile());
        return plugins;
    }

    private static ArrayList<Object> entry(String name, String field, Map<?, ?> body) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("name", name);
        entry.put(field, body);
        ArrayList<Object> list = new ArrayList<>(1);
        list.add(entry);
        return list;
    }

    /**
     * The credential an exec plugin or auth provider obtained through client-java ({@code
     * obtained}, from {@link KubeConfig#getCredentials()}): a token, refreshed after a 401, or a
     * client certificate (then no header).
     *
     * @throws IOException the plugin produced neither, naming it
     */
    private static Credentials fromPlugin(
            Kubeconfig config, KubeConfig plugins, Map<String, String> obtained)
            throws IOException {
        Object exec = config.user().get("exec");
        if (obtained == null
                || (!obtained.containsKey(KubeConfig.CRED_TOKEN_KEY)
                        && !obtained.containsKey(KubeConfig.CRED_CLIENT_CERTIFICATE_DATA_KEY))) {
            throw new IOException(
                    "kubeconfig "
                            + config.userFile()
                            + ": the user "
                            + config.userName()
                            + "'s "
                            + (exec != null
                                    ? "exec credential plugin ("
                                            + ((Map<?, ?>) exec).get("command")
                                            + ")"
                                    : "auth-provider")
                            + " produced no token or client certificate. Fix: run it by hand "
                            + "(kubectl get --raw /version shows its error) and check its apiVersion is "
                            + "client.authentication.k8s.io/v1beta1 or v1alpha1");
        }
        if (obtained.containsKey(KubeConfig.CRED_TOKEN_KEY)) {
            return new Credentials.FromPlugin(
                    plugins,
                    obtained,
                    exec != null
                            ? "a token from the exec plugin " + ((Map<?, ?>) exec).get("command")
                            : "a token from the auth-provider");
        }
        return Credentials.NONE; // the plugin issued a client certificate
    }

    /** client-go's order without a plugin: token, else tokenFile, else basic auth. */
    private static Credentials credentials(Kubeconfig config) {
        String token = config.userString("token");
        if (token != null && !token.trim().isEmpty()) {
            return Credentials.bearer(token);
        }
        Optional<Path> tokenFile = RotatingTokenFile.ofKubeconfig(config);
        if (tokenFile.isPresent()) {
            return new RotatingTokenFile(tokenFile.get());
        }
        String username = config.userString("username");
        if (username != null) {
            return Credentials.basic(username, config.userString("password"));
        }
        return Credentials.NONE;
    }

    /**
     * {@code dataKey} of {@code entry} decoded from base64 (MIME: line breaks and stray characters
     * ignored, as commons-codec's decoder client-java uses does) or else {@code file}, already
     * resolved against its entry's file; null if neither is set.
     */
    private static byte[] dataOrFile(Kubeconfig config, Map<?, ?> entry, String dataKey, Path file)
            throws IOException {
        Object data = entry.get(dataKey);
        if (data != null) {
            try {
                return Base64.getMimeDecoder().decode(data.toString().trim());
            } catch (IllegalArgumentException e) {
                throw new IOException(
                        config.describe() + ": " + dataKey + " is not base64: " + e.getMessage(),
                        e);
            }
        }
        return file == null ? null : Files.readAllBytes(file);
    }

    private static URI serverUri(String server, String source) throws IOException {
        try {
            URI uri = URI.create(server);
            if (uri.getHost() == null
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    source
                            + ": the server "
                            + server
                            + " is not an https:// URL ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }

    /**
     * The TLS context: trust {@code caPem} and check that the server's certificate is valid for
     * {@code serverName} ({@link NameCheckingTrust}; null {@code caPem}: the JDK's trust store, its
     * name check set on each socket by {@link HttpConnection}; anything when {@code insecure}),
     * present the client certificate if any.
     */
    private static SSLSocketFactory context(
            byte[] caPem,
            byte[] certificatePem,
            byte[] keyPem,
            Path source,
            Path userSource,
            boolean insecure,
            String serverName)
            throws IOException {
        try {
            TrustManager[] trust;
            if (insecure) {
                trust = new TrustManager[] {new TrustingEveryServer()};
            } else {
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                if (caPem == null) {
                    factory.init((KeyStore) null);
                } else {
                    KeyStore store = KeyStore.getInstance("PKCS12");
                    store.load(null, null);
                    int i = 0;
                    for (X509Certificate ca :
                            PemFiles.certificates(
                                    caPem, "the certificate authority of " + source)) {
                        store.setCertificateEntry("ca-" + i++, ca);
                    }
                    factory.init(store);
                }
                trust = factory.getTrustManagers();
                if (caPem != null) {
                    trust =
                            new TrustManager[] {
                                new NameCheckingTrust(pkix(trust, source), serverName)
                            };
                }
            }
            KeyManager[] keys = null;
            if (certificatePem != null || keyPem != null) {
                if (certificatePem == null || keyPem == null) {
                    throw new IOException(
                            userSource
                                    + ": a client "
                                    + (keyPem == null
                                            ? "certificate without its key"
                                            : "key without its certificate")
                                    + " (client-certificate(-data) and client-key(-data) go together)");
                }
                List<X509Certificate> chain =
                        PemFiles.certificates(
                                certificatePem, "the client certificate of " + userSource);
                PrivateKey key = PemFiles.privateKey(keyPem, "the client key of " + userSource);
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] password = new char[0];
                store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
                KeyManagerFactory factory =
                        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password);
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS from " + source + ": " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager pkix(TrustManager[] managers, Path source)
            throws IOException {
        for (TrustManager manager : managers) {
            if (manager instanceof X509ExtendedTrustManager) {
                return (X509ExtendedTrustManager) manager;
            }
        }
        throw new IOException(
                "cannot set up TLS from " + source + ": the JDK has no X.509 trust manager");
    }

    /** {@code insecure-skip-tls-verify: true}: the user chose to trust any server. */
    private static final class TrustingEveryServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
