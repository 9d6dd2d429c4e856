package io.leadergate.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code leadergate.leader.service} asks for: the leader keeps the EndpointSlice of a Service
 * without a selector pointing at its own pod IP and ports, as Patroni keeps the endpoints of its
 * PostgreSQL leader. The three keys' value types live here, and {@link #of} relates them: the
 * feature needs the Service name, the pod IP and at least one port, and without one of them it is
 * refused in one line while the election goes on.
 */
public final class LeaderService {

    /** One port of the slice: {@code name:port[/protocol]}, the name empty for a lone port. */
    public static final class Port {
        private final String name;
        private final int number;
        private final String protocol;

        Port(String name, int number, String protocol) {
            this.name = name;
            this.number = number;
            this.protocol = protocol;
        }

        /** The Service port's name, "" when the Service has a single unnamed port. */
        public String name() {
            return name;
        }

        public int number() {
            return number;
        }

        /** {@code TCP}, {@code UDP} or {@code SCTP}. */
        public String protocol() {
            return protocol;
        }

        @Override
        public String toString() {
            String port = name.isEmpty() ? String.valueOf(number) : name + ":" + number;
            return protocol.equals("TCP") ? port : port + "/" + protocol;
        }
    }

    /**
     * Compiled on first use: loading this class must not load java.util.regex into the app's JVM.
     */
    private static final class Patterns {
        static final Pattern IPV4 =
                Pattern.compile(
                        "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
        static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    }

    /**
     * A Service name (what the EndpointSlice is named and labelled after): an RFC 1035 label, as
     * Services require: an RFC 1123 label that starts with a letter.
     */
    static final ValueType<String> SERVICE_NAME_TYPE =
            new ValueType<String>() {
                @Override
                public String parse(String text) {
                    String t = text.trim();
                    if (t.length() > KubernetesNames.MAX_LABEL
                            || !KubernetesNames.isLabel(t, 0, t.length())
                            || t.charAt(0) < 'a'
                            || t.charAt(0) > 'z') {
                        throw new IllegalArgumentException(
                                "expected a Service name: an RFC 1035 label of at most 63 lowercase"
                                        + " letters, digits and '-', starting with a letter, such as"
                                        + " orders-leader");
                    }
                    return t;
                }
            };

    /**
     * The pod's IP as the downward API's {@code status.podIP} gives it: an IPv4 or IPv6 literal.
     */
    static final ValueType<String> POD_IP_TYPE =
            new ValueType<String>() {
                @Override
                public String parse(String text) {
                    String t = text.trim();
                    if (Patterns.IPV4.matcher(t).matches() || isIpv6(t)) {
                        return t.toLowerCase(Locale.ROOT);
                    }
                    throw new IllegalArgumentException(
                            "expected the pod's IP address (an IPv4 or IPv6 literal, no host name):"
                                    + " set it from the downward API, fieldRef fieldPath status.podIP");
                }
            };

    /** {@code http:8080,grpc:9090/TCP,dns:53/UDP}, or a lone unnamed {@code 8080}. */
    static final ValueType<List<Port>> PORTS_TYPE =
            new ValueType<List<Port>>() {
                @Override
                public List<Port> parse(String text) {
                    return parsePorts(text);
                }

                @Override
                public String format(List<Port> ports) {
                    StringBuilder out = new StringBuilder();
                    for (Port port : ports) {
                        out.append(out.length() == 0 ? "" : ",").append(port);
                    }
                    return out.toString();
                }
            };

    private final String serviceName;
    private final String podIp;
    private final List<Port> ports;

    private LeaderService(String serviceName, String podIp, List<Port> ports) {
        this.serviceName = serviceName;
        this.podIp = podIp;
        this.ports = ports;
    }

    /**
     * The feature as configured, or empty when {@code leadergate.leader.service} is unset or
     * invalid (an invalid value is already reported by the config's problems).
     *
     * @throws IllegalStateException when the Service is named but the pod IP or the ports are
     *     missing; its message is the one line to log (the election is not affected)
     */
    public static Optional<LeaderService> of(AgentConfig config) {
        String service = config.get(ConfigKeys.LEADER_SERVICE);
        if (service == null) {
            return Optional.empty();
        }
        String podIp = config.get(ConfigKeys.POD_IP);
        List<Port> ports = config.get(ConfigKeys.LEADER_SERVICE_PORTS);
        if (podIp == null || ports == null || ports.isEmpty()) {
            throw new IllegalStateException(
                    "leader service "
                            + service
                            + " is off: "
                            + (podIp == null
                                    ? ConfigKeys.POD_IP.envName()
                                            + " is not set (give the container env "
                                            + ConfigKeys.POD_IP.envName()
                                            + " from fieldRef status.podIP)"
                                    : ConfigKeys.LEADER_SERVICE_PORTS.envName()
                                            + " is not set or invalid (e.g. http:8080,grpc:9090,"
                                            + " as the Service's port names)")
                            + "; the election and gating go on without it");
        }
        return Optional.of(new LeaderService(service, podIp, ports));
    }

    /** The Service's name, which is also its EndpointSlice's. */
    public String serviceName() {
        return serviceName;
    }

    public String podIp() {
        return podIp;
    }

    /** {@code IPv4} or {@code IPv6}: the slice's addressType. */
    public String addressType() {
        return podIp.contains(":") ? "IPv6" : "IPv4";
    }

    public List<Port> ports() {
        return ports;
    }

    private static boolean isIpv6(String text) {
        if (!Patterns.IPV6.matcher(text).matches()) {
            return false;
        }
        try {
            // A literal with a colon is parsed, never looked up.
            return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static List<Port> parsePorts(String text) {
        List<Port> ports = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] entries = text.split(",", -1);
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String protocol = "TCP";
            int slash = entry.indexOf('/');
            if (slash >= 0) {
                protocol = entry.substring(slash + 1).trim().toUpperCase(Locale.ROOT);
                entry = entry.substring(0, slash).trim();
                if (!protocol.equals("TCP")
                        && !protocol.equals("UDP")
                        && !protocol.equals("SCTP")) {
                    throw portProblem(raw, "protocol must be TCP, UDP or SCTP");
                }
            }
            int colon = entry.lastIndexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            String number = colon < 0 ? entry : entry.substring(colon + 1).trim();
            if (colon >= 0
                    && (name.length() > KubernetesNames.MAX_LABEL
                            || !KubernetesNames.isLabel(name, 0, name.length()))) {
                throw portProblem(
                        raw,
                        "the port name must be an RFC 1123 label (lowercase letters, digits, '-'),"
                                + " the name of the Service's port");
            }
            int port;
            try {
                port = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65535) {
                throw portProblem(raw, "the port must be a number from 1 to 65535");
            }
            if (!names.add(name)) {
                throw portProblem(
                        raw,
                        name.isEmpty()
                                ? "an unnamed port must be the only one (a Service with several ports names each)"
                                : "the name " + name + " is used twice");
            }
            ports.add(new Port(name, port, protocol));
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException(
                    "expected name:port entries such as http:8080,grpc:9090 (or a lone 8080)");
        }
        if (ports.size() > 1 && names.contains("")) {
            throw new IllegalArgumentException(
                    "an unnamed port must be the only one (a Service with several ports names"
                            + " each); expected name:port entries such as http:8080,grpc:9090");
        }
        return Collections.unmodifiableList(ports);
    }

    private static IllegalArgumentException portProblem(String entry, String why) {
        return new IllegalArgumentException(
                "entry \""
                        + entry.trim()
                        + "\": "
                        + why
                        + "; expected name:port[/protocol] entries such as http:8080,grpc:9090");
    }
}
