package io.leadergate.agent.kube;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The host-name check client-go applies to an API server's certificate, which is Go's {@code
 * crypto/x509} {@code Certificate.VerifyHostname} (Go 1.15 and later): an IP address (IPv4 or IPv6,
 * in any textual form, brackets allowed) matches only an iPAddress subject alternative name of the
 * same value; any other name only a dNSName one, ASCII case-insensitively, a trailing dot on the
 * name ignored, a {@code *} as the whole left-most label of a pattern standing for exactly one
 * label; the subject's Common Name is never used. Names that are not valid host names (or patterns
 * that are not valid patterns, a trailing dot among them) match only exactly. No DNS lookups.
 */
final class ServerName {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private ServerName() {}

    /**
     * Returns if {@code certificate} is valid for {@code name}.
     *
     * @throws CertificateException it is not, naming {@code name} and the names the certificate is
     *     valid for
     */
    static void verify(X509Certificate certificate, String name) throws CertificateException {
        List<String> dnsNames = new ArrayList<>();
        List<String> ipAddresses = new ArrayList<>();
        sans(certificate, dnsNames, ipAddresses);
        String ipCandidate = withoutBrackets(name);
        byte[] ip = ipLiteral(ipCandidate);
        if (ip != null) {
            for (String san : ipAddresses) {
                if (Arrays.equals(ip, ipLiteral(san))) {
                    return;
                }
            }
            throw new CertificateException(
                    mismatch(certificate, ipCandidate, dnsNames, ipAddresses));
        }
        String candidate = lowerAscii(name);
        boolean validCandidate = validHostname(candidate, false);
        for (String pattern : dnsNames) {
            if (validCandidate && validHostname(pattern, true)
                    ? matchesPattern(pattern, candidate)
                    : matchesExactly(pattern, candidate)) {
                return;
            }
        }
        throw new CertificateException(mismatch(certificate, name, dnsNames, ipAddresses));
    }

    /** True when {@code name} is an IPv4 or IPv6 literal (brackets allowed): no SNI for it. */
    static boolean isIpLiteral(String name) {
        return ipLiteral(withoutBrackets(name)) != null;
    }

    /** {@code host} without the brackets a URL puts around an IPv6 literal ({@code [::1]}). */
    static String withoutBrackets(String host) {
        return host.length() >= 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
    }

    private static void sans(X509Certificate certificate, List<String> dns, List<String> ips)
            throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return;
        }
        for (List<?> entry : names) {
            if (entry.size() < 2 || !(entry.get(0) instanceof Integer)) {
                continue;
            }
            int type = (Integer) entry.get(0);
            if (type == DNS_NAME && entry.get(1) instanceof String) {
                dns.add((String) entry.get(1));
            } else if (type == IP_ADDRESS && entry.get(1) instanceof String) {
                ips.add((String) entry.get(1));
            }
        }
    }

    /** As Go's {@code HostnameError}: what was wanted, and every name the certificate has. */
    private static String mismatch(
            X509Certificate certificate, String name, List<String> dns, List<String> ips) {
        List<String> all = new ArrayList<>(dns);
        for (String ip : ips) {
            byte[] address = ipLiteral(ip);
            all.add(address == null ? ip : canonical(address));
        }
        String prefix = "the server's certificate ";
        String because;
        if (all.isEmpty()) {
            String subject = certificate.getSubjectX500Principal().getName();
            because =
                    prefix
                            + "has no subject alternative names (its subject is "
                            + subject
                            + "; the Common Name is not a server name for Kubernetes clients since Go"
                            + " 1.15), but the server is "
                            + name;
        } else {
            because = prefix + "is valid for " + String.join(", ", all) + ", not " + name;
        }
        return because
                + " (the name is the server URL's host, or the kubeconfig cluster's tls-server-name;"
                + " the certificate needs it as a subject alternative name)";
    }

    /** The text of an address as {@link InetAddress} prints it (IPv4 when IPv4-mapped). */
    private static String canonical(byte[] sixteen) {
        try {
            return InetAddress.getByAddress(sixteen).getHostAddress();
        } catch (UnknownHostException e) {
            return Arrays.toString(sixteen); // not reached: 16 bytes are an address
        }
    }

    /**
     * The 16-byte form of an IPv4 literal (dotted quad, no leading zeros, as Go's {@code
     * net.ParseIP}: IPv4-mapped) or an IPv6 literal without zone; null when {@code text} is not
     * one.
     */
    static byte[] ipLiteral(String text) {
        if (text.indexOf(':') >= 0) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean hex =
                        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!hex && c != ':' && c != '.') {
                    return null; // a zone (%eth0) or not an address at all
                }
            }
            try {
                // Bracketed, an IPv6 literal is parsed as one or refused: never a DNS lookup.
                return sixteen(InetAddress.getByName("[" + text + "]").getAddress());
            } catch (UnknownHostException | IllegalArgumentException e) {
                return null;
            }
        }
        byte[] four = ipv4(text);
        return four == null ? null : sixteen(four);
    }

    private static byte[] ipv4(String text) {
        byte[] address = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part > 3) {
                    return null;
                }
                address[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // a leading zero: refused, as Go 1.17 and later do
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
                digits++;
            } else {
                return null;
            }
        }
        return part == 4 ? address : null;
    }

    private static byte[] sixteen(byte[] address) {
        if (address.length == 16) {
            return address;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address, 0, mapped, 12, 4);
        return mapped;
    }

    /**
     * Go's {@code validHostname}: labels of ASCII letters, digits, {@code _} and {@code -} (not
     * first); a trailing dot allowed on a name, not on a pattern; a pattern's first label may be
     * {@code *}, a bare {@code *} is not a pattern.
     */
    static boolean validHostname(String host, boolean pattern) {
        String h = !pattern && host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty() || h.equals("*")) {
            return false;
        }
        String[] labels = h.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label.isEmpty()) {
                return false;
            }
            if (pattern && i == 0 && label.equals("*")) {
                continue;
            }
            for (int j = 0; j < label.length(); j++) {
                char c = label.charAt(j);
                boolean ok =
                        (c >= 'a' && c <= 'z')
                                || (c >= 'A' && c <= 'Z')
                                || (c >= '0' && c <= '9')
                                || c == '_'
                                || (c == '-' && j != 0);
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matchesExactly(String a, String b) {
        if (a.isEmpty() || a.equals(".") || b.isEmpty() || b.equals(".")) {
            return false;
        }
        return lowerAscii(a).equals(lowerAscii(b));
    }

    private static boolean matchesPattern(String pattern, String host) {
        String p = lowerAscii(pattern);
        String h = lowerAscii(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
        if (p.isEmpty() || h.isEmpty()) {
            return false;
        }
        String[] patternLabels = p.split("\\.", -1);
        String[] hostLabels = h.split("\\.", -1);
        if (patternLabels.length != hostLabels.length) {
            return false;
        }
        for (int i = 0; i < patternLabels.length; i++) {
            if (i == 0 && patternLabels[i].equals("*")) {
                continue;
            }
            if (!patternLabels[i].equals(hostLabels[i])) {
                return false;
            }
        }
        return true;
    }

    /** ASCII letters only (RFC 6125 6.4.1): no locale, no Unicode case folding. */
    private static String lowerAscii(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return chars == null ? text : new String(chars);
    }
}
