package io.leadergate.it;

/**
 * One executed call of a gated method, as a replica recorded it ({@code System.nanoTime()} units).
 */
public record Run(String replicaId, long startNanos, long endNanos) {

    public boolean overlaps(Run other) {
        return startNanos < other.endNanos && other.startNanos < endNanos;
    }

    public static Run parse(String line) {
        String[] fields = line.trim().split(" ");
        if (fields.length != 3) {
            throw new IllegalArgumentException("not a run line: '" + line + "'");
        }
        return new Run(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]));
    }
}
