package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog entries are data: every rule of rules.md has one, and a bad entry is refused naming the file, rule and field. */
class CatalogEntriesTest {
    private static final String GOOD = """
            rules:
              - id: image-not-found
                title: Image or tag not found
                severity: critical
                stage: image
                description: The tag does not exist.
                fixes:
                  - Push the tag.
            """;

    private static String refused(String yaml) {
        return assertThrows(IllegalStateException.class, () -> CatalogEntries.read("catalog/test.yaml", yaml, new EnumMap<>(RuleId.class)))
                .getMessage();
    }

    @Test
    void everyBuiltInRuleComesFromItsEntry() {
        List<RuleDefinition> rules = StandardRules.catalog().rules();
        for (RuleId id : RuleId.values()) {
            RuleDefinition r = rules.stream().filter(x -> x.id().equals(id.id())).findFirst().orElseThrow(() -> new AssertionError(id.id()));
            assertTrue(!r.title().isBlank() && !r.description().isBlank() && !r.fixes().isEmpty() && !r.detection().isBlank(), id.id());
        }
        assertEquals(RuleId.values().length, rules.size());
    }

    @Test
    void aGoodEntryIsRead() {
        Map<RuleId, CatalogEntries.Entry> into = new EnumMap<>(RuleId.class);
        CatalogEntries.read("catalog/test.yaml", GOOD, into);
        CatalogEntries.Entry e = into.get(RuleId.IMAGE_NOT_FOUND);
        assertEquals(Severity.CRITICAL, e.severity());
        assertEquals(Stage.IMAGE, e.stage());
        assertEquals(List.of("Push the tag."), e.fixes());
    }

    @Test
    void badEntriesNameTheFileTheRuleAndTheField() {
        assertEquals("catalog/test.yaml: rule 'image-not-fund': id is not a rule of rules.md (RuleId)",
                refused(GOOD.replace("image-not-found", "image-not-fund")));
        assertEquals("catalog/test.yaml: rule 'image-not-found': severity unknown severity 'urgent': expected critical, warning or info",
                refused(GOOD.replace("severity: critical", "severity: urgent")));
        assertTrue(refused(GOOD.replace("stage: image", "stage: pull")).startsWith("catalog/test.yaml: rule 'image-not-found': stage unknown stage 'pull'"));
        assertEquals("catalog/test.yaml: rule 'image-not-found': title is required (a text)", refused(GOOD.replace("    title: Image or tag not found\n", "")));
        assertEquals("catalog/test.yaml: rule 'image-not-found': fixes needs a list of at least one fix",
                refused(GOOD.replace("    fixes:\n      - Push the tag.\n", "")));
        assertTrue(refused(GOOD.replace("    stage: image", "    stage: image\n    detection: by hand")).startsWith(
                "catalog/test.yaml: rule 'image-not-found': detection is not a field of an entry"));
        assertEquals("catalog/test.yaml: rule 'image-not-found': id has an entry already, in catalog/test.yaml",
                refused(GOOD + GOOD.substring(GOOD.indexOf("  - id"))));
    }
}
