package io.leadergate.agent.instrument;

import io.leadergate.agent.config.AgentConfig;
import io.leadergate.agent.config.ConfigKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one place that decides, from the configuration, which ways of selecting work are active.
 * {@code @LeaderOnly} is always on; every other instrumentation is opt-in through its config key.
 */
public final class Instrumentations {

    private Instrumentations() {}

    public static List<GatingInstrumentation> fromConfig(AgentConfig config, GatedMethods gated) {
        List<GatingInstrumentation> active = new ArrayList<>();
        active.add(new LeaderOnlyInstrumentation());
        if (config.get(ConfigKeys.GATE_QUARTZ)) {
            active.add(new QuartzJobInstrumentation(config.get(ConfigKeys.GATE_QUARTZ_JOBS)));
        }
        if (config.get(ConfigKeys.GATE_SPRING_SCHEDULED)) {
            active.add(
                    new SpringScheduledInstrumentation(
                            config.get(ConfigKeys.GATE_SPRING_SCHEDULED_GROUPS)));
        }
        active.addAll(MethodPatternInstrumentation.fromConfig(config.get(ConfigKeys.GATE_METHODS)));
        active.addAll(
                ExecutorInstrumentation.fromConfig(config.get(ConfigKeys.GATE_EXECUTORS), gated));
        return Collections.unmodifiableList(active);
    }
}
