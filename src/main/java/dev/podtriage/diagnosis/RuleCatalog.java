package dev.podtriage.diagnosis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rule families and the catalog of their rules, in the order given (the standard set: {@code StandardRules}). */
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
