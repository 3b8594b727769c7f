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

    enum Kind { REMOVE, NULL, WRONG_TYPE, HUGE_STRING, ODD_UNICODE, DEEP_NEST, WRONG_KIND, DUPLICATE, NEGATIVE_NUMBER, TRUNCATE }

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
            case TRUNCATE -> slot.value();
        };
        if (kind == Kind.WRONG_KIND) {
            // aim the kind mutation at a "kind" field when there is one
            slots.stream().filter(s -> "kind".equals(s.name())).findAny().ifPresent(s -> s.set(replacement));
            return root;
        }
        slot.set(replacement);
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
