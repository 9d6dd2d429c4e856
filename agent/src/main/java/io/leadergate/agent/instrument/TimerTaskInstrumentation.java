package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Gates {@code run()} of the {@link java.util.TimerTask} subclasses that {@link
 * ScheduledTaskClasses} selects. They are application classes, so the task's own method is woven,
 * as for {@code @LeaderOnly}: on a follower {@code run()} returns at once, and {@code
 * java.util.Timer} keeps the task scheduled (a task that threw would kill the timer's thread).
 */
public final class TimerTaskInstrumentation implements GatingInstrumentation {

    private static final ElementMatcher.Junction<MethodDescription> RUN =
            isMethod()
                    .and(named("run"))
                    .and(takesArguments(0))
                    .and(returns(void.class))
                    .and(not(isAbstract()));

    private final ScheduledTaskClasses classes;
    private final Advice skip;

    TimerTaskInstrumentation(ScheduledTaskClasses classes, GatedMethods registry) {
        this.classes = classes;
        this.skip = new AdviceClasses(registry).of(GateAdvice.Skip.class);
    }

    @Override
    public String name() {
        return ScheduledTaskClasses.KEY + " (TimerTask)";
    }

    /** Name first (cheap), then the superclass chain, which reads class files of the hierarchy. */
    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return new ElementMatcher<TypeDescription>() {
            private final ElementMatcher<TypeDescription> timerTask =
                    hasSuperClass(named("java.util.TimerTask"));

            @Override
            public boolean matches(TypeDescription type) {
                return classes.matches(type.getName()) && timerTask.matches(type);
            }
        };
    }

    @Override
    public ElementMatcher<? super MethodDescription> methodMatcher() {
        return RUN;
    }

    @Override
    public AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper adviceFor(
            TypeDescription type, MethodDescription method, ClassLoader loader) {
        return skip;
    }
}
