package io.leadergate.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.leadergate.agent.config.ConfigKeys;
import io.leadergate.agent.config.WorkGroups;
import io.leadergate.agent.log.AgentLog;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

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

    private static final ElementMatcher.Junction<MethodDescription> JOB_BODY =
            isMethod()
                    .and(not(isStatic()))
                    .and(not(isAbstract()))
                    .and(not(isNative()))
                    .and(not(isBridge()))
                    .and(not(isSynthetic()))
                    .and(named("execute").or(named("executeInternal")))
                    .and(takesArguments(1))
                    .and(takesArgument(0, named(JOB_EXECUTION_CONTEXT)))
                    .and(returns(void.class));

    /** Null: every job class, in the default group. */
    private final List<ConfiguredPatterns.Grouped<ClassNamePattern>> selectedClasses;

    private final LoaderCanSee quartzVisible = new LoaderCanSee(JOB);
    private final Advice skip;

    /**
     * @param jobPatterns {@code leadergate.gate.quartz.jobs}: null or empty for every job class.
     *     Each pattern must match the class that declares the method (a base class, for an
     *     inherited execute). A malformed entry is reported and ignored; if none is left, every job
     *     is gated (gating too much is visible and safe, running a singleton job everywhere is
     *     not).
     */
    public QuartzJobInstrumentation(GatedMethods registry, List<String> jobPatterns) {
        this.selectedClasses = selection(jobPatterns);
        this.skip = new AdviceClasses(registry, this::groupOf).of(GateAdvice.Skip.class);
        AgentLog.info(
                "gating Quartz jobs: execute(JobExecutionContext) of every org.quartz.Job class"
                        + (selectedClasses == null ? "" : " matching " + selectedClasses)
                        + " returns at once on followers");
    }

    /** The group of the first job pattern matching the class that declares the job's body. */
    private String groupOf(TypeDescription type, MethodDescription method) {
        if (selectedClasses == null) {
            return WorkGroups.DEFAULT;
        }
        String declaring = method.getDeclaringType().asErasure().getName();
        return ConfiguredPatterns.groupOf(
                ConfigKeys.GATE_QUARTZ_JOBS.name(),
                selectedClasses,
                pattern -> pattern.matches(declaring) || pattern.matches(type.getName()),
                GatedMethods.describe(type, method));
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
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return quartzVisible;
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        // Cheapest first: names, then the supertype walk.
        ElementMatcher.Junction<TypeDescription> candidates =
                not(isInterface()).and(not(nameStartsWith("org.quartz.")));
        if (selectedClasses != null) {
            candidates =
                    candidates.and(
                            new SelectedByName(ConfiguredPatterns.patterns(selectedClasses)));
        }
        return candidates.and(hasSuperType(named(JOB)));
    }

    @Override
    public ElementMatcher<? super MethodDescription> methodMatcher() {
        return JOB_BODY;
    }

    @Override
    public AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper adviceFor(
            TypeDescription type, MethodDescription method, ClassLoader loader) {
        return skip; // void: a skipped job returns normally, as if it had nothing to do
    }

    /** Classes whose name matches one of the {@code leadergate.gate.quartz.jobs} patterns. */
    private static final class SelectedByName
            extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
        private final List<ClassNamePattern> patterns;

        SelectedByName(List<ClassNamePattern> patterns) {
            this.patterns = patterns;
        }

        @Override
        public boolean matches(TypeDescription type) {
            String name = type.getName();
            for (ClassNamePattern pattern : patterns) {
                if (pattern.matches(name)) {
                    return true;
                }
            }
            return false;
        }
    }
}
