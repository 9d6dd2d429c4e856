package io.leadergate.agent.instrument;

/**
 * Gates {@code run()} of the {@link java.util.TimerTask} subclasses that {@link
 * ScheduledTaskClasses} selects. They are application classes, so the task's own method is woven,
 * as for {@code @LeaderOnly}: on a follower {@code run()} returns at once, and {@code
 * java.util.Timer} keeps the task scheduled (a task that threw would kill the timer's thread).
 */
public final class TimerTaskInstrumentation implements GatingInstrumentation {

    private final ScheduledTaskClasses classes;

    TimerTaskInstrumentation(ScheduledTaskClasses classes) {
        this.classes = classes;
    }

    @Override
    public String name() {
        return ScheduledTaskClasses.KEY + " (TimerTask)";
    }

    /** Name first (cheap), then the superclass chain, which reads class files of the hierarchy. */
    @Override
    public boolean matchesType(ClassFacts type) {
        return classes.matches(type.name()) && type.hasSuperType("java.util.TimerTask", false);
    }

    @Override
    public boolean matchesMethod(ClassFacts.Method method) {
        return method.isMethod() && method.signature().equals("run()V") && !method.isAbstract();
    }

    @Override
    public GateWeaver.Advice adviceFor(ClassFacts.Method method) {
        return GateWeaver.Advice.SKIP;
    }
}
