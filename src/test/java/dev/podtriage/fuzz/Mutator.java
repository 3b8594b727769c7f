package dev.podtriage.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Mutates real kubectl output the ways broken clients and hostile callers do: missing fields, wrong
 * types, nulls, huge strings, odd Unicode, deep nesting, wrong kinds, truncated text.
 */
final class Mutator {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ODD = {"\u202Eevil\u202C", "\u200B\u200C\u200D", "\uD83D\uDCA5💥", "\u0000", "\uFFFF",
        "\uD800", "ᚠᛇᚻ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "%s%n%x", "${jndi:ldap://x}", "'; DROP TABLE pods;--", "\r\n\t", "ﷺ", "null"};

    /** Fields holding a timestamp (RFC 3339 text, or a MicroTime). */
    private static final java.util.Set<String> TIMESTAMPS = java.util.Set.of("creationTimestamp", "deletionTimestamp",
            "eventTime", "finishedAt", "firstTimestamp", "lastHeartbeatTime", "lastObservedTime", "lastProbeTime",
            "lastTimestamp", "lastTransitionTime", "lastUpdateTime", "startTime", "startedAt", "timeAdded");
    /** Timestamps in the wrong format or at the edges of what java.time can represent. */
    private static final String[] BAD_TIMESTAMPS = {"2026-11-27 09:00:00", "yesterday", "2026-13-45T99:99:99Z",
        "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "2026-11-27T09:00:00+18:00", "2026-11-27T09:00:00-18:00", "1970-01-01T00:00:00Z",
        "2026-11-27T09:00:00", "2026-11-27", "", " ", "1764234000", "2026-11-27T09:00:00.123456789012Z", "2126-11-27T09:00:00Z",
        "1926-11-27T09:00:00Z", "T", "2026-11-27T09:00:00Z2026"};
    /** Numbers at the edges: negative, zero, int and long limits, beyond long, fractions, exponents. */
    private static final String[] EXTREME_NUMBERS = {"-1", "0", "2147483647", "-2147483648", "2147483648",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e308", "-1e308", "0.5", "1e-9",
        "123456789012345678901234567890", "-0", "4294967296"};
    /** Where a pod keeps its interesting numbers. */
    private static final java.util.Set<String> NUMBERS = java.util.Set.of("restartCount", "exitCode", "signal", "count",
            "terminationGracePeriodSeconds", "activeDeadlineSeconds", "deletionGracePeriodSeconds", "failureThreshold",
            "successThreshold", "periodSeconds", "timeoutSeconds", "initialDelaySeconds", "containerPort", "port",
            "priority", "tolerationSeconds", "backoffLimit", "replicas", "readyReplicas", "generation", "observedGeneration",
            "progressDeadlineSeconds", "completions", "parallelism", "failed", "active", "ready");
    private static final String[] SECTIONS = {"spec", "status", "metadata", "involvedObject", "state", "lastState",
        "containers", "containerStatuses", "initContainerStatuses", "conditions", "ownerReferences", "series", "source"};

    enum Kind { REMOVE, NULL, WRONG_TYPE, HUGE_STRING, ODD_UNICODE, DEEP_NEST, WRONG_KIND, DUPLICATE, NEGATIVE_NUMBER, TRUNCATE,
        DROP_SECTION, DROP_KIND, TIMESTAMP_AS_NUMBER, BAD_TIMESTAMP, EXTREME_NUMBER, EMPTY_SECTION }

    private Mutator() {
    }

    /** Every fixture of the test suite, as parsed trees: the corpus mutations start from. */
    static List<JsonNode> corpus() {
        try {
            Path root = Path.of(Mutator.class.getResource("/fixtures").toURI());
            try (Stream<Path> files = Files.walk(root)) {
                List<JsonNode> out = new ArrayList<>();
                for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    out.add(MAPPER.readTree(p.toFile()));
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A payload for the mutations that insert text, for callers outside a property (the API fuzz
     * test, local hunting): empty, any UTF-16 unit (lone surrogates included), printable ASCII,
     * timestamp-like characters, or code points from all planes.
     */
    static String payload(RandomGenerator r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            return "";
        }
        int len = r.nextInt(41);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            switch (kind) {
                case 1 -> sb.append((char) r.nextInt(0x10000));
                case 2 -> sb.append((char) (' ' + r.nextInt(95)));
                case 3 -> sb.append("0123456789-:TZ.+".charAt(r.nextInt(16)));
                default -> sb.appendCodePoint(r.nextInt(4) == 0 ? r.nextInt(0x110000) : r.nextInt(0x250));
            }
        }
        return sb.toString();
    }

    /** Applies {@code count} random mutations chosen by {@code seed}; returns the body text to send. */
    static String mutate(JsonNode original, long seed, int count, String payload) {
        Random random = new Random(seed);
        JsonNode tree = original.deepCopy();
        boolean truncate = false;
        for (int i = 0; i < count; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            if (kind == Kind.TRUNCATE) {
                truncate = true;
                continue;
            }
            tree = apply(tree, kind, random, payload);
        }
        String text = tree.toString();
        return truncate && text.length() > 2 ? text.substring(0, random.nextInt(text.length() - 1) + 1) : text;
    }

    private static JsonNode apply(JsonNode root, Kind kind, Random random, String payload) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return root;
        }
        switch (kind) {
            case DROP_SECTION -> {
                return targeted(root, slots, random, SECTIONS, null);
            }
            case EMPTY_SECTION -> {
                String name = SECTIONS[random.nextInt(SECTIONS.length)];
                List<Slot> hits = slots.stream().filter(s -> name.equals(s.name())).toList();
                if (!hits.isEmpty()) {
                    Slot s = hits.get(random.nextInt(hits.size()));
                    s.set(s.value().isArray() ? NODES.arrayNode() : NODES.objectNode());
                }
                return root;
            }
            case DROP_KIND -> {
                // a List item (or the root) without `kind`; a PodList whose Pods carry no kind
                List<Slot> kinds = slots.stream().filter(s -> "kind".equals(s.name()) && s.parent().has("metadata")).toList();
                if (!kinds.isEmpty()) {
                    kinds.get(random.nextInt(kinds.size())).set(null);
                }
                if (random.nextInt(4) == 0 && root instanceof ObjectNode o && "List".equals(o.path("kind").asText())) {
                    o.put("kind", "PodList");
                }
                return root;
            }
            case TIMESTAMP_AS_NUMBER -> {
                JsonNode n = switch (random.nextInt(4)) {
                    case 0 -> NODES.numberNode(1_764_234_000L);
                    case 1 -> NODES.numberNode(random.nextLong());
                    case 2 -> NODES.numberNode(-1);
                    default -> NODES.numberNode(1.7642340005E12);
                };
                return targeted(root, slots, random, TIMESTAMPS.toArray(String[]::new), n);
            }
            case BAD_TIMESTAMP -> {
                JsonNode n = NODES.textNode(BAD_TIMESTAMPS[random.nextInt(BAD_TIMESTAMPS.length)]);
                return targeted(root, slots, random, TIMESTAMPS.toArray(String[]::new), n);
            }
            case EXTREME_NUMBER -> {
                JsonNode n;
                try {
                    n = MAPPER.readTree(EXTREME_NUMBERS[random.nextInt(EXTREME_NUMBERS.length)]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return targeted(root, slots, random, NUMBERS.toArray(String[]::new), n);
            }
            default -> {
            }
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        JsonNode replacement = switch (kind) {
            case REMOVE -> null;
            case NULL -> NODES.nullNode();
            case WRONG_TYPE -> wrongType(slot.value(), random, payload);
            case HUGE_STRING -> NODES.textNode(payload.repeat(Math.max(1, 20_000 / Math.max(1, payload.length()))));
            case ODD_UNICODE -> NODES.textNode(ODD[random.nextInt(ODD.length)] + payload);
            case DEEP_NEST -> nest(slot.value(), 20 + random.nextInt(200));
            case WRONG_KIND -> NODES.textNode(List.of("ConfigMap", "PodList", "List", "", "pod", "Event", "Node").get(random.nextInt(7)));
            case DUPLICATE -> duplicate(slot.value());
            case NEGATIVE_NUMBER -> NODES.numberNode(random.nextBoolean() ? -1 : Long.MIN_VALUE);
            default -> slot.value();
        };
        if (kind == Kind.WRONG_KIND) {
            // aim the kind mutation at a "kind" field when there is one
            slots.stream().filter(s -> "kind".equals(s.name())).findAny().ifPresent(s -> s.set(replacement));
            return root;
        }
        slot.set(replacement);
        return root;
    }

    /**
     * Replaces (or, with a null replacement, removes) one of the fields with the given names, when
     * the document has any; several hits in one document are all hit with a chance of one in four.
     */
    private static JsonNode targeted(JsonNode root, List<Slot> slots, Random random, String[] names, JsonNode replacement) {
        java.util.Set<String> wanted = java.util.Set.of(names);
        List<Slot> hits = slots.stream().filter(s -> s.name() != null && wanted.contains(s.name())).toList();
        if (hits.isEmpty()) {
            return root;
        }
        if (random.nextInt(4) == 0) {
            // in reverse so that removing from an array does not shift later hits
            for (int i = hits.size() - 1; i >= 0; i--) {
                hits.get(i).set(replacement == null ? null : replacement.deepCopy());
            }
        } else {
            hits.get(random.nextInt(hits.size())).set(replacement);
        }
        return root;
    }

    private static JsonNode wrongType(JsonNode v, Random random, String payload) {
        if (v.isTextual()) {
            return random.nextBoolean() ? NODES.numberNode(random.nextInt()) : NODES.arrayNode().add(v);
        }
        if (v.isNumber()) {
            return NODES.textNode(payload);
        }
        if (v.isArray()) {
            return NODES.objectNode().put("not", "an array");
        }
        if (v.isObject()) {
            return random.nextBoolean() ? NODES.textNode(payload) : NODES.arrayNode().add(v);
        }
        return NODES.objectNode();
    }

    private static JsonNode nest(JsonNode v, int depth) {
        JsonNode n = v;
        for (int i = 0; i < depth; i++) {
            n = NODES.arrayNode().add(n);
        }
        return n;
    }

    private static JsonNode duplicate(JsonNode v) {
        if (v.isArray()) {
            ArrayNode a = NODES.arrayNode();
            for (int i = 0; i < 3; i++) {
                a.addAll((ArrayNode) v.deepCopy());
            }
            return a;
        }
        return v;
    }

    /** A place in the tree that can be replaced or removed. */
    private record Slot(JsonNode parent, String name, int index, JsonNode value) {
        void set(JsonNode replacement) {
            if (parent instanceof ObjectNode o) {
                if (replacement == null) {
                    o.remove(name);
                } else {
                    o.set(name, replacement);
                }
            } else if (parent instanceof ArrayNode a) {
                if (replacement == null) {
                    a.remove(index);
                } else {
                    a.set(index, replacement);
                }
            }
        }
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new Slot(o, e.getKey(), -1, e.getValue()));
                collect(e.getValue(), out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i, a.get(i)));
                collect(a.get(i), out);
            }
        }
    }
}
