package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY as client-go (Go's httpproxy package) reads them. */
class ProxyRulesTest {

    private static Optional<String> proxyFor(Map<String, String> environment, String server) {
        return ProxyRules.fromEnvironment(environment)
                .forServer(URI.create(server))
                .map(
                        p ->
                                ((InetSocketAddress) p.address()).getHostString()
                                        + ":"
                                        + ((InetSocketAddress) p.address()).getPort());
    }

    @Test
    void httpsServersUseHttpsProxyAndHttpServersHttpProxy() {
        Map<String, String> env =
                Map.of("HTTPS_PROXY", "http://secure-proxy:3128", "http_proxy", "plain-proxy:8080");
        assertEquals(Optional.of("secure-proxy:3128"), proxyFor(env, "https://10.0.0.1:6443"));
        assertEquals(Optional.of("plain-proxy:8080"), proxyFor(env, "http://api.example.com"));
        assertEquals(
                Optional.empty(), proxyFor(Map.of("HTTP_PROXY", "p:1"), "https://api.example.com"));
    }

    @Test
    void upperCaseWinsAndAProxyWithoutPortUsesEighty() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "upper", "https_proxy", "lower:1");
        assertEquals(Optional.of("upper:80"), proxyFor(env, "https://api.example.com"));
    }

    @Test
    void loopbackIsNeverProxied() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "proxy:3128");
        assertEquals(Optional.empty(), proxyFor(env, "https://localhost:6443"));
        assertEquals(Optional.empty(), proxyFor(env, "https://127.0.0.1:6443"));
        assertEquals(Optional.empty(), proxyFor(env, "https://[::1]:6443"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "*; https://api.example.com; direct",
                "example.com; https://example.com; direct",
                "example.com; https://api.example.com; direct",
                ".example.com; https://example.com; proxy",
                ".example.com; https://api.example.com; direct",
                "*.example.com; https://api.example.com; direct",
                "example.com; https://notexample.com; proxy",
                "10.0.0.0/8; https://10.96.0.1; direct",
                "10.0.0.0/8; https://192.168.0.1; proxy",
                "10.96.0.1; https://10.96.0.1:443; direct",
                "api.example.com:6443; https://api.example.com:6443; direct",
                "api.example.com:6443; https://api.example.com:443; proxy",
                "other.org, API.Example.com; https://api.example.com; direct",
                "fd00::/8; https://[fd00::1]:6443; direct"
            })
    void noProxyEntries(String noProxy, String server, String expected) {
        Map<String, String> env = Map.of("HTTPS_PROXY", "proxy:3128", "NO_PROXY", noProxy);
        assertEquals(
                expected.equals("proxy") ? Optional.of("proxy:3128") : Optional.empty(),
                proxyFor(env, server));
    }

    @Test
    void unusableProxyUrlsAreNamed() {
        IllegalArgumentException socks =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ProxyRules.fromEnvironment(
                                        Map.of("HTTPS_PROXY", "socks5://proxy:1080")));
        assertTrue(
                socks.getMessage()
                        .startsWith("HTTPS_PROXY=socks5://proxy:1080 is not an http:// proxy URL"),
                socks.getMessage());
        IllegalArgumentException credentials =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ProxyRules.fromEnvironment(
                                        Map.of("HTTPS_PROXY", "http://user:secret@proxy:3128")));
        assertTrue(
                credentials.getMessage().contains("user name and password"),
                credentials.getMessage());
        assertTrue(!credentials.getMessage().contains("secret"), "never logs the password");
    }
}
