package io.leadergate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated work only on the replica that holds the Kubernetes Lease.
 *
 * <p>With the Leadergate agent ({@code -javaagent:leadergate-agent.jar}), a gated method called on
 * a replica that is not the leader does not run its body. In {@link Mode#SKIP} (the default) it
 * returns at once: {@code void} methods simply return; other methods return their type's default
 * value ({@code null}, {@code 0}, {@code false}), except methods returning {@link
 * java.util.Optional}, which return {@link java.util.Optional#empty()}. In {@link Mode#THROW} the
 * call throws {@link NotLeaderException} instead. The gate fails closed: until leadership is proven
 * (and when the agent is misconfigured or the API server cannot be reached) the replica is not the
 * leader.
 *
 * <p><b>On a method</b>, it gates that method, whatever its visibility or whether it is static. It
 * gates the method's own body only, wherever it is declared (an interface's default method, an
 * abstract base class) and on whatever instance it runs: a subclass that inherits the method is
 * gated, an override in a subclass is gated only if it is annotated too (the {@code super} body it
 * calls stays gated). Abstract and native methods have no body and are never gated; the agent warns
 * about an annotated one.
 *
 * <p><b>On a type</b>, it gates every method <em>declared</em> in that type that is not private,
 * not static, not synthetic, not a bridge method, not abstract or native, and is not {@code
 * equals(Object)}, {@code hashCode()} or {@code toString()} (returning {@code false}, {@code 0} or
 * {@code null} from those would break collections and logging). It never gates constructors, static
 * initializers, methods inherited from supertypes, or methods of nested types. Static methods are
 * left alone at type level because they are typically factories and entry points; annotate a static
 * method itself to gate it. A method's own annotation decides its {@link #mode()} over the type's.
 *
 * <p><b>Groups.</b> {@code @LeaderOnly("billing")} puts the gated work in the group {@code
 * billing}, elected on a Lease of its own ({@code <lease name>-billing}), so different groups can
 * lead on different replicas and the agent spreads them over the replicas. No value (or {@code ""})
 * is the default group, on the Lease {@code leadergate.lease.name} itself. A method's own non-empty
 * value decides its group over its type's. A group name is a lowercase DNS label ({@code a-z 0-9
 * -}); work with an invalid group name is reported and never runs.
 *
 * <p>{@code public static void main(String[])} is never gated, even if annotated.
 *
 * <p>Without the agent this annotation has no effect: annotated methods simply run. The agent reads
 * the annotation from the class file, so this jar may be a compile-only dependency; in THROW mode a
 * class that cannot load {@link NotLeaderException} is refused with {@code IllegalStateException}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface LeaderOnly {

    /**
     * The group of gated work, elected on its own Lease; {@code ""} (the default) is the default
     * group. See the type's comment.
     */
    String value() default "";

    /** What a gated call does on a replica that is not the leader. */
    Mode mode() default Mode.SKIP;

    /** The behaviour of a gated call on a replica that is not the leader. */
    enum Mode {
        /** Do not run the body; return nothing, the default value, or {@code Optional.empty()}. */
        SKIP,
        /** Do not run the body; throw {@link NotLeaderException}. */
        THROW
    }
}
