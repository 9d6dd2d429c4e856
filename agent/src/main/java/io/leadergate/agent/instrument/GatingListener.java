package io.leadergate.agent.instrument;

import io.leadergate.agent.log.AgentLog;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Reports what the agent did to classes. A class it cannot instrument is reported once, at WARN,
 * and otherwise left as it is: Byte Buddy returns the original bytes and the class loads normally.
 * Nothing here throws.
 */
final class GatingListener extends AgentBuilder.Listener.Adapter {

    @Override
    public void onTransformation(
            TypeDescription type,
            ClassLoader loader,
            JavaModule module,
            boolean loaded,
            DynamicType dynamicType) {
        if (AgentLog.enabled(AgentLog.Level.DEBUG)) {
            AgentLog.debug(
                    (loaded ? "retransformed " : "gated ")
                            + type.getName()
                            + " (loader "
                            + loader
                            + ")");
        }
    }

    @Override
    public void onError(
            String typeName,
            ClassLoader loader,
            JavaModule module,
            boolean loaded,
            Throwable error) {
        AgentLog.once(
                "cannot-instrument:" + typeName,
                AgentLog.Level.WARN,
                "could not instrument "
                        + typeName
                        + " ("
                        + error
                        + "); if it declares gated methods, they "
                        + "are NOT gated and run on every replica");
    }

    /** A class loaded before the agent could not be retransformed: reported once, at WARN. */
    static void cannotRetransform(Class<?> type, Throwable error) {
        AgentLog.once(
                "cannot-retransform:" + type.getName(),
                AgentLog.Level.WARN,
                "could not retransform already loaded " + type.getName() + " (" + error + ")");
    }

    /** Failures of Byte Buddy's retransformation of classes loaded before the agent. */
    static final class Retransformation extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
        @Override
        public Iterable<? extends List<Class<?>>> onError(
                int index, List<Class<?>> batch, Throwable error, List<Class<?>> types) {
            for (Class<?> type : batch) {
                cannotRetransform(type, error);
            }
            return super.onError(index, batch, error, types);
        }
    }
}
