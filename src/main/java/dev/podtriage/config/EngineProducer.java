package dev.podtriage.config;

import dev.podtriage.diagnosis.rules.StandardRules;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.Redactor;
import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.input.ManifestReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** Wires the framework-free engine into CDI with the configured thresholds. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @ApplicationScoped
    DiagnosisEngine engine(TriageConfig config) {
        TriageConfig.Diagnosis d = config.diagnosis();
        return new DiagnosisEngine(StandardRules.catalog(), new DiagnosisSettings(d.initContainerStuckAfter(),
                d.terminatingStuckAfter(), d.pendingUnscheduledAfter(), d.logTailMaxChars(),
                new Redactor(config.redaction().patterns().orElse(List.of()))));
    }

    @Produces
    @ApplicationScoped
    ManifestReader manifestReader(TriageConfig config) {
        return new ManifestReader(config.api().maxDepth());
    }
}
