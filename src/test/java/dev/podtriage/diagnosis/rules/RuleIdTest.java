package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podtriage.diagnosis.RuleDefinition;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** RuleId names exactly the built-in catalog's rules: no ID without a rule, no rule without its ID. */
class RuleIdTest {

    @Test
    void theEnumIsTheBuiltInCatalog() {
        Set<String> catalog = StandardRules.catalog().rules().stream().map(RuleDefinition::id)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> ids = Arrays.stream(RuleId.values()).map(RuleId::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(catalog, ids);
        assertEquals(RuleId.values().length, ids.size());
    }
}
