package io.leadergate.agent.config;

/** A value as one source supplied it, before parsing: enough to name it in an error line. */
final class SuppliedValue {

    private static final int MAX_SHOWN = 120;

    final ConfigSource source;

    /**
     * The key exactly as written: {@code lease.name}, {@code leadergate.lease.name} or {@code
     * LEADERGATE_LEASE_NAME}.
     */
    final String keyAsWritten;

    final String text;

    SuppliedValue(ConfigSource source, String keyAsWritten, String text) {
        this.source = source;
        this.keyAsWritten = keyAsWritten;
        this.text = text;
    }

    /** {@code environment variable LEADERGATE_RENEW_DEADLINE="10"}. */
    String describe() {
        return origin() + "=\"" + shown(text) + "\"";
    }

    /** {@code environment variable LEADERGATE_RENEW_DEADLINE}. */
    String origin() {
        return source.description() + " " + shown(keyAsWritten);
    }

    /**
     * Keeps log lines single and short whatever was supplied: control characters escaped, long text
     * cut.
     */
    static String shown(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 16);
        for (int i = 0; i < text.length() && i < MAX_SHOWN; i++) {
            char c = text.charAt(i);
            // Every control and line-separator character: one problem must stay one log line.
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_SHOWN) {
            out.append("…(").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
