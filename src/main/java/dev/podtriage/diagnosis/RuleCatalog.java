package dev.podtriage.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rule families and the catalog of their rules, in the order given (the standard set: {@code StandardRules}),
 * with the operator's settings applied as data: a rule's severity overridden, a rule turned off.
 */
public final class RuleCatalog {
    private final List<RuleFamily> families;
    private final Map<String, RuleDefinition> rules;
    private final List<RuleDefinition> ordered;

    public RuleCatalog(List<RuleFamily> families) {
        this(families, Map.of());
    }

    /**
     * @throws IllegalArgumentException when a rule ID is declared twice or an override names no rule
     */
    public RuleCatalog(List<RuleFamily> families, Map<String, RuleOverride> overrides) {
        this.families = List.copyOf(families);
        Map<String, RuleDefinition> byId = new LinkedHashMap<>();
        for (RuleFamily f : families) {
            for (RuleDefinition r : f.rules()) {
                if (byId.putIfAbsent(r.id(), r) != null) {
                    throw new IllegalArgumentException("rule id declared twice: " + r.id());
                }
            }
        }
        for (Map.Entry<String, RuleOverride> o : overrides.entrySet()) {
            RuleDefinition r = byId.get(o.getKey());
            if (r == null) {
                throw new IllegalArgumentException("no rule `" + o.getKey() + "` in the catalog (GET /api/v1/rules lists the rule IDs)");
            }
            byId.put(r.id(), r.with(o.getValue()));
        }
        this.rules = Map.copyOf(byId);
        this.ordered = List.copyOf(byId.values());
    }

    public List<RuleFamily> families() {
        return families;
    }

    /** Every rule as the operator's settings leave it. */
    public List<RuleDefinition> rules() {
        return ordered;
    }

    public Optional<RuleDefinition> rule(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    /** Findings after the operator's settings, and how many of them were dropped. */
    public record Applied(List<Finding> findings, int suppressed) {
    }

    /**
     * The operator's settings applied to findings: those of a rule turned off are dropped (and counted),
     * those of a rule whose severity is overridden take it, whatever severity the rule gave them, saying so in
     * their message (an override equal to the default changes nothing).
     */
    public Applied apply(List<Finding> findings) {
        List<Finding> kept = new ArrayList<>(findings.size());
        int suppressed = 0;
        for (Finding f : findings) {
            RuleDefinition r = rules.get(f.rule());
            if (r == null || r.enabled() && r.severity() == r.defaultSeverity()) {
                kept.add(f);
            } else if (!r.enabled()) {
                suppressed++;
            } else {
                kept.add(f.withSeverity(r.severity(), r.defaultSeverity(), RuleOverride.WHY));
            }
        }
        return new Applied(kept, suppressed);
    }
}
