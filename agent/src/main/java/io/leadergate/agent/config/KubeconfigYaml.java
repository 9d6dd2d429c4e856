package io.leadergate.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * A kubeconfig's YAML (or JSON) as plain, unmodifiable {@link Map}s, {@link List}s, {@link
 * String}s, {@link Boolean}s and nulls, read from SnakeYAML's event parser. {@code Yaml}/{@code
 * SafeConstructor} would give the same tree, but loading them pulls in the constructor,
 * representer, emitter options and bean introspector (~80 classes in every JVM with a kubeconfig)
 * for a document whose every field we read is a string or a boolean.
 *
 * <p>What {@code SafeConstructor} did and this keeps: one document per file, anchors and aliases,
 * merge keys ({@code <<}), duplicate keys (the last one wins), YAML 1.1's implicit booleans ({@code
 * true}, {@code yes}, {@code on}, ... in plain scalars only) and nulls ({@code ~}, {@code null},
 * empty), the bounds against hostile files (50 aliases of collections, nesting depth 50), and
 * errors with their line and column. What it does not: plain numbers and timestamps stay strings (a
 * kubeconfig has no numeric field; client-go would reject a number where it reads a string).
 */
final class KubeconfigYaml {

    private static final String TAG = "tag:yaml.org,2002:";
    private static final int MAX_ALIASES = 50; // of collections, as LoaderOptions' default
    private static final int MAX_DEPTH = 50; // as LoaderOptions' default

    private final Parser parser;
    private final Map<String, Object> anchors = new HashMap<>();
    private int collectionAliases;
    private int depth;

    private KubeconfigYaml(String text) {
        this.parser = new ParserImpl(new StreamReader(text), new LoaderOptions());
    }

    /**
     * @return the document's root (null for an empty file)
     * @throws org.yaml.snakeyaml.error.YAMLException if it is not YAML, or several documents; the
     *     message names line and column
     */
    static Object parse(String text) {
        return new KubeconfigYaml(text).document();
    }

    private Object document() {
        parser.getEvent(); // stream start
        if (parser.checkEvent(Event.ID.StreamEnd)) {
            return null;
        }
        Event start = parser.getEvent();
        Object root = node();
        parser.getEvent(); // document end
        if (!parser.checkEvent(Event.ID.StreamEnd)) {
            throw new SyntaxError(
                    "expected a single document in the stream",
                    start.getStartMark(),
                    "but found another document",
                    parser.getEvent().getStartMark());
        }
        return root;
    }

