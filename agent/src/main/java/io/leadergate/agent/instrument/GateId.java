package io.leadergate.agent.instrument;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code int} parameter of an advice method that receives the instrumented method's
 * counter id ({@code Gate.register}). Bound by {@link GateIdBinding} to a constant per method, so
 * the inlined advice carries the id as a literal.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface GateId {}
