package io.leadergate.agent.instrument;

import io.leadergate.agent.config.WorkGroups;
import io.leadergate.bootstrap.InFlightCalls;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Builds {@link Advice} from the agent's own advice classes described as class files, without
 * loading them: advice may reference application types (such as {@code NotLeaderException}) that
 * the agent's class loader cannot resolve.
 *
 * <p>With {@code leadergate.on.loss=interrupt} ({@link InFlightCalls#isTracking()}, decided before
 * any instrumentation is built) each {@link GateAdvice} class is replaced by its {@link
 * TrackedGateAdvice} twin, so the choice is made once, at weave time, and the default modes weave
 * no tracking code at all.
 */
final class AdviceClasses {

    private static final Map<String, String> TRACKED = new HashMap<>();

    static {
        TRACKED.put(GateAdvice.Skip.class.getName(), TrackedGateAdvice.Skip.class.getName());
        TRACKED.put(
                GateAdvice.SkipToEmptyOptional.class.getName(),
                TrackedGateAdvice.SkipToEmptyOptional.class.getName());
        TRACKED.put(GateAdvice.Throw.class.getName(), TrackedGateAdvice.Throw.class.getName());
        TRACKED.put(
                GateAdvice.ThrowIllegalState.class.getName(),
                TrackedGateAdvice.ThrowIllegalState.class.getName());
    }

    private final ClassFileLocator locator =
            ClassFileLocator.ForClassLoader.of(AdviceClasses.class.getClassLoader());
    private final TypePool pool = TypePool.Default.of(locator);
    private final Advice.WithCustomMapping mapping;

    AdviceClasses(GatedMethods registry) {
        this(registry, GroupChoice.DEFAULT);
    }

    /** Advice whose methods are registered in the group {@code choice} names for each. */
    AdviceClasses(GatedMethods registry, GroupChoice choice) {
        this.mapping = Advice.withCustomMapping().bind(new GateIdBinding(registry, choice));
    }

    /** Which group's Lease gates a method the advice is woven into ({@code WorkGroups}). */
    interface GroupChoice {
        String groupOf(TypeDescription type, MethodDescription method);

        /** Every method in the default group. */
        GroupChoice DEFAULT = (type, method) -> WorkGroups.DEFAULT;
    }

    /** Takes a class literal only for its name, which stays correct under relocation. */
    Advice of(Class<?> adviceClass) {
        String name = adviceClass.getName();
        if (InFlightCalls.isTracking()) {
            name = TRACKED.getOrDefault(name, name);
        }
        return mapping.to(pool.describe(name).resolve(), locator);
    }
}
