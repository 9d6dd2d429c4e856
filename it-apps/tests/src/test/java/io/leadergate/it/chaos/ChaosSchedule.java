package io.leadergate.it.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which faults, in which order: a shuffled round of every {@link FaultType} first (so any schedule
 * at least as long as the round covers each type), then weighted draws. Drawn from the run's seed
 * before anything starts, so a seed replays the same sequence and parameters; only the timings a
 * loaded host imposes differ.
 */
final class ChaosSchedule {

    private ChaosSchedule() {}

    static List<FaultType> draw(Random random, int count) {
        List<FaultType> round = new ArrayList<>(Arrays.asList(FaultType.values()));
        Collections.shuffle(round, random);
        List<FaultType> schedule = new ArrayList<>(round.subList(0, Math.min(count, round.size())));
        double totalWeight = Arrays.stream(FaultType.values()).mapToDouble(FaultType::weight).sum();
        while (schedule.size() < count) {
            double pick = random.nextDouble() * totalWeight;
            for (FaultType type : FaultType.values()) {
                pick -= type.weight();
                if (pick < 0) {
                    schedule.add(type);
                    break;
                }
            }
        }
        return schedule;
    }
}
