package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Severities by rules.md's definitions: a finding differs from its rule's default only for a reason its message gives
 * (restarts while Ready are a warning, a bare pod ended from outside is critical).
 */
class SeverityTest {

    private static Finding root(Diagnosis d, String rule) {
        Finding f = d.findings().get(0);
        assertEquals(rule, f.rule(), d.summary().markdown());
        return f;
    }

    /** The fixture's pods without their controller: bare pods. */
    private static Diagnosis bare(String fixture) {
        List<HasMetadata> objects = new ManifestReader().read(Fixtures.read(fixture), false);
        objects.stream().filter(Pod.class::isInstance).forEach(p -> p.getMetadata().setOwnerReferences(List.of()));
        return Fixtures.ENGINE.diagnose(SnapshotAssembler.assemble(SnapshotAssembler.index(objects)).get(0), Fixtures.AT, "offline");
    }

    @Test
    void aCrashLoopWhileReadyIsAWarningThatSaysWhy() {
        Finding f = root(Fixtures.diagnose("containers/crash-loop-restarting-while-ready.json"), "container-crash-loop");
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.message().markdown().endsWith("(warning, not critical: the container runs and is Ready again; it restarted 7 times)"), f.message().markdown());
    }

    @Test
    void theSameCrashLoopNotReadyIsCriticalAsItsRule() {
        Finding f = root(Fixtures.diagnose("containers/crash-loop-exit1.json"), "container-crash-loop");
        assertEquals(Severity.CRITICAL, f.severity());
        assertFalse(f.message().markdown().contains("not critical"), f.message().markdown());
    }

    @Test
    void anEvictedPodOfAControllerIsAWarningByDefault() {
        Finding f = root(Fixtures.diagnose("lifecycle/evicted-memory.json"), "pod-evicted");
        assertEquals(Severity.WARNING, StandardRules.catalog().rule("pod-evicted").orElseThrow().defaultSeverity());
        assertEquals(Severity.WARNING, f.severity());
        assertFalse(f.message().markdown().contains("(warning, not"), "the default needs no word: " + f.message());
    }

    @Test
    void anEvictedOrPreemptedBarePodIsCriticalAndSaysWhy() {
        for (String fixture : List.of("lifecycle/evicted-memory.json", "lifecycle/preempted.json")) {
            Diagnosis d = bare(fixture);
            Finding f = d.findings().stream().filter(x -> x.rule().equals("pod-evicted") || x.rule().equals("pod-preempted")).findFirst()
                    .orElseThrow(() -> new AssertionError(fixture + ": " + d.findings()));
            assertEquals(Severity.CRITICAL, f.severity(), fixture);
            assertTrue(f.message().markdown().endsWith("(critical, not warning: no controller re-creates this pod, so its work has stopped)"), f.message().markdown());
        }
    }
}
