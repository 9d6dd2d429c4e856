package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.leadergate.agent.instrument.fixtures.LongCalls;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;

/**
 * {@link LongCalls} woven by hand with one advice family, plain ({@link GateAdvice}) or tracked
 * ({@link TrackedGateAdvice}), whatever the process-wide tracking switch says: SKIP on {@code
 * waitForInterrupt}, {@code quick}, {@code nested} and {@code fails}, SKIP to an empty Optional on
 * {@code maybe}, THROW on {@code strict}.
 */
final class WovenLongCalls {

    private final Object calls;

    private WovenLongCalls(Object calls) {
        this.calls = calls;
    }

    static WovenLongCalls weave(boolean tracked) throws Exception {
        AdviceClasses advice = new AdviceClasses(new GatedMethods());
        Class<?> skip = tracked ? TrackedGateAdvice.Skip.class : GateAdvice.Skip.class;
        Class<?> optional =
                tracked
                        ? TrackedGateAdvice.SkipToEmptyOptional.class
                        : GateAdvice.SkipToEmptyOptional.class;
        Class<?> refuse = tracked ? TrackedGateAdvice.Throw.class : GateAdvice.Throw.class;
        Class<?> woven =
                new ByteBuddy()
                        .redefine(LongCalls.class)
                        .visit(
                                new AsmVisitorWrapper.ForDeclaredMethods()
                                        .invokable(
                                                named("waitForInterrupt")
                                                        .or(named("quick"))
                                                        .or(named("nested"))
                                                        .or(named("fails")),
                                                advice.of(skip))
                                        .invokable(named("maybe"), advice.of(optional))
                                        .invokable(named("strict"), advice.of(refuse)))
                        .make()
                        .load(
                                LongCalls.class.getClassLoader(),
                                ClassLoadingStrategy.Default.CHILD_FIRST)
                        .getLoaded();
        return new WovenLongCalls(woven.getConstructor().newInstance());
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
}
