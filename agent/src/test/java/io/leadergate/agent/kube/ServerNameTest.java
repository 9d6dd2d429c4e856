package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerName}'s rules one by one, as Go's {@code VerifyHostname} applies them (the
 * handshakes that use them: ServerNameCheckTest).
 */
class ServerNameTest {

    private static final TestPki PKI = new TestPki();
    private static final KeyPair KEYS = TestPki.keys("EC");

    private static X509Certificate dns(String... names) {
        GeneralName[] sans = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            sans[i] = new GeneralName(GeneralName.dNSName, names[i]);
        }
        return PKI.issue("server", KEYS, sans);
    }

    private static X509Certificate ip(String address) {
        return PKI.issue("server", KEYS, new GeneralName(GeneralName.iPAddress, address));
    }

    private static void valid(X509Certificate certificate, String name) throws Exception {
        ServerName.verify(certificate, name);
    }

    private static void invalid(X509Certificate certificate, String name) {
        CertificateException e =
                assertThrows(
                        CertificateException.class, () -> ServerName.verify(certificate, name));
        assertTrue(
                e.getMessage().contains(", not " + name)
                        || e.getMessage().contains("but the server is " + name),
                e.getMessage());
    }

    @Test
    void dnsNames() throws Exception {
        valid(dns("kube.example.com"), "kube.example.com");
        valid(dns("kube.example.com"), "KUBE.Example.com");
        valid(dns("KUBE.EXAMPLE.COM"), "kube.example.com");
        valid(dns("kube.example.com"), "kube.example.com.");
        valid(dns("other", "kube_internal.example"), "kube_internal.example");
        invalid(dns("kube.example.com"), "kube.example.co");
        invalid(dns("kube.example.com"), "example.com");
        invalid(dns("kube.example.com"), "x.kube.example.com");
        // a pattern with a trailing dot is not a valid pattern: it matches only the same text
        invalid(dns("kube.example.com."), "kube.example.com");
        valid(dns("kube.example.com."), "kube.example.com.");
        // not ASCII case folding beyond A-Z
        invalid(dns("kube.example.com"), "kube.exampl\u0130.com");
    }

    @Test
    void wildcards() throws Exception {
        valid(dns("*.example.com"), "a.example.com");
        valid(dns("*.example.com"), "A.EXAMPLE.com.");
        invalid(dns("*.example.com"), "a.b.example.com");
        invalid(dns("*.example.com"), "example.com");
        invalid(dns("*.example.com"), ".example.com");
        invalid(dns("a.*.example.com"), "a.b.example.com"); // only the left-most label
        invalid(dns("a*.example.com"), "ab.example.com"); // only a whole label
        invalid(dns("*"), "localhost"); // a bare wildcard is no pattern
        valid(dns("a*.example.com"), "a*.example.com"); // ...but exact text still matches
    }

    @Test
    void ipAddresses() throws Exception {
        valid(ip("127.0.0.1"), "127.0.0.1");
        valid(ip("::1"), "0:0:0:0:0:0:0:1");
        valid(ip("::1"), "[::1]");
        valid(ip("2001:db8::a"), "2001:DB8:0:0::A");
        valid(ip("10.0.0.1"), "::ffff:10.0.0.1"); // IPv4-mapped: the same address, as in Go
        invalid(ip("127.0.0.1"), "127.0.0.2");
        invalid(ip("::1"), "::2");
        // an IP host never matches a DNS SAN, even of the same text
        invalid(dns("127.0.0.1"), "127.0.0.1");
        invalid(dns("::1"), "::1");
        // not IPs for Go (leading zeros, short forms): names, which match no IP SAN
        invalid(ip("127.0.0.1"), "127.000.0.1");
        invalid(ip("127.0.0.1"), "127.1");
    }

    @Test
    void theCommonNameIsNeverUsed() {
        X509Certificate withSans = PKI.issue("kube.example.com", KEYS);
        CertificateException e =
                assertThrows(
                        CertificateException.class,
                        () ->
                                ServerName.verify(
                                        PKI.issue("kube.example.com", KEYS, new GeneralName[0]),
                                        "kube.example.com"));
        assertTrue(e.getMessage().contains("no subject alternative names"), e.getMessage());
        assertTrue(e.getMessage().contains("CN=kube.example.com"), e.getMessage());
        // with SANs, the CN is not a fallback either
        assertThrows(
                CertificateException.class, () -> ServerName.verify(withSans, "kube.example.com"));
    }

    @Test
    void theMessageNamesEveryNameOfTheCertificate() {
        X509Certificate both =
                PKI.issue(
                        "server",
                        KEYS,
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "::1"),
                        new GeneralName(GeneralName.iPAddress, "10.0.0.1"));
        CertificateException e =
                assertThrows(
                        CertificateException.class, () -> ServerName.verify(both, "kube.invalid"));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "the server's certificate is valid for localhost, 0:0:0:0:0:0:0:1, 10.0.0.1, not kube.invalid (the name is"),
                e.getMessage());
    }
}
