package io.leadergate.agent.kube;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys from PEM text, with the JDK alone. Kubeconfigs carry keys in three
 * encodings: PKCS#8 ({@code PRIVATE KEY}, which the JDK reads), PKCS#1 ({@code RSA PRIVATE KEY},
 * kubeadm's) and SEC1 ({@code EC PRIVATE KEY}, openssl's and kind's). The last two are wrapped in a
 * PKCS#8 DER header naming their algorithm, which is all BouncyCastle's PEM parser would add.
 */
final class PemFiles {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    /** rsaEncryption, 1.2.840.113549.1.1.1, DER-encoded. */
    private static final byte[] RSA_OID = {
        0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
    };

    /** id-ecPublicKey, 1.2.840.10045.2.1, DER-encoded. */
    private static final byte[] EC_OID = {
        0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
    };

    private static final byte[] DER_NULL = {0x05, 0x00};

    private PemFiles() {}

    /**
     * Every {@code CERTIFICATE} block of {@code pem}; at least one, else an IOException naming
     * {@code what}.
     */
    static List<X509Certificate> certificates(byte[] pem, String what) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher block = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
            while (block.find()) {
                if (block.group(1).equals("CERTIFICATE")) {
                    certificates.add(
                            (X509Certificate)
                                    factory.generateCertificate(
                                            new ByteArrayInputStream(
                                                    base64(block.group(2), what))));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(what + " is not a valid PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(what + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The first private key of {@code pem}: PKCS#8, PKCS#1 (RSA) or SEC1 (EC). */
    static PrivateKey privateKey(byte[] pem, String what) throws IOException {
        Matcher block = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (block.find()) {
            String type = block.group(1);
            try {
                switch (type) {
                    case "PRIVATE KEY":
                        return pkcs8(base64(block.group(2), what));
                    case "RSA PRIVATE KEY":
                        return KeyFactory.getInstance("RSA")
                                .generatePrivate(
                                        new PKCS8EncodedKeySpec(
                                                wrap(
                                                        sequence(RSA_OID, DER_NULL),
                                                        base64(block.group(2), what))));
                    case "EC PRIVATE KEY":
                        byte[] sec1 = base64(block.group(2), what);
                        return KeyFactory.getInstance("EC")
                                .generatePrivate(
                                        new PKCS8EncodedKeySpec(
                                                wrap(sequence(EC_OID, curveOf(sec1, what)), sec1)));
                    case "ENCRYPTED PRIVATE KEY":
                        throw new IOException(
                                what
                                        + " is an encrypted private key; kubeconfig keys must be unencrypted");
                    default:
                        // EC PARAMETERS and other blocks before the key
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException(what + " is not a valid " + type + ": " + e.getMessage(), e);
            }
        }
        throw new IOException(
                what
                        + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** A PKCS#8 key whose algorithm is RSA or EC (the only ones Kubernetes issues). */
    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    private static byte[] base64(String body, String what) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(body.trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    what + " has a PEM block that is not base64: " + e.getMessage(), e);
        }
    }

    /**
     * The named curve of a SEC1 {@code ECPrivateKey ::= SEQUENCE { version, privateKey OCTET
     * STRING, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }}: the OID inside {@code [0]}.
     */
    private static byte[] curveOf(byte[] sec1, String what) throws IOException {
        Der outer = new Der(sec1, 0);
        int at = outer.contentStart;
        while (at < outer.end) {
            Der element = new Der(sec1, at);
            if ((sec1[at] & 0xff) == 0xa0) {
                Der oid = new Der(sec1, element.contentStart);
                byte[] encoded = new byte[oid.end - element.contentStart];
                System.arraycopy(sec1, element.contentStart, encoded, 0, encoded.length);
                return encoded;
            }
            at = element.end;
        }
        // No [0]: the curve is implied by the private key's length (all Kubernetes uses are NIST
        // curves).
        Der version = new Der(sec1, outer.contentStart);
        Der privateKey = new Der(sec1, version.end);
        switch (privateKey.end - privateKey.contentStart) {
            case 32:
                return new byte[] {
                    0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07
                }; // P-256
            case 48:
                return new byte[] {0x06, 0x05, 0x2b, (byte) 0x81, 0x04, 0x00, 0x22}; // P-384
            case 65:
            case 66:
                return new byte[] {0x06, 0x05, 0x2b, (byte) 0x81, 0x04, 0x00, 0x23}; // P-521
            default:
                throw new IOException(
                        what
                                + " is an EC PRIVATE KEY without its curve; write it with its parameters "
                                + "(openssl ec -param_out) or as PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
        }
    }

    /** One DER element's bounds (definite lengths only, as DER requires). */
    private static final class Der {
        final int contentStart;
        final int end;

        Der(byte[] der, int offset) throws IOException {
            if (offset + 2 > der.length) {
                throw new IOException("truncated DER");
            }
            int length = der[offset + 1] & 0xff;
            int start = offset + 2;
            if (length > 0x80) {
                int bytes = length - 0x80;
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[start + i] & 0xff);
                }
                start += bytes;
            }
            this.contentStart = start;
            this.end = start + length;
            if (end > der.length) {
                throw new IOException("truncated DER");
            }
        }
    }

    /** {@code PrivateKeyInfo ::= SEQUENCE { version 0, algorithm, privateKey OCTET STRING }}. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return sequence(new byte[] {0x02, 0x01, 0x00}, algorithm, tagged(0x04, key));
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tagged(0x30, content.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
