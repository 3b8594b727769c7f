package dev.podtriage.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleOverride;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.rules.CustomRuleSpec;
import dev.podtriage.diagnosis.rules.StandardRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalog as the operator's {@code triage.rules.*} settings make it: built-in rules with their severity
 * overridden or turned off, and custom rules from the configuration and from {@code triage.rules.custom-file}.
 * Anything wrong is an {@link IllegalArgumentException} whose message names the setting, or the file, rule and field.
 */
final class RuleSettings {
    private static final Set<String> BUILT_IN = StandardRules.catalog().rules().stream().map(RuleDefinition::id).collect(Collectors.toSet());
    private static final Set<String> RULE_FIELDS = Set.of("id", "title", "stage", "severity", "description", "match", "fixes");
    private static final Set<String> MATCH_FIELDS = Set.of("waiting-reason", "terminated-reason", "exit-code", "event-reason", "message", "log");

    private RuleSettings() {
    }

    static RuleCatalog catalog(RulesConfig config) {
        List<CustomRuleSpec> custom = new ArrayList<>();
        if (config.customFile().isPresent()) {
            custom.addAll(readFile(Path.of(config.customFile().get())));
        }
        Map<String, RuleOverride> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, RulesConfig.Rule> e : config.rule().entrySet()) {
            String id = e.getKey();
            RulesConfig.Rule r = e.getValue();
            boolean defines = r.title().isPresent() || r.stage().isPresent() || r.description().isPresent() || r.fixes().isPresent()
                    || definesMatch(r.match());
            if (defines && BUILT_IN.contains(id)) {
                throw new IllegalArgumentException(key(id, r.title().isPresent() ? "title" : "match") + ": `" + id
                        + "` is a rule of the catalog: only its severity and enabled can be set");
            }
            if (defines) {
                custom.add(new CustomRuleSpec("configuration (triage.rules.\"" + id + "\".*)", id, r.title().orElse(null),
                        r.stage().orElse(null), r.severity().orElse(null), r.description().orElse(null), match(r.match()),
                        r.fixes().orElse(List.of())));
                if (r.enabled().isPresent()) {
                    overrides.put(id, new RuleOverride(null, r.enabled().get()));
                }
                continue;
            }
            Severity severity = null;
            if (r.severity().isPresent()) {
                try {
                    severity = Severity.parse(r.severity().get());
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException(key(id, "severity") + ": " + bad.getMessage());
                }
            }
            overrides.put(id, new RuleOverride(severity, r.enabled().orElse(true)));
        }
        Set<String> known = new java.util.HashSet<>(BUILT_IN);
        custom.forEach(c -> known.add(c.id()));
        for (String id : overrides.keySet()) {
            if (!known.contains(id)) {
                RulesConfig.Rule r = config.rule().get(id);
                throw new IllegalArgumentException(key(id, r.severity().isPresent() ? "severity" : "enabled") + ": no rule `" + id
                        + "` in the catalog (GET /api/v1/rules lists the rule IDs; a custom rule needs a title, stage, match and fixes)");
            }
        }
        return StandardRules.catalog(custom, overrides);
    }

    private static String key(String id, String field) {
        return "triage.rules.\"" + id + "\"." + field;
    }

    private static boolean definesMatch(RulesConfig.Match m) {
        return m.waitingReason().isPresent() || m.terminatedReason().isPresent() || m.exitCode().isPresent()
                || m.eventReason().isPresent() || m.message().isPresent() || m.log().isPresent();
    }

    private static CustomRuleSpec.Match match(RulesConfig.Match m) {
        return new CustomRuleSpec.Match(m.waitingReason().orElse(null), m.terminatedReason().orElse(null), m.exitCode().orElse(null),
                m.eventReason().orElse(null), m.message().orElse(null), m.log().orElse(null));
    }

    /** The custom rules of a YAML file: {@code rules:} followed by a list of rules (README "Custom rules"). */
    static List<CustomRuleSpec> readFile(Path file) {
        String source = file.toString();
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " (triage.rules.custom-file): cannot be read: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("rules");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(source + " (triage.rules.custom-file): expected `rules:` followed by a list of rules");
        }
        List<CustomRuleSpec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(rule(source, i, list.get(i)));
        }
        return out;
    }

    private static CustomRuleSpec rule(String source, int index, JsonNode n) {
        String id = n.path("id").isValueNode() ? n.get("id").asText() : "#" + (index + 1);
        unknownFields(source, id, n, RULE_FIELDS, "");
        JsonNode m = n.path("match");
        unknownFields(source, id, m, MATCH_FIELDS, "match.");
        Integer exitCode = null;
        if (m.has("exit-code")) {
            if (!m.get("exit-code").canConvertToInt() || !m.get("exit-code").isIntegralNumber()) {
                throw new IllegalArgumentException(source + ": custom rule '" + id + "': match.exit-code must be a whole number, got '"
                        + m.get("exit-code").asText() + "'");
            }
            exitCode = m.get("exit-code").intValue();
        }
        List<String> fixes = new ArrayList<>();
        JsonNode f = n.path("fixes");
        if (!f.isMissingNode() && !f.isArray()) {
            throw new IllegalArgumentException(source + ": custom rule '" + id + "': fixes must be a list of texts");
        }
        f.forEach(x -> fixes.add(x.asText()));
        return new CustomRuleSpec(source, text(n, "id"), text(n, "title"), text(n, "stage"), text(n, "severity"), text(n, "description"),
                new CustomRuleSpec.Match(text(m, "waiting-reason"), text(m, "terminated-reason"), exitCode, text(m, "event-reason"),
                        text(m, "message"), text(m, "log")), fixes);
    }

    private static void unknownFields(String source, String id, JsonNode n, Set<String> known, String prefix) {
        if (n.isMissingNode()) {
            return;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(source + ": custom rule '" + id + "': " + (prefix.isEmpty() ? "a rule" : prefix.substring(0, prefix.length() - 1))
                    + " must be a mapping of fields");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new IllegalArgumentException(source + ": custom rule '" + id + "': " + prefix + field + " is not a field (expected one of "
                        + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static String text(JsonNode n, String field) {
        return Optional.ofNullable(n.get(field)).filter(JsonNode::isValueNode).map(JsonNode::asText).orElse(null);
    }
}
