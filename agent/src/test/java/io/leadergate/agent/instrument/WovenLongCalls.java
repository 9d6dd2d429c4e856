package io.leadergate.agent.instrument;

import io.leadergate.agent.instrument.fixtures.LongCalls;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * {@link LongCalls} woven by {@link GateWeaver}, plain or tracked ({@code InFlightCalls}) as {@code
 * tracked} says (whatever the process-wide switch), and defined by a loader of its own: SKIP on
 * {@code waitForInterrupt}, {@code quick}, {@code nested} and {@code fails}, SKIP to an empty
 * Optional on {@code maybe}, THROW on {@code strict}.
 */
final class WovenLongCalls {

    private final Object calls;

    private WovenLongCalls(Object calls) {
        this.calls = calls;
    }

    static WovenLongCalls weave(boolean tracked) throws Exception {
        GatedMethods registry = new GatedMethods();
        ClassLoader parent = LongCalls.class.getClassLoader();
        byte[] original = ClassFactsOf.classFile(LongCalls.class.getName(), parent);
        ClassFacts type = ClassFacts.read(original, parent);
        Map<String, GateWeaver.Woven> methods = new HashMap<>();
        for (ClassFacts.Method method : type.methods()) {
            GateWeaver.Advice advice = adviceOf(method.name());
            if (advice != null) {
                methods.put(
                        method.signature(),
                        new GateWeaver.Woven(advice, registry.register(method)));
            }
        }
        byte[] woven = GateWeaver.weave(original, methods, tracked);
        Class<?> loaded = new Defining(parent).define(LongCalls.class.getName(), woven);
        return new WovenLongCalls(loaded.getConstructor().newInstance());
    }

    private static GateWeaver.Advice adviceOf(String method) {
        switch (method) {
            case "waitForInterrupt":
            case "quick":
            case "nested":
            case "fails":
                return GateWeaver.Advice.SKIP;
            case "maybe":
                return GateWeaver.Advice.SKIP_TO_EMPTY_OPTIONAL;
            case "strict":
                return GateWeaver.Advice.THROW;
            default:
                return null;
        }
    }

    /** Defines the woven copy; everything else, Gate included, comes from the parent. */
    private static final class Defining extends ClassLoader {
        Defining(ClassLoader parent) {
            super("woven-long-calls", parent);
        }

        Class<?> define(String name, byte[] classFile) {
            return defineClass(name, classFile, 0, classFile.length);
        }
    }

    /**
     * Calls {@code method} (with a latch argument when one is given), unwrapping what it throws.
     */
    Object call(String method, Object... args) throws Throwable {
        Method m =
                calls.getClass()
                        .getMethod(
                                method,
                                args.length == 0
                                        ? new Class<?>[0]
                                        : new Class<?>[] {CountDownLatch.class});
        try {
            return m.invoke(calls, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Starts thread {@code name} calling the woven {@code waitForInterrupt(entered)}; {@code
     * result} gets what it returns (true once interrupted) or what it throws.
     */
    Thread startWaitingForInterrupt(
            String name, CountDownLatch entered, CompletableFuture<Object> result) {
        Thread worker =
                new Thread(
                        () -> {
                            try {
                                result.complete(call("waitForInterrupt", entered));
                            } catch (Throwable t) {
                                result.completeExceptionally(t);
                            }
                        },
                        name);
        worker.start();
        return worker;
    }
}
