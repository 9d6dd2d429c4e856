package io.leadergate.agent.instrument;

import io.leadergate.agent.log.AgentLog;
import io.leadergate.bootstrap.Gate;
import io.leadergate.bootstrap.InFlightCalls;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's only registered {@link ClassFileTransformer}: it weaves every {@link
 * GatingInstrumentation} into application classes, synchronously, on the thread that loads the
 * class. Every class passes the byte-level {@link ClassFileCandidates} test; only candidates are
 * read ({@link ClassFacts}) and, if an instrumentation selects any of their methods, woven ({@link
 * GateWeaver}). So a gated method can never run unguarded because of weaving order, and nothing
 * waits for anything.
 *
 * <p>Failures: a class that cannot be read or woven is logged once and loads with its original
 * bytes; nothing here throws into the class loading thread. Each call also lets {@link
 * GatedMethods#logSummaryIfGrown} log what is gated, so that needs no thread. For a method an
 * instrumentation selects in more than one way, the first active instrumentation wins (no method is
 * gated twice).
 */
public final class CandidateTransformer implements ClassFileTransformer {

    private final ClassFileCandidates candidates;
    private final List<GatingInstrumentation> instrumentations;
    private final GatedMethods registry;
    private final Instrumentation jvm;

    /**
     * @param jvm to give a named module that is woven a read edge to the bootstrap classes
     */
    CandidateTransformer(
            ClassFileCandidates candidates,
            List<? extends GatingInstrumentation> instrumentations,
            GatedMethods registry,
            Instrumentation jvm) {
        this.candidates = candidates;
        this.instrumentations = Collections.unmodifiableList(instrumentations);
        this.registry = registry;
        this.jvm = jvm;
    }

    /**
     * Registers the transformer, then retransforms {@code preloaded}, the candidates loaded before
     * it was registered (retransformation starts from their original bytes, so a class loaded in
     * between is not woven twice). Throws only if the transformer cannot be registered.
     */
    public static CandidateTransformer install(
            Instrumentation jvm,
            ClassFileCandidates candidates,
            List<? extends GatingInstrumentation> instrumentations,
            GatedMethods registry) {
        CandidateTransformer transformer =
                new CandidateTransformer(candidates, instrumentations, registry, jvm);
        AgentLog.prepare(); // transform() logs: nothing it needs may load inside a class's load
        jvm.addTransformer(transformer, true);
        for (Class<?> type : LoadedCandidates.all(jvm, candidates)) {
            try {
                jvm.retransformClasses(type);
            } catch (Throwable failure) {
                AgentLog.once(
                        "cannot-retransform:" + type.getName(),
                        AgentLog.Level.WARN,
                        "could not retransform already loaded "
                                + type.getName()
                                + " ("
                                + failure
                                + "); if it declares gated methods, they are NOT gated and run on every replica");
            }
        }
        return transformer;
    }

    @Override
    public byte[] transform(
            Module module,
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classFile) {
        try {
            ClassLoadActivity.seen(className, classBeingRedefined != null);
            if (className == null || !candidates.mayMatch(loader, className, classFile)) {
                return null;
            }
            return weave(module, loader, classFile, classBeingRedefined != null);
        } catch (Throwable unexpected) {
            cannotInstrument(className, unexpected);
            return null;
        } finally {
            try {
                registry.logSummaryIfGrown();
            } catch (Throwable unexpected) {
                // Only a log line: class loading must go on.
            }
        }
    }

    private static void cannotInstrument(String className, Throwable unexpected) {
        AgentLog.once(
                "cannot-instrument:" + className,
                AgentLog.Level.WARN,
                "could not instrument "
                        + (className == null ? "a class" : className.replace('/', '.'))
                        + " ("
                        + unexpected
                        + "); if it declares gated methods, they are NOT gated and run on every replica");
    }

    /** The woven class file, or null when no method of the class is selected. */
    private byte[] weave(Module module, ClassLoader loader, byte[] classFile, boolean loaded) {
        ClassFacts type = ClassFacts.read(classFile, loader);
        Map<String, GateWeaver.Woven> woven = new LinkedHashMap<>();
        for (GatingInstrumentation instrumentation : instrumentations) {
            if (!instrumentation.appliesTo(loader) || !instrumentation.matchesType(type)) {
                continue;
            }
            instrumentation.inspect(type);
            for (ClassFacts.Method method : type.methods()) {
                if (woven.containsKey(method.signature())
                        || !instrumentation.matchesMethod(method)) {
                    continue;
                }
                GateWeaver.Advice advice = instrumentation.adviceFor(method);
                int id =
                        advice.gates()
                                ? registry.register(method, instrumentation.groupOf(method))
                                : 0;
                woven.put(method.signature(), new GateWeaver.Woven(advice, id));
            }
        }
        if (woven.isEmpty()) {
            return null;
        }
        readsBootstrapClasses(module);
        byte[] result = GateWeaver.weave(classFile, woven, InFlightCalls.isTracking());
        if (AgentLog.enabled(AgentLog.Level.DEBUG)) {
            AgentLog.debug(
                    (loaded ? "retransformed " : "gated ")
                            + type.name()
                            + " (loader "
                            + loader
                            + "): "
                            + woven.keySet());
        }
        return result;
    }

    /**
     * Woven code calls {@code io.leadergate.bootstrap}, in the bootstrap loader's unnamed module; a
     * named module (java.base, for the executor) must be made to read it.
     */
    private void readsBootstrapClasses(Module module) {
        Module bootstrap = Gate.class.getModule();
        if (jvm != null && module != null && module.isNamed() && !module.canRead(bootstrap)) {
            jvm.redefineModule(module, Set.of(bootstrap), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}
