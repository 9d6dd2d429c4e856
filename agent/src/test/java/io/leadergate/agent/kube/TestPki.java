package io.leadergate.agent.kube;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA, a server certificate for 127.0.0.1/localhost and client certificates with RSA or
 * EC keys, in every PEM encoding kubeconfigs carry; and an HTTPS server that asks for a client
 * certificate from that CA and answers every request with the client's CN (recording the
 * Authorization header instead when one is sent).
 */
final class TestPki {

    final KeyPair caKeys = keys("EC");
    final X509Certificate ca =
            certificate("CN=test-ca", caKeys, "CN=test-ca", caKeys.getPrivate(), true);

    static KeyPair keys(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    X509Certificate issue(String commonName, KeyPair subject) {
        return certificate(
                "CN=" + commonName,
                subject,
                "CN=test-ca",
                caKeys.getPrivate(),
                false,
                new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")
                });
    }

    /**
     * A server certificate of this CA with exactly {@code sans} as its subject alternative names
     * (none: no such extension, only the Common Name).
     */
    X509Certificate issue(String commonName, KeyPair subject, GeneralName... sans) {
        return certificate(
                "CN=" + commonName, subject, "CN=test-ca", caKeys.getPrivate(), false, sans);
    }

    private static X509Certificate certificate(
            String subject, KeyPair keys, String issuer, PrivateKey issuerKey, boolean ca) {
        return certificate(subject, keys, issuer, issuerKey, ca, new GeneralName[0]);
    }

    private static X509Certificate certificate(
            String subject,
            KeyPair keys,
            String issuer,
            PrivateKey issuerKey,
            boolean ca,
            GeneralName[] sans) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder =
                    new JcaX509v3CertificateBuilder(
                            new X500Name(issuer),
                            BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now.minus(1, ChronoUnit.HOURS)),
                            Date.from(now.plus(1, ChronoUnit.DAYS)),
                            new X500Name(subject),
                            keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (sans.length > 0) {
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(sans));
            }
            String algorithm =
                    issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * BouncyCastle's PEM: PKCS#1 for RSA keys, SEC1 (with the curve) for EC keys, as openssl writes
     * them.
     */
    static String traditionalPem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** SEC1 with the curve's OID in its [0] field, as {@code openssl ecparam -genkey} writes it. */
    static String sec1WithCurvePem(PrivateKey key) {
        try {
            org.bouncycastle.asn1.sec.ECPrivateKey bare =
                    org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                            org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded())
                                    .parsePrivateKey());
            byte[] der =
                    new org.bouncycastle.asn1.sec.ECPrivateKey(
                                    256,
                                    bare.getKey(),
                                    org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1)
                            .getEncoded();
            return "-----BEGIN EC PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(der)
                    + "\n-----END EC PRIVATE KEY-----\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pkcs8Pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An HTTPS server on 127.0.0.1 that needs a client certificate signed by this CA; replies
     * {@code {"cn":...}}.
     */
    HttpsServer mutualTlsServer(AtomicReference<String> lastClient) throws Exception {
        KeyPair serverKeys = keys("EC");
        X509Certificate serverCertificate = issue("server", serverKeys);
        char[] password = new char[0];
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(
                "server",
                serverKeys.getPrivate(),
                password,
                new X509Certificate[] {serverCertificate, ca});
        KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, password);
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("ca", ca);
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(
                new HttpsConfigurator(context) {
                    @Override
                    public void configure(HttpsParameters parameters) {
                        javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
                        ssl.setWantClientAuth(
                                true); // in-cluster clients send a token, not a certificate
                        parameters.setSSLParameters(ssl);
                    }
                });
        server.createContext(
                "/",
                exchange -> {
                    String cn;
                    try {
                        cn =
                                ((X509Certificate)
                                                ((HttpsExchange) exchange)
                                                        .getSSLSession()
                                                        .getPeerCertificates()[0])
                                        .getSubjectX500Principal()
                                        .getName();
                    } catch (Exception e) {
                        cn = "none: " + e;
                    }
                    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                    lastClient.set(authorization != null ? authorization : cn);
                    byte[] body = ("{\"cn\":\"" + cn + "\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
        return server;
    }

    /**
     * Writes a kubeconfig with one cluster {@code c} (its fields, {@code cluster}, as a YAML flow
     * map), one user {@code u} (its fields, {@code user}, one per line) and the context {@code x}
     * that joins them: what the TLS, exec and proxy tests vary is only those fields.
     */
    static Path kubeconfig(Path file, String cluster, String... user) throws IOException {
        StringBuilder text =
                new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n")
                        .append("  cluster: ")
                        .append(cluster)
                        .append("\nusers:\n- name: u\n  user:\n");
        for (String field : user) {
            text.append("    ").append(field).append('\n');
        }
        text.append("contexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n");
        Files.writeString(file, text);
        return file;
    }
}
