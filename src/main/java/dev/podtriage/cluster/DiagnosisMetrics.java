package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What requests diagnose: {@code triage_findings_total} by rule, severity and namespace, and report latency. */
@ApplicationScoped
class DiagnosisMetrics {
    private final MeterRegistry metrics;

    DiagnosisMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Counts each finding; one counter lookup per rule, severity and namespace (a report lists thousands of findings of a few kinds). */
    void count(List<Diagnosis> diagnoses) {
        Map<Row, int[]> rows = new HashMap<>();
        for (Diagnosis d : diagnoses) {
            for (Finding f : d.findings()) {
                rows.computeIfAbsent(new Row(f.rule(), f.severity().id(), String.valueOf(d.pod().namespace())), r -> new int[1])[0]++;
            }
        }
        rows.forEach((r, n) -> metrics.counter("triage.findings", "rule", r.rule(), "severity", r.severity(), "namespace", r.namespace())
                .increment(n[0]));
    }

    private record Row(String rule, String severity, String namespace) {
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