    private Object node() {
        Event event = parser.getEvent();
        if (event instanceof AliasEvent) {
            String anchor = ((AliasEvent) event).getAnchor();
            if (!anchors.containsKey(anchor)) {
                throw new SyntaxError(
                        null, null, "found undefined alias " + anchor, event.getStartMark());
            }
            Object target = anchors.get(anchor);
            if ((target instanceof Map || target instanceof List)
                    && ++collectionAliases > MAX_ALIASES) {
                throw new SyntaxError(
                        null,
                        null,
                        "Number of aliases for non-scalar nodes exceeds the specified max="
                                + MAX_ALIASES,
                        event.getStartMark());
            }
            return target;
        }
        if (event instanceof ScalarEvent) {
            Object value = scalar((ScalarEvent) event);
            anchor(event, value);
            return value;
        }
        if (++depth > MAX_DEPTH) {
            throw new SyntaxError(
                    null, null, "Nesting Depth exceeded max " + MAX_DEPTH, event.getStartMark());
        }
        Object collection;
        if (event instanceof SequenceStartEvent) {
            List<Object> items = new ArrayList<>();
            anchor(event, Collections.unmodifiableList(items));
            while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                items.add(node());
            }
            collection = Collections.unmodifiableList(items);
        } else if (event instanceof MappingStartEvent) {
            collection = mapping(event);
        } else {
            throw new SyntaxError(null, null, "unexpected " + event, event.getStartMark());
        }
        parser.getEvent(); // sequence or mapping end
        depth--;
        return collection;
    }

    /** A mapping: explicit keys override merged ones; among merged maps, the first wins. */
    private Map<Object, Object> mapping(Event start) {
        Map<Object, Object> explicit = new LinkedHashMap<>();
        Map<Object, Object> view = Collections.unmodifiableMap(explicit);
        anchor(start, view);
        List<Map<?, ?>> merged = new ArrayList<>();
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event keyEvent = parser.peekEvent();
            Object key = node();
            Object value = node();
            if (isMergeKey(keyEvent)) {
                merge(value, merged, keyEvent);
            } else {
                explicit.put(key, value); // a duplicate key: the last one wins, as before
            }
        }
        if (merged.isEmpty()) {
            return view;
        }
        Map<Object, Object> all = new LinkedHashMap<>();
        for (Map<?, ?> source : merged) {
            for (Map.Entry<?, ?> entry : source.entrySet()) {
                all.putIfAbsent(entry.getKey(), entry.getValue());
            }
        }
        all.putAll(explicit);
        explicit.clear();
        explicit.putAll(all); // the anchored view sees the merged mapping too
        return view;
    }

    private static void merge(Object value, List<Map<?, ?>> merged, Event at) {
        if (value instanceof Map) {
            merged.add((Map<?, ?>) value);
            return;
        }
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                if (!(item instanceof Map)) {
                    throw new SyntaxError(
                            "while constructing a mapping",
                            at.getStartMark(),
                            "expected a mapping for merging, but found " + kind(item),
                            at.getEndMark());
                }
                merged.add((Map<?, ?>) item);
            }
            return;
        }
        throw new SyntaxError(
                "while constructing a mapping",
                at.getStartMark(),
                "expected a mapping or list of mappings for merging, but found " + kind(value),
                at.getEndMark());
    }

    private static String kind(Object value) {
        return value instanceof List ? "sequence" : "scalar";
    }

    /** A scalar resolved as YAML 1.1's core schema resolves it, numbers and dates left as text. */
    private static Object scalar(ScalarEvent event) {
        String value = event.getValue();
        String tag = event.getTag();
        if (tag == null || tag.equals("!")) {
            if (!event.getImplicit().canOmitTagInPlainScalar()) {
                return value; // quoted or block: always a string
            }
            Boolean bool = bool(value);
            if (bool != null) {
                return bool;
            }
            return isNull(value) ? null : value;
        }
        if (tag.equals(TAG + "bool")) {
            Boolean bool = bool(value);
            return bool != null ? bool : value;
        }
        if (tag.equals(TAG + "null")) {
            return null;
        }
        return value; // !!str, and any other tag: the text
    }

    private static Boolean bool(String value) {
        switch (value) {
            case "yes":
            case "Yes":
            case "YES":
            case "true":
            case "True":
            case "TRUE":
            case "on":
            case "On":
            case "ON":
                return Boolean.TRUE;
            case "no":
            case "No":
            case "NO":
            case "false":
            case "False":
            case "FALSE":
            case "off":
            case "Off":
            case "OFF":
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private static boolean isNull(String value) {
        switch (value) {
            case "":
            case "~":
            case "null":
            case "Null":
            case "NULL":
                return true;
            default:
                return false;
        }
    }

    private void anchor(Event event, Object value) {
        String anchor = ((NodeEvent) event).getAnchor();
        if (anchor != null) {
            anchors.put(anchor, value);
        }
    }

    /** The merge key: a plain, untagged {@code <<}. */
    private static boolean isMergeKey(Event key) {
        if (!(key instanceof ScalarEvent)) {
            return false;
        }
        ScalarEvent scalar = (ScalarEvent) key;
        return (scalar.getTag() == null || scalar.getTag().equals("!"))
                && scalar.getImplicit().canOmitTagInPlainScalar()
                && scalar.getValue().equals("<<");
    }

    /**
     * SnakeYAML's marked error (context, problem, line and column), for what the composer checked.
     */
    private static final class SyntaxError extends MarkedYAMLException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String context, Mark contextMark, String problem, Mark problemMark) {
            super(context, contextMark, problem, problemMark);
        }
    }
}
