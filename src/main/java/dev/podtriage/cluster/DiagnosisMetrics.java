package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Supplier;

/** What requests diagnose: {@code triage_findings_total} by rule, severity and namespace, and report latency. */
@ApplicationScoped
class DiagnosisMetrics {
    private final MeterRegistry metrics;

    DiagnosisMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    void count(List<Diagnosis> diagnoses) {
        for (Diagnosis d : diagnoses) {
            for (Finding f : d.findings()) {
                metrics.counter("triage.findings", "rule", f.rule(), "severity", f.severity().id(),
                        "namespace", String.valueOf(d.pod().namespace())).increment();
            }
        }
    }

    <T> T timed(String scope, Supplier<T> work) {
        Timer.Sample sample = Timer.start(metrics);
        try {
            return work.get();
        } finally {
            sample.stop(metrics.timer("triage.report.latency", "scope", scope));
        }
    }
}
