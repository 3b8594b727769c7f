package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingTest {
    private static final RuleDefinition RULE = new RuleDefinition("container-crash-loop", "Crash loop", Severity.CRITICAL,
            Stage.RUN, "d", "x", List.of("fix"));

    @Test
    void aSeverityOtherThanTheDefaultSaysWhyInTheMessage() {
        Finding f = RULE.finding().message(Prose.of("Container ", Prose.code("app"), " restarted."))
                .severity(Severity.WARNING, "the container runs and is Ready again; it restarted 3 times").build();
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("Container `app` restarted. (warning, not critical: the container runs and is Ready again; it restarted 3 times)", f.message().markdown());
        assertEquals("Container `app` restarted.", f.headline().markdown(), "the one-line headline stays short");
    }

    @Test
    void theDefaultSeverityAddsNothing() {
        Finding f = RULE.finding().message(Prose.words("Crashing.")).severity(Severity.CRITICAL, "unused").build();
        assertEquals("Crashing.", f.message().markdown());
    }

    /** The operator's severity replaces the rule's own note: the message says why once. */
    @Test
    void anOperatorSeverityReplacesTheRulesNote() {
        Finding reasoned = RULE.finding().message(Prose.of("Container ", Prose.code("app"), " restarted.")).severity(Severity.WARNING, "it is Ready again").build();
        Finding overridden = reasoned.withSeverity(Severity.INFO, Severity.CRITICAL, RuleOverride.WHY);
        assertEquals(Severity.INFO, overridden.severity());
        assertEquals("Container `app` restarted. (info, not critical: set by operator)", overridden.message().markdown());
        Finding plain = RULE.finding().message(Prose.words("Crashing.")).build().withSeverity(Severity.WARNING, Severity.CRITICAL, RuleOverride.WHY);
        assertEquals("Crashing. (warning, not critical: set by operator)", plain.message().markdown());
        assertEquals("Container `app` restarted.", reasoned.withSeverity(Severity.CRITICAL, Severity.CRITICAL, RuleOverride.WHY).message().markdown(),
                "back at the default, no note");
    }

    @Test
    void aDifferentSeverityWithoutAReasonIsAProgrammingError() {
        Finding.Builder b = RULE.finding().message(Prose.words("m")).severity(Severity.INFO, null);
        NullPointerException e = assertThrows(NullPointerException.class, b::build);
        assertTrue(e.getMessage().contains("says why"));
    }

    @Test
    void aFindingOfTheEngineSaysWhyItIsOnlyAWarning() {
        // the pod runs; its workload cannot create the other replicas (quota): a warning for this pod, not critical
        Finding f = Fixtures.diagnose("workload/quota-exceeded.json").findings().get(0);
        assertEquals("quota-exceeded", f.rule());
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(Severity.CRITICAL, Fixtures.ENGINE.catalog().rule("quota-exceeded").orElseThrow().severity());
        assertTrue(f.message().markdown().endsWith("(warning, not critical: this pod exists and runs; it is the workload's other replicas that cannot be created)"),
                f.message().markdown());
    }
}
