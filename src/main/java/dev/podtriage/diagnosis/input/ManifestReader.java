package dev.podtriage.diagnosis.input;

import dev.podtriage.diagnosis.WorkloadKind;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code kubectl get pod,events -o json|yaml} prints: a single object or a
 * {@code kind: List}. Pure parsing, no I/O. Refuses YAML aliases (alias bombs) and documents
 * nested deeper than any Kubernetes object is, and says where a document is malformed.
 */
public final class ManifestReader {
    /** Kinds the diagnosis reads (Namespaces and CronJobs for their opt-out annotations); anything else in a List is skipped. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = kinds();

    private static Map<String, Class<? extends HasMetadata>> kinds() {
        Map<String, Class<? extends HasMetadata>> kinds = new HashMap<>(Map.of("Pod", Pod.class, "Event", Event.class, "Node", Node.class,
                "Namespace", Namespace.class, "CronJob", CronJob.class));
        for (WorkloadKind k : WorkloadKind.values()) {
            kinds.put(k.kind(), k.type());
        }
        return Map.copyOf(kinds);
    }

    private final int maxDepth;
    private final ObjectMapper json;
    private final ObjectMapper yaml;

    public ManifestReader(int maxDepth) {
        this.maxDepth = maxDepth;
        StreamReadConstraints limits = StreamReadConstraints.builder().maxNestingDepth(maxDepth).build();
        // INCLUDE_SOURCE_IN_LOCATION off: a parser error never quotes the body back
        JsonFactory jf = JsonFactory.builder().streamReadConstraints(limits)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
        this.json = configure(new ObjectMapper(jf));
        YAMLFactory yf = YAMLFactory.builder().streamReadConstraints(limits)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
        this.yaml = configure(new ObjectMapper(yf));
    }

    public ManifestReader() {
        this(64);
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);
    }

    /** Parses JSON or YAML (told apart by the first character when {@code yamlHint} is null). */
    public List<HasMetadata> read(String body, Boolean yamlHint) {
        if (body == null || body.isBlank()) {
            throw new ManifestException("The body is empty: expected a Pod or a List of Pods and Events, as `kubectl get pod,events -o json` prints it.");
        }
        boolean isYaml = yamlHint != null ? yamlHint : !body.stripLeading().startsWith("{");
        List<JsonNode> documents = parseDocuments(body, isYaml);
        List<HasMetadata> out = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            String where = documents.size() == 1 ? "" : "Document " + (d + 1) + " of " + documents.size() + ": ";
            read(documents.get(d), isYaml, where, out);
        }
        return out;
    }

    /** The objects of one document (a Pod, a workload, or a List), appended to {@code out}. */
    private void read(JsonNode root, boolean isYaml, String where, List<HasMetadata> out) {
        if (root == null || !root.isObject()) {
            throw new ManifestException(where + "The body is " + (isYaml ? "YAML" : "JSON") + " but not an object: expected a Pod or a List of Pods and Events.");
        }
        String kind = text(root, "kind");
        if (kind.isEmpty()) {
            throw new ManifestException(where + "The object has no `kind`: expected `kind: Pod` or `kind: List` (as `kubectl get pod,events -o json` prints).");
        }
        if (kind.equals("List") || kind.endsWith("List")) {
            JsonNode items = root.get("items");
            if (items == null || !items.isArray()) {
                throw new ManifestException(where + "`kind: " + cut(kind, 60) + "` needs an `items` array.");
            }
            int i = 0;
            for (JsonNode item : (ArrayNode) items) {
                HasMetadata o = convert(item, where + "items[" + i + "]", kind.equals("List") ? null : kind.substring(0, kind.length() - 4));
                if (o != null) {
                    out.add(o);
                }
                i++;
            }
        } else {
            HasMetadata o = convert(root, where.isEmpty() ? "the body" : where + "the object", null);
            if (o == null) {
                throw new ManifestException(where + "`kind: " + cut(kind, 60) + "` cannot be diagnosed: expected a Pod or a List of Pods and Events.");
            }
            out.add(o);
        }
    }

    private HasMetadata convert(JsonNode node, String where, String impliedKind) {
        if (!node.isObject()) {
            throw new ManifestException(where + " is not an object.");
        }
        String kind = text(node, "kind");
        if (kind.isEmpty()) {
            kind = impliedKind == null ? "" : impliedKind;
        }
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            return null;
        }
        dropNulls(node);
        try {
            return json.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException jme ? jme.getPathReference() : "";
            throw new ManifestException(where + " (" + kind + ") does not have the shape of a Kubernetes " + kind + ": "
                    + brief(e) + (path.isEmpty() ? "" : " at " + simplifyPath(path)));
        }
    }

    /**
     * The API server never stores null list elements, and a field set to null means the same as a
     * field left out; a hand-edited manifest may hold both. Dropping them here leaves the model's
     * defaults in place (empty lists rather than null ones) and spares every rule a null check on
     * every list it walks.
     */
    private static void dropNulls(JsonNode node) {
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = a.size() - 1; i >= 0; i--) {
                if (a.get(i).isNull()) {
                    a.remove(i);
                }
            }
        } else if (node.isObject()) {
            ((ObjectNode) node).properties().removeIf(e -> e.getValue().isNull());
        }
        node.elements().forEachRemaining(ManifestReader::dropNulls);
    }

    /** Every document of the body: JSON has one, YAML as many as `---` separates (empty ones skipped). */
    private List<JsonNode> parseDocuments(String body, boolean isYaml) {
        try {
            if (!isYaml) {
                // one JSON document: neither garbage nor a second document after it
                return java.util.Collections.singletonList(json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body));
            }
            refuseAliases(body);
            List<JsonNode> documents = new ArrayList<>();
            try (com.fasterxml.jackson.databind.MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(body)) {
                while (it.hasNextValue()) {
                    JsonNode document = it.nextValue();
                    boolean empty = document == null || document.isNull() || document.isMissingNode()
                            || document.isTextual() && document.asText().isEmpty();
                    if (!empty) {
                        documents.add(document);
                    }
                }
            }
            if (documents.isEmpty()) {
                throw new ManifestException("The body holds no YAML document: expected a Pod or a List of Pods and Events.");
            }
            return documents;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ManifestException("The body is not valid " + (isYaml ? "YAML" : "JSON") + at + ": " + brief(e));
        } catch (IOException e) {
            throw new ManifestException("The body cannot be read as " + (isYaml ? "YAML" : "JSON") + ".");
        }
    }

    /** Anchors and aliases have no place in a manifest kubectl prints and are the tool of alias bombs. */
    private void refuseAliases(String body) throws IOException {
        try (JsonParser p = yaml.getFactory().createParser(body)) {
            while (p.nextToken() != null) {
                if (p instanceof YAMLParser yp && (yp.isCurrentAlias() || yp.getObjectId() != null)) {
                    JsonLocation loc = p.currentLocation();
                    throw new ManifestException("YAML anchors and aliases are not accepted (line " + loc.getLineNr()
                            + "): send the manifest as kubectl prints it.");
                }
                if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                    if (p.getParsingContext().getNestingDepth() > maxDepth) {
                        throw new ManifestException("The document is nested deeper than " + maxDepth + " levels.");
                    }
                }
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? "" : v.asText();
    }

    private static String brief(Exception e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return "malformed input";
        }
        // no class names: a Java type in backquotes becomes "a value", the parser's token names go
        m = m.replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z]+(\\.[a-zA-Z0-9_$<>,. ]+)+`", "a value")
                .replaceAll("\\s*\\(token `JsonToken\\.[A-Z_]+`\\)", "");
        int nl = m.indexOf('\n');
        m = (nl < 0 ? m : m.substring(0, nl)).strip();
        // the parser quotes the offending value: a 20,000-character string must not come back in the answer
        m = QUOTED_LONG.matcher(m).replaceAll(r -> java.util.regex.Matcher.quoteReplacement(
                r.group(1) + cut(r.group(2), 40) + r.group(1)));
        return cut(m, 300);
    }

    private static final java.util.regex.Pattern PATH_STEP = java.util.regex.Pattern.compile("\\[\"([^\"]{0,1024})\"]|\\[(\\d{1,9})]");
    private static final java.util.regex.Pattern QUOTED_LONG = java.util.regex.Pattern.compile("(['\"])([^'\"]{41,})\\1");

    /** At most {@code max} characters (not splitting a surrogate pair), with an ellipsis when cut. */
    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "…";
    }

    private static String simplifyPath(String path) {
        // "io.fabric8.kubernetes.api.model.Pod["spec"]->...["containers"]->java.util.ArrayList[0]" -> spec.containers[0]
        StringBuilder sb = new StringBuilder();
        var m = PATH_STEP.matcher(path);
        while (m.find()) {
            if (m.group(1) != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(m.group(1));
            } else {
                sb.append('[').append(m.group(2)).append(']');
            }
        }
        return sb.toString();
    }

}
