package io.leadergate.agent.election;

import io.leadergate.testsupport.ManualClock;

/** The shared virtual clock as the elector's {@link MonotonicClock}. */
public final class FakeClock extends ManualClock implements MonotonicClock {}
