package dev.podtriage.diagnosis;

import dev.podtriage.diagnosis.rules.StandardRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 8.2: every rule family diagnoses a pod whose quoted texts are 1 MB each (the time is
 * printed by the benchmark's huge-texts section, not asserted here).
 */
class HugeTextTest {
    private final DiagnosisEngine engine = StandardRules.engine();

    @Test
    void everyFamilyHasAFixture() {
        Set<String> families = engine.catalog().families().stream().map(f -> f.getClass().getSimpleName()).collect(Collectors.toSet());
        assertEquals(families, HugeTexts.FAMILY_FIXTURES.keySet());
    }

    @Test
    void everyFamilyDiagnosesOneMegabyteTexts() {
        for (String family : HugeTexts.FAMILY_FIXTURES.keySet()) {
            Diagnosis d = engine.diagnose(HugeTexts.pod(family), Fixtures.AT, "offline");
            assertNotNull(d.summary(), family);
            assertFalse(d.healthy() && !family.equals("LintRules"), () -> family + " still finds the fixture's failure: " + d.summary());
        }
    }

    @Test
    void workloadRulesDiagnoseOneMegabyteEvents() {
        List<HasMetadata> items = HugeTexts.workloadItems();
        List<Finding> findings = engine.diagnoseWorkload(Plant.workload(items), Plant.events(items), Fixtures.AT);
        assertFalse(findings.isEmpty(), "the quota failure is still found");
    }
}
