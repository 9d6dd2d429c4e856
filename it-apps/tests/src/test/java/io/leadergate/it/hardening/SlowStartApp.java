package io.leadergate.it.hardening;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Run as its own JVM by {@code ElectionStartTest}, from the test classes: an application whose
 * start-up goes on after its gated class is loaded. {@code LEADERGATE_GATE_METHODS} gates {@link
 * Job#run}. It first asks the dev server's request counts once (so the JDK's HTTP classes are
 * loaded before anything is gated), then loads {@link Job} and keeps defining classes of its own,
 * one every few milliseconds, as a long start-up does.
 *
 * <ul>
 *   <li>{@code quiet}: defines classes for {@code IT_LOADING_MILLIS} without a gated call, then
 *       prints {@code slow-start-app: requests when loading stopped: <the /_dev/requests body>} and
 *       idles (no class loads, no gated call).
 *   <li>{@code call}: calls {@link Job#run} after each class it defines, until a call runs its body
 *       (this JVM leads), then prints {@code slow-start-app: led after N classes, still loading},
 *       the same request counts line, and idles.
 * </ul>
 *
 * Environment: {@code IT_REQUESTS_URL}, the dev server's {@code /_dev/requests}.
 */
public final class SlowStartApp {

    public static final String GATED_METHOD = Job.class.getName() + "#run";

    /** Between two class definitions: far below the agent's quiet period, even on a busy host. */
    private static final long PAUSE_MILLIS = 5;

    private SlowStartApp() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String requests = System.getenv("IT_REQUESTS_URL");
        // What the first of each costs (the HTTP client's classes, string concatenation's
        // bootstrap), paid before anything is gated: afterwards only the loop loads classes.
        print("starting in mode " + mode + ", requests so far: " + get(requests).length());
        Generated generated = new Generated();
        Class<?> gated = Job.class; // loaded (and woven) here, not initialised
        print("gated class " + gated.getName() + " loaded");
        if (mode.equals("quiet")) {
            long end =
                    System.nanoTime()
                            + Long.parseLong(System.getenv("IT_LOADING_MILLIS")) * 1_000_000L;
            while (System.nanoTime() - end < 0) {
                generated.next();
                Thread.sleep(PAUSE_MILLIS);
            }
            print("defined " + generated.count + " classes");
        } else {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Job.run()) {
                if (System.nanoTime() - deadline > 0) {
                    print("never led");
                    break;
                }
                generated.next();
                Thread.sleep(PAUSE_MILLIS);
            }
            generated.next(); // still loading when leadership came
            print("led after " + generated.count + " classes, still loading");
        }
        print("requests when loading stopped: " + get(requests).replace('\n', ' '));
        Thread.sleep(Long.MAX_VALUE);
    }

    private static String get(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(10_000);
        try (InputStream body = connection.getInputStream()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private static void print(String line) {
        System.out.println("slow-start-app: " + line);
        System.out.flush();
    }

    /** The gated work. */
    public static final class Job {
        private Job() {}

        /** Gated: true when the body ran (this JVM leads), false when skipped. */
        public static boolean run() {
            return true;
        }
    }

    /** Defines empty classes {@code generated.C0, C1, ...}, each a class load the agent sees. */
    private static final class Generated extends ClassLoader {

        int count;

        Generated() {
            super(SlowStartApp.class.getClassLoader());
        }

        void next() {
            String name = "generated/C" + count++;
            byte[] bytes = emptyClass(name);
            defineClass(name.replace('/', '.'), bytes, 0, bytes.length);
        }

        /** {@code public class <name> extends Object {}}: no members, version 52. */
        private static byte[] emptyClass(String internalName) {
            try {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(buffer);
                out.writeInt(0xCAFEBABE);
                out.writeShort(0);
                out.writeShort(52);
                out.writeShort(5); // constant pool: 4 entries, from 1
                out.writeByte(1); // #1 Utf8 the name
                out.writeUTF(internalName);
                out.writeByte(7); // #2 Class #1
                out.writeShort(1);
                out.writeByte(1); // #3 Utf8 java/lang/Object
                out.writeUTF("java/lang/Object");
                out.writeByte(7); // #4 Class #3
                out.writeShort(3);
                out.writeShort(0x0021); // ACC_PUBLIC | ACC_SUPER
                out.writeShort(2);
                out.writeShort(4);
                out.writeShort(0); // interfaces
                out.writeShort(0); // fields
                out.writeShort(0); // methods
                out.writeShort(0); // attributes
                out.flush();
                return buffer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
