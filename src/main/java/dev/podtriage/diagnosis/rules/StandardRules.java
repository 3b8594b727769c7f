package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.RuleCatalog;
import java.util.List;

/** The rule families pod-triage ships, in the order of rules.md; the engine depends on none of them. */
public final class StandardRules {
    private StandardRules() {
    }

    /** The standard catalog: every family pod-triage ships. */
    public static RuleCatalog catalog() {
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

    /** The standard catalog with default settings. */
    public static DiagnosisEngine engine() {
        return new DiagnosisEngine(catalog(), DiagnosisSettings.defaults());
    }
}
