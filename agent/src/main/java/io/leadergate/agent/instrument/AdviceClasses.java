package io.leadergate.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Builds {@link Advice} from the agent's own advice classes described as class files, without
 * loading them: advice may reference application types (such as {@code NotLeaderException}) that
 * the agent's class loader cannot resolve.
 */
final class AdviceClasses {

    private final ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(AdviceClasses.class.getClassLoader());
    private final TypePool pool = TypePool.Default.of(locator);
    private final Advice.WithCustomMapping mapping;

    AdviceClasses(GatedMethods registry) {
        this.mapping = Advice.withCustomMapping().bind(new GateIdBinding(registry));
    }

    /** Takes a class literal only for its name, which stays correct under relocation. */
    Advice of(Class<?> adviceClass) {
        return mapping.to(pool.describe(adviceClass.getName()).resolve(), locator);
    }
}
