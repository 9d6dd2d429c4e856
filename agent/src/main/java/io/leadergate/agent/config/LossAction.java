package io.leadergate.agent.config;

import java.util.Locale;

/**
 * What happens to gated calls still running when this replica stops leading ({@code
 * leadergate.on.loss}). The gate stops new calls in every mode; this decides the old ones.
 */
public enum LossAction {
    /**
     * They run to completion (client-go's default: the callback's context is cancelled, nothing
     * more).
     */
    CONTINUE,
    /** The threads inside gated calls are interrupted once, when the gate closes. */
    INTERRUPT,
    /**
     * The JVM halts with {@code LossReaction.EXIT_STATUS}, as kube-controller-manager exits on a
     * lost lease.
     */
    EXIT;

    static final ValueType<LossAction> TYPE =
            new ValueType<LossAction>() {
                @Override
                public LossAction parse(String text) {
                    String t = text.trim().toUpperCase(Locale.ROOT);
                    for (LossAction action : values()) {
                        if (action.name().equals(t)) {
                            return action;
                        }
                    }
                    throw new IllegalArgumentException(
                            "expected continue (running gated calls finish), interrupt (their "
                                    + "threads are interrupted) or exit (the JVM exits)");
                }

                @Override
                public String format(LossAction value) {
                    return value.name().toLowerCase(Locale.ROOT);
                }
            };
}
