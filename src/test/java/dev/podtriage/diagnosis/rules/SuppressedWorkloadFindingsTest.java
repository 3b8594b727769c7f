package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.RuleOverride;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.diagnosis.input.WorkloadReports;
import dev.podtriage.diagnosis.input.WorkloadSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A workload's own findings of a rule the operator turned off are dropped and counted, in the workload and in the report's counts. */
class SuppressedWorkloadFindingsTest {
    private static final List<String> CANDIDATES = List.of("workload/quota-deployment-no-pods.json", "workload/rollout-stalled-image.json",
            "workload/job-backoff-limit.json", "workload/quota-exceeded.json", "workload/podsecurity-no-pods.json");

    private static Report report(String fixture, Map<String, RuleOverride> overrides) {
        DiagnosisEngine engine = new DiagnosisEngine(StandardRules.catalog(List.of(), overrides), DiagnosisSettings.defaults());
        WorkloadSource index = SnapshotAssembler.index(new ManifestReader().read(Fixtures.read(fixture), false));
        return engine.report(SnapshotAssembler.assemble(index), Fixtures.AT, "offline", ReportFilter.everything())
                .withWorkloads(new WorkloadReports(engine, index, "offline").reports(null, Fixtures.AT));
    }

    @Test
    void aTurnedOffRuleIsCountedInTheWorkloadAndTheReport() {
        String fixture = CANDIDATES.stream().filter(f -> report(f, Map.of()).workloads().stream().anyMatch(w -> w.findings().size() >= 2))
                .findFirst().orElseThrow(() -> new AssertionError("no candidate fixture has a workload with two findings of its own"));
        Report before = report(fixture, Map.of());
        WorkloadReport job = before.workloads().stream().filter(w -> w.findings().size() >= 2).findFirst().orElseThrow();
        List<String> rules = job.findings().stream().map(Finding::rule).toList();
        assertEquals(0, job.suppressed());
        String off = rules.get(rules.size() - 1);
        long dropped = rules.stream().filter(off::equals).count();

        Report after = report(fixture, Map.of(off, new RuleOverride(null, false)));
        WorkloadReport same = after.workloads().stream().filter(w -> w.workload().equals(job.workload())).findFirst().orElseThrow();
        assertFalse(same.findings().stream().anyMatch(f -> f.rule().equals(off)), off + " is dropped");
        assertEquals(dropped, same.suppressed());
        assertEquals(before.summary().suppressed() + dropped, after.summary().suppressed());
        assertEquals(after.summary(), after.withWorkloads(after.workloads()).summary(), "counting again does not count twice");
    }

    @Test
    void aWorkloadWhoseOwnFindingsAreAllTurnedOffIsStillListedWithItsSuppressedCount() {
        Report before = report("workload/quota-deployment-no-pods.json", Map.of());
        WorkloadReport blocked = before.workloads().stream().filter(w -> !w.findings().isEmpty()).findFirst().orElseThrow();
        List<String> rules = blocked.findings().stream().map(Finding::rule).distinct().toList();
        Map<String, RuleOverride> allOff = new java.util.HashMap<>();
        rules.forEach(r -> allOff.put(r, new RuleOverride(null, false)));

        Report after = report("workload/quota-deployment-no-pods.json", allOff);
        WorkloadReport same = after.workloads().stream().filter(w -> w.workload().equals(blocked.workload())).findFirst()
                .orElseThrow(() -> new AssertionError("a workload whose findings are all suppressed is still listed"));
        assertTrue(same.findings().isEmpty());
        assertEquals(blocked.findings().size(), same.suppressed());
        assertEquals(before.summary().suppressed() + blocked.findings().size(), after.summary().suppressed());
    }
}
