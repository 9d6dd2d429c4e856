package io.leadergate.agent.kube;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (or their lower-case forms) as
 * client-go reads them (Go's {@code httpproxy.FromEnvironment}): the https proxy for https servers,
 * the http proxy for http ones; never for {@code localhost} or a loopback address; {@code NO_PROXY}
 * entries are {@code *}, IP addresses, CIDR ranges and domains, each with an optional port, where
 * {@code example.com} covers the domain and its subdomains and {@code .example.com} only the
 * subdomains. A proxy reached this way tunnels TLS with HTTP {@code CONNECT}.
 */
final class ProxyRules {

    private final Optional<URI> httpsProxy;
    private final Optional<URI> httpProxy;
    private final List<String> noProxy;

    private ProxyRules(Optional<URI> httpsProxy, Optional<URI> httpProxy, List<String> noProxy) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
    }

    /**
     * @throws IllegalArgumentException a proxy variable that is not a usable URL, naming it
     */
    static ProxyRules fromEnvironment(Map<String, String> environment) {
        List<String> noProxy = new ArrayList<>();
        for (String entry : variable(environment, "NO_PROXY").orElse("").split(",")) {
            if (!entry.trim().isEmpty()) {
                noProxy.add(entry.trim().toLowerCase(Locale.ROOT));
            }
        }
        return new ProxyRules(
                proxy(environment, "HTTPS_PROXY"), proxy(environment, "HTTP_PROXY"), noProxy);
    }

    /** The proxy for {@code server}; empty: connect directly. */
    Optional<Proxy> forServer(URI server) {
        Optional<URI> proxy = "https".equals(server.getScheme()) ? httpsProxy : httpProxy;
        if (proxy.isEmpty() || !useProxy(server)) {
            return Optional.empty();
        }
        URI uri = proxy.get();
        int port = uri.getPort() >= 0 ? uri.getPort() : 80;
        return Optional.of(
                new Proxy(
                        Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port)));
    }

    /** How a proxy was chosen, for the debug log. */
    String describe(URI server) {
        return forServer(server).map(p -> "through the proxy " + p.address()).orElse("directly");
    }

    private boolean useProxy(URI server) {
        String host = stripBrackets(server.getHost().toLowerCase(Locale.ROOT));
        int port =
                server.getPort() >= 0
                        ? server.getPort()
                        : "https".equals(server.getScheme()) ? 443 : 80;
        if (host.equals("localhost")) {
            return false;
        }
        Optional<InetAddress> ip = literal(host);
        if (ip.isPresent() && ip.get().isLoopbackAddress()) {
            return false;
        }
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return false;
            }
            if (matches(entry, host, port, ip)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String entry, String host, int port, Optional<InetAddress> ip) {
        int slash = entry.indexOf('/');
        if (slash > 0) {
            Optional<InetAddress> network = literal(entry.substring(0, slash));
            return network.isPresent()
                    && ip.isPresent()
                    && inRange(ip.get(), network.get(), entry.substring(slash + 1));
        }
        String entryHost = entry;
        int entryPort = -1;
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(':') == colon
                || entry.startsWith("[") && entry.contains("]:")) {
            entryHost = entry.substring(0, colon);
            try {
                entryPort = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        entryHost = stripBrackets(entryHost);
        if (entryPort >= 0 && entryPort != port) {
            return false;
        }
        Optional<InetAddress> entryIp = literal(entryHost);
        if (entryIp.isPresent()) {
            return ip.isPresent() && ip.get().equals(entryIp.get());
        }
        if (entryHost.startsWith("*.")) {
            entryHost = entryHost.substring(1);
        }
        if (entryHost.startsWith(".")) {
            return host.endsWith(entryHost);
        }
        return host.equals(entryHost) || host.endsWith("." + entryHost);
    }

    private static boolean inRange(InetAddress ip, InetAddress network, String prefixText) {
        byte[] a = ip.getAddress();
        byte[] b = network.getAddress();
        int prefix;
        try {
            prefix = Integer.parseInt(prefixText);
        } catch (NumberFormatException e) {
            return false;
        }
        if (a.length != b.length || prefix < 0 || prefix > 8 * a.length) {
            return false;
        }
        int drop = 8 * a.length - prefix;
        return new BigInteger(1, a).shiftRight(drop).equals(new BigInteger(1, b).shiftRight(drop));
    }

    /** An IP address literal (never a DNS lookup); empty for host names. */
    private static Optional<InetAddress> literal(String host) {
        String bare = stripBrackets(host);
        boolean looksNumeric = bare.contains(":") || bare.matches("[0-9.]+");
        if (!looksNumeric || bare.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare)); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
    }

    private static Optional<String> variable(Map<String, String> environment, String upperCase) {
        String value = environment.get(upperCase);
        if (value == null || value.trim().isEmpty()) {
            value = environment.get(upperCase.toLowerCase(Locale.ROOT));
        }
        return value == null || value.trim().isEmpty()
                ? Optional.empty()
                : Optional.of(value.trim());
    }

    private static Optional<URI> proxy(Map<String, String> environment, String name) {
        Optional<String> value = variable(environment, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().contains("://") ? value.get() : "http://" + value.get();
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    name + "=" + value.get() + " is not a proxy URL: " + e.getMessage(), e);
        }
        if (uri.getHost() == null || !"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    name
                            + "="
                            + value.get()
                            + " is not an http:// proxy URL: the agent "
                            + "tunnels to the API server through plain HTTP proxies with CONNECT (no TLS to the proxy, no SOCKS)");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    name
                            + " carries a user name and password; the agent does not "
                            + "authenticate to proxies. Fix: allow the API server through the proxy without credentials, "
                            + "or list it in NO_PROXY");
        }
        return Optional.of(uri);
    }
}
