package dev.podtriage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.Severity;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** triage.rules.* as an operator writes them, into the catalog; every bad setting is named in the message. */
class RuleSettingsTest {
    static final String FILE = "src/test/resources/custom-rules/rules.yaml";

    @TempDir
    Path dir;

    private static RuleCatalog catalog(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RulesConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return RuleSettings.catalog(config.getConfigMapping(RulesConfig.class));
    }

    private static String failure(Map<String, String> properties) {
        return assertThrows(IllegalArgumentException.class, () -> catalog(properties)).getMessage();
    }

    @Test
    void overridesAreServedAsTheEffectiveCatalog() {
        RuleCatalog c = catalog(Map.of("triage.rules.\"image-not-found\".severity", "warning",
                "triage.rules.resources-unbounded.enabled", "false",
                "triage.rules.custom-file", FILE));
        RuleDefinition notFound = c.rule("image-not-found").orElseThrow();
        assertEquals(Severity.WARNING, notFound.severity());
        assertEquals(Severity.CRITICAL, notFound.defaultSeverity());
        assertTrue(notFound.overridden() && notFound.enabled() && !notFound.custom());
        RuleDefinition lint = c.rule("resources-unbounded").orElseThrow();
        assertFalse(lint.enabled());
        assertTrue(lint.overridden());
        RuleDefinition untouched = c.rule("image-pull-failed").orElseThrow();
        assertFalse(untouched.overridden());
        assertTrue(c.rule("missing-app-setting").orElseThrow().custom(), "the custom file is read next to the overrides");
        assertTrue(c.rule("custom-file").isEmpty());
    }

    /** A bad setting stops start-up naming its key: a bad severity, an unknown rule, a built-in rule redefined. */
    @Test
    void badSettingsNameTheKey() {
        Map<String, List<String>> cases = Map.of(
                "triage.rules.\"image-not-found\".severity=urgent", List.of("triage.rules.\"image-not-found\".severity", "urgent"),
                "triage.rules.image-not-fuond.enabled=false", List.of("triage.rules.\"image-not-fuond\".enabled", "no rule"),
                "triage.rules.image-not-found.title=Mine", List.of("triage.rules.\"image-not-found\".title", "only its severity and enabled"));
        cases.forEach((setting, expected) -> {
            String[] kv = setting.split("=", 2);
            String m = failure(Map.of(kv[0], kv[1]));
            assertTrue(expected.stream().allMatch(m::contains), setting + " -> " + m);
        });
    }

    @Test
    void aCustomRuleFromConfiguration() {
        RuleCatalog c = catalog(Map.of("triage.rules.db-refused.title", "Database refuses connections",
                "triage.rules.db-refused.stage", "run",
                "triage.rules.db-refused.severity", "warning",
                "triage.rules.db-refused.description", "The app cannot reach its database.",
                "triage.rules.db-refused.match.log", "connect to (?<db>[a-z0-9.-]{1,253}):5432 refused",
                "triage.rules.db-refused.fixes", "Check that `{db}` is up"));
        RuleDefinition r = c.rule("db-refused").orElseThrow();
        assertTrue(r.custom());
        assertEquals(Severity.WARNING, r.severity());
        assertTrue(r.detection().contains("previous log line"), r.detection());
    }

    /** A bad custom rule file: the message names the file, the rule and the field. */
    @Test
    void badCustomRulesNameFileRuleAndField() throws IOException {
        Map<String, String> cases = new HashMap<>();
        cases.put("id: image-not-found", "id");
        cases.put("match: {message: '(\\w+)+x'}", "match.message");
        cases.put("match: {message: '(a'}", "match.message");
        cases.put("match: {log: '(x)\\1'}", "match.log");
        cases.put("stage: later", "stage");
        cases.put("severity: urgent", "severity");
        cases.put("fixes: ['Set {nothing}']", "fixes[0]");
        cases.put("match: {exit-code: one}", "match.exit-code");
        cases.put("match: {waiting-reasons: X}", "match.waiting-reasons");
        cases.put("colour: red", "colour");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            Path file = dir.resolve("rules.yaml");
            Files.writeString(file, rule(e.getKey()));
            String m = assertThrows(IllegalArgumentException.class, () -> catalog(Map.of("triage.rules.custom-file", file.toString())), e.getKey()).getMessage();
            assertTrue(m.contains(file.toString()) && m.contains(e.getValue()) && (m.contains("'my-rule'") || m.contains("'image-not-found'")),
                    e.getKey() + " -> " + m);
        }
    }

    /** A valid rule with one field replaced (or added) by {@code line}. */
    private static String rule(String line) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("id", "id: my-rule");
        fields.put("title", "title: Mine");
        fields.put("stage", "stage: run");
        fields.put("severity", "severity: warning");
        fields.put("description", "description: Something.");
        fields.put("match", "match: {waiting-reason: CrashLoopBackOff}");
        fields.put("fixes", "fixes: ['Fix {container}']");
        fields.put(line.substring(0, line.indexOf(':')), line);
        return "rules:\n" + fields.values().stream().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n").replaceFirst("    ", "  - ");
    }
}
