package io.leadergate.agent.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Client certificates with RSA and EC keys in the three PEM encodings kubeconfigs carry (PKCS#1,
 * SEC1, PKCS#8), read with the JDK alone and presented in a real mutual-TLS handshake.
 */
class ClientCertificateTest {

    private final TestPki pki = new TestPki();

    @ParameterizedTest
    @CsvSource({
        "RSA, traditional",
        "RSA, pkcs8",
        "EC, traditional",
        "EC, pkcs8",
        "EC, sec1-with-parameters",
        "EC, sec1-with-curve"
    })
    void readsTheKeyAndSignsWithIt(String algorithm, String encoding) throws Exception {
        KeyPair keys = TestPki.keys(algorithm);
        PrivateKey read =
                PemFiles.privateKey(
                        pem(keys, encoding).getBytes(StandardCharsets.US_ASCII), "test key");

        String signing = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        Signature signer = Signature.getInstance(signing);
        signer.initSign(read);
        signer.update(new byte[] {1, 2, 3});
        Signature verifier = Signature.getInstance(signing);
        verifier.initVerify(keys.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signer.sign()), "the key read is the key written");
    }

    private static String pem(KeyPair keys, String encoding) {
        switch (encoding) {
            case "pkcs8":
                return TestPki.pkcs8Pem(keys.getPrivate());
            case "sec1-with-curve":
                return TestPki.sec1WithCurvePem(keys.getPrivate());
            case "sec1-with-parameters":
                // openssl ecparam -genkey writes the curve in a block of its own first
                return "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                        + TestPki.traditionalPem(keys.getPrivate());
            default:
                String pem = TestPki.traditionalPem(keys.getPrivate());
                assertTrue(
                        pem.contains(
                                keys.getPrivate().getAlgorithm().equals("EC")
                                        ? "EC PRIVATE KEY"
                                        : "RSA PRIVATE KEY"),
                        pem);
                return pem;
        }
    }

    @ParameterizedTest
    @CsvSource({
        "RSA, traditional",
        "RSA, pkcs8",
        "EC, traditional",
        "EC, sec1-with-curve",
        "EC, pkcs8"
    })
    void presentsTheKubeconfigsClientCertificate(
            String algorithm, String encoding, @TempDir Path dir) throws Exception {
        AtomicReference<String> client = new AtomicReference<>();
        HttpsServer server = pki.mutualTlsServer(client);
        try {
            KeyPair keys = TestPki.keys(algorithm);
            X509Certificate certificate = pki.issue("leader-" + algorithm, keys);
            // CA and key by file (relative to the kubeconfig), certificate inline
            Files.writeString(dir.resolve("ca.crt"), TestPki.traditionalPem(pki.ca));
            Files.writeString(dir.resolve("client.key"), pem(keys, encoding));
            Path kubeconfig =
                    TestPki.kubeconfig(
                            dir.resolve("config"),
                            "{server: 'https://127.0.0.1:"
                                    + server.getAddress().getPort()
                                    + "', certificate-authority: ca.crt}",
                            "client-certificate-data: "
                                    + TestPki.base64(TestPki.traditionalPem(certificate)),
                            "client-key: client.key");
            ApiServer api = ServerAccess.fromKubeconfig(kubeconfig, Map.of(), "test");

            ApiServer.Reply reply = api.call("GET", "/version", null, Duration.ofSeconds(10));

            assertEquals(200, reply.code);
            assertEquals("CN=leader-" + algorithm, client.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aKeyWithoutItsCertificateIsNamed() {
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                PemFiles.privateKey(
                                        TestPki.traditionalPem(pki.ca)
                                                .getBytes(StandardCharsets.US_ASCII),
                                        "the client key of /k"));
        assertTrue(
                e.getMessage().startsWith("the client key of /k holds no PEM private key"),
                e.getMessage());
    }

    @Test
    void anEncryptedKeyIsRefusedClearly() {
        String encrypted =
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                PemFiles.privateKey(
                                        encrypted.getBytes(StandardCharsets.US_ASCII), "k"));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }
}
