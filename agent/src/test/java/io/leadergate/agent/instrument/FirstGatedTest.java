package io.leadergate.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lazy election start hangs on {@link GatedMethods#whenFirstGated}: once, at the first
 * registration.
 */
class FirstGatedTest {

    @Test
    void runsOnceAtTheFirstRegistrationNotBefore() {
        GatedMethods gated = new GatedMethods();
        AtomicInteger runs = new AtomicInteger();
        gated.whenFirstGated(runs::incrementAndGet);
        assertEquals(0, runs.get(), "nothing gated yet");

        gated.registerTask("com.acme.Task", "com.acme.Task (executor task)", "");
        gated.registerTask("com.acme.Other", "com.acme.Other (executor task)", "");
        assertEquals(1, runs.get());
    }

    @Test
    void runsAtOnceWhenSomethingIsGatedAlreadyAndSurvivesAFailingAction() {
        GatedMethods gated = new GatedMethods();
        gated.registerTask("com.acme.Task", "com.acme.Task (executor task)", "");
        AtomicInteger runs = new AtomicInteger();
        gated.whenFirstGated(runs::incrementAndGet);
        assertEquals(1, runs.get());

        GatedMethods failing = new GatedMethods();
        failing.whenFirstGated(
                () -> {
                    throw new IllegalStateException("test: the election cannot start");
                });
        assertEquals(
                1,
                failing.registerTask("com.acme.Task", "com.acme.Task (executor task)", "") > 0
                        ? 1
                        : 0,
                "registration goes on");
    }
}
