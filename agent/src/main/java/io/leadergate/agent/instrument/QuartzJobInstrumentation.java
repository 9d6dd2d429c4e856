package io.leadergate.agent.instrument;

import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.WorkGroups;
import io.leadergate.agent.log.AgentLog;
import java.util.List;

/**
 * Gates Quartz 2.x jobs ({@code leadergate.gate.quartz}): the {@code execute(JobExecutionContext)}
 * declared by any class implementing {@code org.quartz.Job}, and {@code
 * executeInternal(JobExecutionContext)} of subclasses of Spring's {@code QuartzJobBean} (whose own
 * {@code execute} lives in an ignored Spring class). On a follower the method returns at once,
 * normally: Quartz sees a job that completed without a {@code JobExecutionException}, so triggers,
 * misfire handling and listeners carry on exactly as on the leader.
 *
 * <p>Quartz's own classes ({@code org.quartz.*}, such as the XML plugin's {@code FileScanJob},
 * which reloads job definitions) are never gated: they maintain each replica's scheduler, they are
 * not the application's work.
 *
 * <p>Matching is by name, from class files: no Quartz class is ever loaded by the agent. Only
 * loaders that can see {@code org/quartz/Job.class} are considered, so the supertype walk (which
 * parses every class file up the hierarchy) runs only in applications that ship Quartz.
 */
public final class QuartzJobInstrumentation implements GatingInstrumentation {

    static final String JOB = "org.quartz.Job";
    static final String JOB_EXECUTION_CONTEXT = "org.quartz.JobExecutionContext";

    private static final String JOB_BODY_DESCRIPTOR =
            "(L" + JOB_EXECUTION_CONTEXT.replace('.', '/') + ";)V";

    /** Null: every job class, in the default group. */
    private final List<ConfiguredPatterns.Grouped<ClassNamePattern>> selectedClasses;

    private final LoaderCanSee quartzVisible = new LoaderCanSee(JOB);

    /**
     * @param jobPatterns {@code leadergate.gate.quartz.jobs}: null or empty for every job class.
     *     Each pattern must match the class that declares the method (a base class, for an
     *     inherited execute). A malformed entry is reported and ignored; if none is left, every job
     *     is gated (gating too much is visible and safe, running a singleton job everywhere is
     *     not).
     */
    public QuartzJobInstrumentation(List<String> jobPatterns) {
        this.selectedClasses = selection(jobPatterns);
        AgentLog.info(
                "gating Quartz jobs: execute(JobExecutionContext) of every org.quartz.Job class"
                        + (selectedClasses == null ? "" : " matching " + selectedClasses)
                        + " returns at once on followers");
    }

    /** The group of the first job pattern matching the class that declares the job's body. */
    @Override
    public String groupOf(ClassFacts.Method method) {
        if (selectedClasses == null) {
            return WorkGroups.DEFAULT;
        }
        String declaring = method.declaringType().name();
        return ConfiguredPatterns.groupOf(
                ConfigKeys.GATE_QUARTZ_JOBS.name(),
                selectedClasses,
                pattern -> pattern.matches(declaring),
                GatedMethods.describe(method));
    }

    private static List<ConfiguredPatterns.Grouped<ClassNamePattern>> selection(
            List<String> jobPatterns) {
        if (jobPatterns == null || jobPatterns.isEmpty()) {
            return null;
        }
        String key = ConfigKeys.GATE_QUARTZ_JOBS.name();
        List<ConfiguredPatterns.Grouped<ClassNamePattern>> patterns =
                ConfiguredPatterns.parse(key, jobPatterns, ClassNamePattern::parse);
        if (patterns.isEmpty()) {
            AgentLog.error(
                    key
                            + " has no well-formed pattern, so it cannot narrow anything: every Quartz job is gated");
            return null;
        }
        return patterns;
    }

    @Override
    public String name() {
        return "Quartz jobs";
    }

    @Override
    public boolean appliesTo(ClassLoader loader) {
        return quartzVisible.matches(loader);
    }

    /** Cheapest first: names, then the supertype walk. */
    @Override
    public boolean matchesType(ClassFacts type) {
        if (type.isInterface() || type.name().startsWith("org.quartz.")) {
            return false;
        }
        if (selectedClasses != null && !selectedByName(type.name())) {
            return false;
        }
        return type.hasSuperType(JOB, true);
    }

    private boolean selectedByName(String name) {
        for (ConfiguredPatterns.Grouped<ClassNamePattern> selected : selectedClasses) {
            if (selected.pattern.matches(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean matchesMethod(ClassFacts.Method method) {
        return method.isMethod()
                && !method.isStatic()
                && !method.isAbstract()
                && !method.isNative()
                && !method.isBridge()
                && !method.isSynthetic()
                && (method.name().equals("execute") || method.name().equals("executeInternal"))
                && method.descriptor().equals(JOB_BODY_DESCRIPTOR);
    }

    @Override
    public GateWeaver.Advice adviceFor(ClassFacts.Method method) {
        return GateWeaver.Advice
                .SKIP; // void: a skipped job returns normally, as if it had nothing to do
    }
}
