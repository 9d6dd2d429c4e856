package io.leadergate;

/**
 * Thrown by a method annotated {@code @LeaderOnly(mode = THROW)} when it is called on a replica
 * that does not hold the lease. The method's body did not run.
 */
public class NotLeaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotLeaderException(String message) {
        super(message);
    }
}
