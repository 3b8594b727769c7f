package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.RuleOverride;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rule families pod-triage ships, in the order of rules.md; the engine depends on none of them. */
public final class StandardRules {
    private StandardRules() {
    }

    /** The standard catalog: every family pod-triage ships. */
    public static RuleCatalog catalog() {
        return new RuleCatalog(families());
    }

    /**
     * The standard catalog with the operator's custom rules after the built-in families, and the operator's
     * settings (severity, enabled) of any rule.
     *
     * @throws IllegalArgumentException when a custom rule is bad (naming its source, rule and field) or an
     *                                  override names no rule
     */
    public static RuleCatalog catalog(List<CustomRuleSpec> custom, Map<String, RuleOverride> overrides) {
        List<RuleFamily> families = new ArrayList<>(families());
        List<String> builtIn = families.stream().flatMap(f -> f.rules().stream()).map(RuleDefinition::id).toList();
        families.add(CustomRules.of(custom, builtIn));
        return new RuleCatalog(families, overrides);
    }

    private static List<RuleFamily> families() {
        return List.of(
                new ImagePullRules(),
                new ContainerStartRules(),
                new ContainerRunRules(),
                new ProbeRules(),
                new InitContainerRules(),
                new SchedulingRules(),
                new SandboxVolumeRules(),
                new NodeLifecycleRules(),
                new WorkloadRules(),
                new LintRules());
    }

    /** The standard catalog with default settings. */
    public static DiagnosisEngine engine() {
        return new DiagnosisEngine(catalog(), DiagnosisSettings.defaults());
    }
}
