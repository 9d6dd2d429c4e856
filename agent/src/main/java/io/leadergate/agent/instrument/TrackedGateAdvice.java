package io.leadergate.agent.instrument;

import io.leadergate.NotLeaderException;
import io.leadergate.bootstrap.Gate;
import io.leadergate.bootstrap.InFlightCalls;
import java.util.Optional;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@link GateAdvice} that also records which threads are inside admitted gated calls ({@link
 * InFlightCalls}), so {@code leadergate.on.loss=interrupt} can interrupt them. Woven instead of
 * {@link GateAdvice} only in that mode ({@link AdviceClasses}): in every other mode a gated call
 * pays only for the gate check and the in-flight count.
 *
 * <p>Enter registers the thread before it reads the gate; exit, on return and on throw alike,
 * unregisters it and ends its in-flight count ({@code InFlightCalls.leave} calls {@code
 * Gate.leave}), and only for admitted calls. THROW mode needs no {@code @Advice.Enter}: when its
 * enter advice throws, the body and the exit advice never run.
 */
public final class TrackedGateAdvice {

    private TrackedGateAdvice() {}

    /** {@link GateAdvice.Skip}, tracked. */
    public static final class Skip {
        private Skip() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@GateId int id) {
            return InFlightCalls.admit(id);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter boolean admitted, @GateId int id) {
            if (admitted) {
                InFlightCalls.leave(id);
            }
        }
    }

    /** {@link GateAdvice.SkipToEmptyOptional}, tracked. */
    public static final class SkipToEmptyOptional {
        private SkipToEmptyOptional() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnDefaultValue.class, suppress = Throwable.class)
        static boolean enter(@GateId int id) {
            return InFlightCalls.admit(id);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(
                @Advice.Enter boolean admitted,
                @GateId int id,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC)
                        Object returned) {
            if (admitted) {
                InFlightCalls.leave(id);
            } else {
                returned = Optional.empty();
            }
        }
    }

    /** {@link GateAdvice.Throw}, tracked; the enter advice is deliberately not suppressed. */
    public static final class Throw {
        private Throw() {}

        @Advice.OnMethodEnter
        static void enter(@GateId int id) {
            if (!InFlightCalls.admit(id)) {
                throw new NotLeaderException(Gate.refusal(id));
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@GateId int id) {
            InFlightCalls.leave(id);
        }
    }

    /** {@link GateAdvice.ThrowIllegalState}, tracked. */
    public static final class ThrowIllegalState {
        private ThrowIllegalState() {}

        @Advice.OnMethodEnter
        static void enter(@GateId int id) {
            if (!InFlightCalls.admit(id)) {
                throw new IllegalStateException(Gate.refusal(id));
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@GateId int id) {
            InFlightCalls.leave(id);
        }
    }
}
