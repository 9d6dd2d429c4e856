package io.leadergate.devserver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The dev server's command-line options, parsed from {@code --flag value} pairs. */
final class CommandLine {
    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: java -jar leadergate-devserver.jar [options]",
                    "  --port N              port on 127.0.0.1 (default 0: any free port)",
                    "  --tls                 serve HTTPS with a CA and server certificate generated at start",
                    "  --client-cert-auth    also issue each --client a certificate and accept it (implies --tls)",
                    "  --token T             require 'Authorization: Bearer T'",
                    "  --token-file F        accept the token currently in F (re-read on every request)",
                    "  --client NAME=TOKEN   a named client (repeatable); NAME alone: certificate only",
                    "  --namespaces a,b      only these namespaces exist (creating elsewhere: 404)",
                    "  --data-file F         load from / save to F after every change (keeps resourceVersion)",
                    "  --kubeconfig PATH     write a kubeconfig for the first client (or anonymous)",
                    "  --kubeconfig-dir DIR  write DIR/NAME.kubeconfig for every named client",
                    "  --namespace NS        the kubeconfig context namespace (default: default)",
                    "  --history N           watch events kept for resumption (default 1000)",
                    "  --without-coordinated-leader-election",
                    "                        drop spec.strategy and spec.preferredHolder from Lease writes,",
                    "                        as a kube-apiserver without that feature gate does",
                    "  --verbose             log every API request to stderr",
                    "  --help                print this and exit",
                    "Prints 'leadergate-devserver listening on URL' once ready; test hooks under /_dev/.");

    record Client(String name, String token) {}

    int port;
    boolean tls;
    boolean clientCertAuth;
    String token;
    Path tokenFile;
    final List<Client> clients = new ArrayList<>();
    String[] namespaces = new String[0];
    Path dataFile;
    Path kubeconfig;
    Path kubeconfigDir;
    String namespace = "default";
    int history = LeaseStore.DEFAULT_HISTORY;
    boolean verbose;
    boolean withoutCoordinatedLeaderElection;
    boolean help;

    /**
     * @throws IllegalArgumentException naming the offending option
     */
    static CommandLine parse(String... args) {
        CommandLine options = new CommandLine();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--tls" -> options.tls = true;
                case "--client-cert-auth" -> options.clientCertAuth = true;
                case "--verbose" -> options.verbose = true;
                case "--without-coordinated-leader-election" ->
                        options.withoutCoordinatedLeaderElection = true;
                case "--help", "-h" -> options.help = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(
                                "unknown option or missing value: " + flag);
                    }
                    options.set(flag, args[++i]);
                }
            }
        }
        return options;
    }

    private void set(String flag, String value) {
        switch (flag) {
            case "--port" -> port = Integer.parseInt(value);
            case "--token" -> token = value;
            case "--token-file" -> tokenFile = Path.of(value);
            case "--client" -> {
                int eq = value.indexOf('=');
                clients.add(
                        eq < 0
                                ? new Client(value, null)
                                : new Client(value.substring(0, eq), value.substring(eq + 1)));
            }
            case "--namespaces" -> namespaces = value.split(",");
            case "--data-file" -> dataFile = Path.of(value);
            case "--kubeconfig" -> kubeconfig = Path.of(value);
            case "--kubeconfig-dir" -> kubeconfigDir = Path.of(value);
            case "--namespace" -> namespace = value;
            case "--history" -> history = Integer.parseInt(value);
            default -> throw new IllegalArgumentException("unknown option: " + flag);
        }
    }

    DevApiServer.Builder toBuilder() {
        DevApiServer.Builder builder =
                DevApiServer.builder()
                        .port(port)
                        .tls(tls)
                        .clientCertAuth(clientCertAuth)
                        .token(token)
                        .tokenFile(tokenFile)
                        .dataFile(dataFile)
                        .namespaces(namespaces)
                        .historySize(history)
                        .coordinatedLeaderElection(!withoutCoordinatedLeaderElection);
        clients.forEach(client -> builder.client(client.name(), client.token()));
        if (verbose) {
            builder.requestLog(line -> System.err.println("leadergate-devserver: " + line));
        }
        return builder;
    }
}
