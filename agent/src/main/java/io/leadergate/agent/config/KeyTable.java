package io.leadergate.agent.config;

import java.util.List;

/**
 * The Markdown table of keys in {@code docs/configuration.md}, rendered from the registry so the
 * two cannot drift.
 */
public final class KeyTable {

    public static final String START_MARKER = "<!-- keys:start -->";
    public static final String END_MARKER = "<!-- keys:end -->";

    private KeyTable() {}

    /** One row per key: key, environment variable, default, meaning; lines end with {@code \n}. */
    public static String render(List<ConfigKey<?>> keys) {
        StringBuilder table =
                new StringBuilder()
                        .append("| Key | Environment variable | Default | Meaning |\n")
                        .append("|---|---|---|---|\n");
        for (ConfigKey<?> key : keys) {
            String defaultText =
                    key.hasDerivedDefault() ? key.defaultText() : "`" + key.defaultText() + "`";
            table.append("| `")
                    .append(key.name())
                    .append("` | `")
                    .append(key.envName())
                    .append("` | ")
                    .append(cell(defaultText))
                    .append(" | ")
                    .append(cell(key.doc()))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** The table between the markers, as it appears in the docs. */
    public static String section(List<ConfigKey<?>> keys) {
        return START_MARKER + "\n" + render(keys) + END_MARKER;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
