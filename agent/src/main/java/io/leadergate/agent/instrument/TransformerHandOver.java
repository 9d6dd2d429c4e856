package io.leadergate.agent.instrument;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The JVM's {@link Instrumentation}, except that a transformer registered through it is handed to
 * the {@link CandidateTransformer} (already registered by {@code premain}) instead of being added
 * to the JVM's list. Byte Buddy's {@code installOn} thus keeps doing everything it does, including
 * the retransformation of classes loaded before it was ready, while the JVM has exactly one
 * transformer of ours: a class is never woven twice, and none falls between two transformers'
 * registrations.
 */
final class TransformerHandOver implements Instrumentation {

    private final Instrumentation jvm;
    private final CandidateTransformer front;

    TransformerHandOver(Instrumentation jvm, CandidateTransformer front) {
        this.jvm = jvm;
        this.front = front;
    }

    @Override
    public void addTransformer(ClassFileTransformer transformer, boolean canRetransform) {
        front.handOver(transformer);
    }

    @Override
    public void addTransformer(ClassFileTransformer transformer) {
        front.handOver(transformer);
    }

    @Override
    public boolean removeTransformer(ClassFileTransformer transformer) {
        return false; // never registered with the JVM; the agent never resets its transformer
    }

    @Override
    public boolean isRetransformClassesSupported() {
        return jvm.isRetransformClassesSupported();
    }

    @Override
    public void retransformClasses(Class<?>... classes) throws UnmodifiableClassException {
        jvm.retransformClasses(classes);
    }

    @Override
    public boolean isRedefineClassesSupported() {
        return jvm.isRedefineClassesSupported();
    }

    @Override
    public void redefineClasses(ClassDefinition... definitions)
            throws ClassNotFoundException, UnmodifiableClassException {
        jvm.redefineClasses(definitions);
    }

    @Override
    public boolean isModifiableClass(Class<?> type) {
        return jvm.isModifiableClass(type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class[] getAllLoadedClasses() {
        return jvm.getAllLoadedClasses();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class[] getInitiatedClasses(ClassLoader loader) {
        return jvm.getInitiatedClasses(loader);
    }

    @Override
    public long getObjectSize(Object object) {
        return jvm.getObjectSize(object);
    }

    @Override
    public void appendToBootstrapClassLoaderSearch(JarFile jar) {
        jvm.appendToBootstrapClassLoaderSearch(jar);
    }

    @Override
    public void appendToSystemClassLoaderSearch(JarFile jar) {
        jvm.appendToSystemClassLoaderSearch(jar);
    }

    @Override
    public boolean isNativeMethodPrefixSupported() {
        return jvm.isNativeMethodPrefixSupported();
    }

    @Override
    public void setNativeMethodPrefix(ClassFileTransformer transformer, String prefix) {
        jvm.setNativeMethodPrefix(transformer, prefix);
    }

    @Override
    public void redefineModule(
            Module module,
            Set<Module> extraReads,
            Map<String, Set<Module>> extraExports,
            Map<String, Set<Module>> extraOpens,
            Set<Class<?>> extraUses,
            Map<Class<?>, List<Class<?>>> extraProvides) {
        jvm.redefineModule(module, extraReads, extraExports, extraOpens, extraUses, extraProvides);
    }

    @Override
    public boolean isModifiableModule(Module module) {
        return jvm.isModifiableModule(module);
    }
}
