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

    /** The findings of {@code diagnoses}, counted first and then added once per rule, severity and namespace. */
    void count(List<Diagnosis> diagnoses) {
        Map<Counted, Integer> counts = new HashMap<>();
        for (Diagnosis d : diagnoses) {
            for (Finding f : d.findings()) {
                counts.merge(new Counted(f.rule(), f.severity().id(), String.valueOf(d.pod().namespace())), 1, Integer::sum);
            }
        }
        counts.forEach((c, n) -> metrics.counter("triage.findings", "rule", c.rule(), "severity", c.severity(), "namespace", c.namespace())
                .increment(n));
    }

    private record Counted(String rule, String severity, String namespace) {
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
