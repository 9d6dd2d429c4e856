package io.leadergate.it.executor.jobs;

/**
 * A sleep that keeps the interrupt for the executor to see, without a checked exception in a task.
 */
final class Sleep {

    private Sleep() {}

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
