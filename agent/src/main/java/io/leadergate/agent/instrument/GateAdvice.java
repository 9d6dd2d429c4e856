package io.leadergate.agent.instrument;

import io.leadergate.NotLeaderException;
import io.leadergate.bootstrap.Gate;
import java.util.Optional;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code inlined into gated methods. It references only {@link Gate} (on the bootstrap class
 * path, so every class loader resolves the one instance) and, in THROW mode, {@link
 * NotLeaderException} (resolved from the application's own loader, which ships the annotations jar;
 * where it does not, {@link ThrowIllegalState} throws a JDK exception instead).
 *
 * <p>These classes are read as class files through a type pool and never loaded by the agent: the
 * agent's class loader need not see {@code NotLeaderException}.
 *
 * <p>Fail closed: the enter advice returns whether the body may run and the body is skipped on the
 * default value {@code false}. Byte Buddy's suppression handler also yields {@code false}, so an
 * exception inside the advice (impossible today, but cheap to guard) skips the body instead of
 * running it. A skipped method returns its type's default value ({@code null}, {@code 0}, {@code
 * false}); no advice code ever throws into the application except THROW mode's exception.
 *
 * <p>In flight: every variant's exit advice runs on return and on throw alike and tells the gate
 * ({@link Gate#leave}) that an admitted call has ended, so {@link Gate#inFlight()} is exact and a
 * graceful hand-over can wait for the last one before releasing the Lease. A skipped or refused
 * call was never admitted and is not counted. The cost on the leader is one atomic increment at the
 * exit; the catch-all handler costs nothing until something is thrown.
 */
public final class GateAdvice {

    private GateAdvice() {}

    /** SKIP mode: skip the body, return the default value. */
    public static final class Skip {
        private Skip() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@GateId int id) {
            return Gate.admit(id);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter boolean admitted, @GateId int id) {
            if (admitted) {
                Gate.leave(id);
            }
        }
    }

    /** SKIP mode for methods returning {@code java.util.Optional}: a skipped call returns empty. */
    public static final class SkipToEmptyOptional {
        private SkipToEmptyOptional() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@GateId int id) {
            return Gate.admit(id);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(
                @Advice.Enter boolean admitted,
                @GateId int id,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC)
                        Object returned) {
            if (admitted) {
                Gate.leave(id);
            } else {
                returned = Optional.empty();
            }
        }
    }

    /**
     * THROW mode: refuse the call with {@link NotLeaderException}; deliberately not suppressed.
     * When the enter advice throws, neither the body nor the exit advice runs, so only admitted
     * calls reach {@link Gate#leave}.
     */
    public static final class Throw {
        private Throw() {}

        @Advice.OnMethodEnter
        static void enter(@GateId int id) {
            if (!Gate.admit(id)) {
                throw new NotLeaderException(Gate.refusal(id));
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@GateId int id) {
            Gate.leave(id);
        }
    }

    /**
     * THROW mode for a class whose loader cannot see {@code NotLeaderException}
     * (leadergate-annotations missing at run time): refuses with {@code IllegalStateException},
     * which every class can resolve. Skipping instead would let a caller take the refused call for
     * one that ran.
     */
    public static final class ThrowIllegalState {
        private ThrowIllegalState() {}

        @Advice.OnMethodEnter
        static void enter(@GateId int id) {
            if (!Gate.admit(id)) {
                throw new IllegalStateException(Gate.refusal(id));
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@GateId int id) {
            Gate.leave(id);
        }
    }
}
