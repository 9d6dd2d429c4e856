package io.leadergate.devserver;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar leadergate-devserver.jar ...}: starts the server, writes kubeconfigs, prints
 * exactly one line to stdout once ready ({@code leadergate-devserver listening on URL}), and runs
 * until SIGTERM/SIGINT, when it stops serving and exits.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        CommandLine options;
        try {
            options = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("leadergate-devserver: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(CommandLine.USAGE);
            return;
        }
        DevApiServer server = options.toBuilder().build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.stop();
                                    stopped.countDown();
                                },
                                "devserver-shutdown"));
        try {
            writeKubeconfigs(server, options);
        } catch (IOException e) {
            System.err.println("leadergate-devserver: cannot write kubeconfig: " + e);
            server.stop();
            System.exit(1);
        }
        // The only stdout line: tests wait for it, so it comes after the kubeconfigs exist.
        System.out.println("leadergate-devserver listening on " + server.url());
        System.out.flush();
        stopped.await();
    }

    private static void writeKubeconfigs(DevApiServer server, CommandLine options)
            throws IOException {
        String first = options.clients.isEmpty() ? null : options.clients.get(0).name();
        if (options.kubeconfig != null) {
            server.writeKubeconfig(options.kubeconfig, first, options.namespace);
        }
        if (options.kubeconfigDir != null) {
            for (CommandLine.Client client : options.clients) {
                server.writeKubeconfig(
                        options.kubeconfigDir.resolve(client.name() + ".kubeconfig"),
                        client.name(),
                        options.namespace);
            }
        }
    }
}
