package io.leadergate.it.hardening;

/**
 * Run as its own JVM by {@link LazyStartTest}: a main with nothing gated, as any other JVM in a
 * container that {@code JAVA_TOOL_OPTIONS} reaches. Prints a line, then waits to be stopped.
 */
public final class IdleApp {

    private IdleApp() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("idle-app: started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
