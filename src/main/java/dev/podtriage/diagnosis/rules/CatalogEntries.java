package dev.podtriage.diagnosis.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The catalog entries of the built-in rules as data: one resource file per family under {@code catalog/} next to this
 * class ({@code image.yaml}, {@code container-start.yaml}, …), each entry the rule's ID (one of rules.md, a
 * {@link RuleId}), title, default severity, stage, description and general fixes. They are read and checked when the
 * families' definitions are first used, which the service does at start-up: an unknown or repeated ID, a rule without
 * an entry, a bad severity or stage, a missing field stop it with a message naming the file, the rule and the field.
 * The detection text is not in the files: the families generate it from their signature tables.
 */
final class CatalogEntries {
    /** The families' files, in the catalog's order. */
    static final List<String> FILES = List.of("lifecycle", "scheduling", "sandbox", "image", "container-start", "init", "run", "probe",
            "workload", "lint");
    private static final Set<String> FIELDS = Set.of("id", "title", "severity", "stage", "description", "fixes");

    /** One rule's entry, and the file it comes from. */
    record Entry(String file, String title, Severity severity, Stage stage, String description, List<String> fixes) {
    }

    private static final Map<RuleId, Entry> ENTRIES = load();

    private CatalogEntries() {
    }

    /** A built-in rule: its entry with the detection text its family generates. */
    static RuleDefinition define(RuleId id, String detection) {
        Entry e = ENTRIES.get(id);
        return new RuleDefinition(id.id(), e.title(), e.severity(), e.stage(), e.description(), detection, e.fixes());
    }

    private static Map<RuleId, Entry> load() {
        Map<RuleId, Entry> all = new EnumMap<>(RuleId.class);
        for (String f : FILES) {
            String file = "catalog/" + f + ".yaml";
            try (InputStream in = CatalogEntries.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException(file + ": missing from the classpath");
                }
                read(file, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), all);
            } catch (IOException e) {
                throw new IllegalStateException(file + ": cannot be read: " + e.getMessage(), e);
            }
        }
        List<String> without = new ArrayList<>();
        for (RuleId id : RuleId.values()) {
            if (!all.containsKey(id)) {
                without.add(id.id());
            }
        }
        if (!without.isEmpty()) {
            throw new IllegalStateException("rule catalog: no entry for " + without + " in any of " + FILES.stream().map(f -> f + ".yaml").toList());
        }
        return all;
    }

    /**
     * The entries of one file, added to those read before.
     *
     * @throws IllegalStateException naming the file, the rule and the field of the first bad entry
     */
    static void read(String file, String yaml, Map<RuleId, Entry> into) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": not YAML: " + e.getMessage(), e);
        }
        JsonNode rules = root == null ? null : root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new IllegalStateException(file + ": expected `rules:` followed by a list of entries");
        }
        for (JsonNode n : rules) {
            String id = n.path("id").asText("");
            RuleId rule = java.util.Arrays.stream(RuleId.values()).filter(r -> r.id().equals(id)).findFirst()
                    .orElseThrow(() -> bad(file, id, "id", "is not a rule of rules.md (RuleId)"));
            for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw bad(file, id, name, "is not a field of an entry (" + FIELDS.stream().sorted().toList() + ")");
                }
            }
            if (into.containsKey(rule)) {
                throw bad(file, id, "id", "has an entry already, in " + into.get(rule).file());
            }
            Severity severity;
            try {
                severity = Severity.parse(text(file, id, n, "severity"));
            } catch (IllegalArgumentException e) {
                throw bad(file, id, "severity", e.getMessage());
            }
            String stageName = text(file, id, n, "stage");
            Stage stage = java.util.Arrays.stream(Stage.values()).filter(s -> name(s).equals(stageName)).findFirst()
                    .orElseThrow(() -> bad(file, id, "stage", "unknown stage '" + stageName + "': expected one of "
                            + java.util.Arrays.stream(Stage.values()).map(CatalogEntries::name).toList()));
            JsonNode fixes = n.path("fixes");
            if (!fixes.isArray() || fixes.isEmpty()) {
                throw bad(file, id, "fixes", "needs a list of at least one fix");
            }
            List<String> fixList = new ArrayList<>();
            fixes.forEach(x -> fixList.add(x.asText()));
            into.put(rule, new Entry(file, text(file, id, n, "title"), severity, stage, text(file, id, n, "description"), fixList));
        }
    }

    /** How the files name a stage: {@code container-start} for {@link Stage#CONTAINER_START}. */
    static String name(Stage s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String text(String file, String id, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw bad(file, id, field, "is required (a text)");
        }
        return v.asText();
    }

    private static IllegalStateException bad(String file, String id, String field, String problem) {
        return new IllegalStateException(file + ": rule '" + id + "': " + field + " " + problem);
    }
}
