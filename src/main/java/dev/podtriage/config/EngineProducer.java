package dev.podtriage.config;

import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.Redactor;
import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** Wires the framework-free engine into CDI with the configured thresholds. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @ApplicationScoped
    DiagnosisEngine engine(TriageConfig config, RulesConfig rules) {
        TriageConfig.Diagnosis d = config.diagnosis();
        RuleCatalog catalog;
        try {
            catalog = RuleSettings.catalog(rules);
        } catch (IllegalArgumentException bad) {
            throw new IllegalStateException("Bad rule settings, pod-triage does not start: " + bad.getMessage(), bad);
        }
        return new DiagnosisEngine(catalog, new DiagnosisSettings(d.initContainerStuckAfter(),
                d.terminatingStuckAfter(), d.pendingUnscheduledAfter(), d.logTailMaxChars(),
                new Redactor(config.redaction().patterns().orElse(List.of()))));
    }

    /** The rule settings are checked at start-up, not at the first request: a bad one stops the service. */
    void checkRules(@Observes StartupEvent ignored, DiagnosisEngine engine) {
        engine.catalog();
    }

    @Produces
    @ApplicationScoped
    ManifestReader manifestReader(TriageConfig config) {
        return new ManifestReader(config.api().maxDepth());
    }
}
