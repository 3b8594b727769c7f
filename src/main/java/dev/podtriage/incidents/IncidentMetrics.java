package dev.podtriage.incidents;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * The current state as gauges, by rule and severity: {@code triage_incidents_open} (open incidents)
 * and {@code triage_incidents_pods} (pods in them). Rows of rules without an open incident drop out.
 */
final class IncidentMetrics {
    private final MultiGauge open;
    private final MultiGauge pods;

    IncidentMetrics(MeterRegistry registry) {
        this.open = MultiGauge.builder("triage.incidents.open").description("Open incidents by rule and severity").register(registry);
        this.pods = MultiGauge.builder("triage.incidents.pods").description("Pods in open incidents, by rule and severity").register(registry);
    }

    void update(List<Incident> incidents) {
        Map<Tags, int[]> rows = new LinkedHashMap<>();
        for (Incident i : incidents) {
            int[] row = rows.computeIfAbsent(Tags.of("rule", i.rule(), "severity", i.severity().id()), t -> new int[2]);
            row[0]++;
            row[1] += i.scope().pods();
        }
        open.register(rows.entrySet().stream().map(e -> MultiGauge.Row.of(e.getKey(), e.getValue()[0])).toList(), true);
        pods.register(rows.entrySet().stream().map(e -> MultiGauge.Row.of(e.getKey(), e.getValue()[1])).toList(), true);
    }
}
