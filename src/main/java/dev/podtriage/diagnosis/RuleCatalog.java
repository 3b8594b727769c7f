package dev.podtriage.diagnosis;

import dev.podtriage.diagnosis.rules.ContainerRunRules;
import dev.podtriage.diagnosis.rules.ContainerStartRules;
import dev.podtriage.diagnosis.rules.ImagePullRules;
import dev.podtriage.diagnosis.rules.InitContainerRules;
import dev.podtriage.diagnosis.rules.ProbeRules;
import dev.podtriage.diagnosis.rules.LintRules;
import dev.podtriage.diagnosis.rules.NodeLifecycleRules;
import dev.podtriage.diagnosis.rules.SandboxVolumeRules;
import dev.podtriage.diagnosis.rules.SchedulingRules;
import dev.podtriage.diagnosis.rules.WorkloadRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All rule families and the catalog of their rules, in the order of rules.md. */
public final class RuleCatalog {
    private final List<RuleFamily> families;
    private final Map<String, RuleDefinition> rules;
    private final List<RuleDefinition> ordered;

    public RuleCatalog(List<RuleFamily> families) {
        this.families = List.copyOf(families);
        Map<String, RuleDefinition> byId = new LinkedHashMap<>();
        for (RuleFamily f : families) {
            for (RuleDefinition r : f.rules()) {
                if (byId.putIfAbsent(r.id(), r) != null) {
                    throw new IllegalStateException("rule id declared twice: " + r.id());
                }
            }
        }
        this.rules = Map.copyOf(byId);
        this.ordered = List.copyOf(byId.values());
    }

    /** The standard catalog: every family pod-triage ships. */
    public static RuleCatalog standard() {
        return new RuleCatalog(List.of(
                new ImagePullRules(),
                new ContainerStartRules(),
                new ContainerRunRules(),
                new ProbeRules(),
                new InitContainerRules(),
                new SchedulingRules(),
                new SandboxVolumeRules(),
                new NodeLifecycleRules(),
                new WorkloadRules(),
                new LintRules()));
    }

    public List<RuleFamily> families() {
        return families;
    }

    public List<RuleDefinition> rules() {
        return ordered;
    }

    public Optional<RuleDefinition> rule(String id) {
        return Optional.ofNullable(rules.get(id));
    }
}
