package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.leadergate.bootstrap.TaskFilter;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.Nexus;

/**
 * The one Byte Buddy agent that weaves every {@link GatingInstrumentation} into application
 * classes.
 *
 * <ul>
 *   <li>Retransformation: classes loaded before the agent (or by an attach) are gated too.
 *   <li>No class format changes: only method bodies change, so retransformation is legal and other
 *       agents' retransformations compose.
 *   <li>Types are described from their class files (pool first), so matching never loads classes;
 *       {@code @LeaderOnly} is recognised even where the app's loader lacks the annotations jar
 *       ({@link AnnotationClassFiles}).
 *   <li>Failures are logged once per class and the class keeps its original bytes.
 *   <li>Bootstrap (JDK) classes are ignored, except the few in {@link
 *       IgnoredTypes#INSTRUMENTED_JDK_TYPES}.
 * </ul>
 */
public final class GatingAgentBuilder {

    private GatingAgentBuilder() {}

    /**
     * Installs the agent on its own, with Byte Buddy's retransformation of every loaded class (for
     * tests that weave classes already loaded); throws only if Byte Buddy cannot install at all.
     */
    public static ResettableClassFileTransformer install(
            Instrumentation instrumentation,
            List<? extends GatingInstrumentation> instrumentations) {
        // Advice woven into JDK classes (java.base, a named module) calls io.leadergate.bootstrap,
        // which sits in the bootstrap loader's unnamed module: java.base must be made to read it.
        return build(instrumentations)
                .assureReadEdgeTo(instrumentation, TaskFilter.class)
                .installOn(instrumentation);
    }

    /**
     * Builds and installs the agent behind {@code front}, the transformer {@code premain}
     * registered: Byte Buddy's transformer is handed to it rather than registered with the JVM.
     * Then exactly the loaded classes that need it are retransformed (through {@code front}, which
     * passes them on): {@code preloaded}, the candidates loaded before {@code premain}, and those
     * that loaded meanwhile without waiting. Byte Buddy's own retransformation pass is not used: it
     * describes every loaded class from its class file into a type pool (~230 MB allocated in a
     * small app, and the heap stays that large). Meant for a background thread; throws only if Byte
     * Buddy cannot install at all.
     */
    public static void installBehind(
            CandidateTransformer front,
            Instrumentation instrumentation,
            List<? extends GatingInstrumentation> instrumentations,
            List<Class<?>> preloaded) {
        build(instrumentations, false)
                .assureReadEdgeTo(instrumentation, TaskFilter.class)
                .installOn(new TransformerHandOver(instrumentation, front));
        List<Class<?>> unwoven = new ArrayList<>(preloaded);
        unwoven.addAll(front.loadedUnexamined(instrumentation.getAllLoadedClasses()));
        for (Class<?> type : unwoven) {
            try {
                instrumentation.retransformClasses(type);
            } catch (Throwable failure) {
                GatingListener.cannotRetransform(type, failure);
            }
        }
    }

    static AgentBuilder build(List<? extends GatingInstrumentation> instrumentations) {
        return build(instrumentations, true);
    }

    private static AgentBuilder build(
            List<? extends GatingInstrumentation> instrumentations, boolean retransformLoaded) {
        // AgentBuilder.Default's constructor would prepare Byte Buddy's "Nexus" (type initializers
        // injected into the system class loader) through Unsafe, which JDK 24+ reports with
        // warnings
        // on stderr. We never use it: no class format changes, no initializers. Shading relocates
        // the property's name with Byte Buddy, so this switches off only our copy, not the app's.
        System.setProperty(Nexus.PROPERTY, "true");
        AgentBuilder builder = new AgentBuilder.Default().disableClassFormatChanges();
        if (retransformLoaded) {
            builder =
                    builder.with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                            .with(
                                    AgentBuilder.RedefinitionStrategy.Listener.BatchReallocator
                                            .splitting())
                            .with(new GatingListener.Retransformation());
        }
        builder =
                builder.with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                        // The app's loader first; @LeaderOnly's own class files where it lacks them
                        // (compileOnly).
                        .with(
                                AgentBuilder.LocationStrategy.ForClassLoader.STRONG.withFallbackTo(
                                        AnnotationClassFiles.INSTANCE))
                        .with(new GatingListener())
                        .ignore(not(IgnoredTypes.INSTRUMENTED_JDK_TYPES), isBootstrapClassLoader())
                        .or(IgnoredTypes.matcher());
        for (GatingInstrumentation instrumentation : instrumentations) {
            // Byte Buddy checks the loader before the type, so a loader filter spares the type
            // matcher.
            builder =
                    builder.type(
                                    instrumentation.typeMatcher(),
                                    instrumentation.classLoaderMatcher())
                            .transform(weaving(instrumentation));
        }
        return builder;
    }

    /** Inlines the instrumentation's advice into each matched method declared by the type. */
    private static AgentBuilder.Transformer weaving(GatingInstrumentation instrumentation) {
        return (builder, type, loader, module, protectionDomain) -> {
            instrumentation.inspect(type, loader);
            AsmVisitorWrapper.ForDeclaredMethods methods =
                    new AsmVisitorWrapper.ForDeclaredMethods();
            for (MethodDescription method :
                    type.getDeclaredMethods().filter(instrumentation.methodMatcher())) {
                methods =
                        methods.invokable(
                                is(method), instrumentation.adviceFor(type, method, loader));
            }
            return builder.visit(methods);
        };
    }
}
