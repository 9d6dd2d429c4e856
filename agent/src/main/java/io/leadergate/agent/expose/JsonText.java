package io.leadergate.agent.expose;

import java.time.Instant;

/**
 * A minimal JSON writer for the few flat documents the health port serves; escapes per RFC 8259.
 * Not a general serializer: callers write fields in order and close what they open.
 */
final class JsonText {

    private final StringBuilder out = new StringBuilder(256);

    /** Whether the next value in the current object or array needs a comma first. */
    private boolean needsComma;

    JsonText beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    JsonText endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    JsonText beginArray(String name) {
        key(name);
        out.append('[');
        needsComma = false;
        return this;
    }

    JsonText endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    JsonText field(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needsComma = true;
        return this;
    }

    JsonText field(String name, long value) {
        key(name);
        out.append(value);
        needsComma = true;
        return this;
    }

    JsonText field(String name, boolean value) {
        key(name);
        out.append(value);
        needsComma = true;
        return this;
    }

    /** ISO-8601 UTC, or null. */
    JsonText field(String name, Instant value) {
        return field(name, value == null ? null : value.toString());
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void key(String name) {
        separate();
        string(name);
        out.append(':');
        needsComma = false;
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
