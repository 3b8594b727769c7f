package dev.podtriage.cluster;

import dev.podtriage.config.TriageConfig;
import dev.podtriage.diagnosis.Diagnosis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The cluster's current state as gauges: {@code triage_pods_failing{rule,severity,namespace}}, the
 * pods that have a warning or critical finding of each rule now (a pod counts once per rule). Unlike
 * {@code triage_findings_total}, a counter of the findings that requests evaluated (traffic), it does
 * not depend on who asks. Recomputed every {@code triage.cluster.state-metrics-interval} from
 * {@link CachedDiagnoses} on a thread of its own, so a scrape diagnoses nothing; rows of rules no
 * pod has any more drop out. Off when the caches are ({@code triage.cluster.cache=false}).
 */
@ApplicationScoped
public class StateMetrics {
    private static final Logger LOG = Logger.getLogger(StateMetrics.class);

    private final CachedDiagnoses diagnoses;
    private final Clock clock;
    private final TriageConfig config;
    private final MultiGauge failing;
    private ScheduledExecutorService worker;

    StateMetrics(CachedDiagnoses diagnoses, Clock clock, TriageConfig config, MeterRegistry registry) {
        this.diagnoses = diagnoses;
        this.clock = clock;
        this.config = config;
        this.failing = MultiGauge.builder("triage.pods.failing")
                .description("Pods with a warning or critical finding of the rule now, by namespace (state, from the caches)")
                .register(registry);
    }

    void onStart(@Observes StartupEvent ignored) {
        if (!config.cluster().cache()) {
            return;
        }
        long every = config.cluster().stateMetricsInterval().toMillis();
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pod-triage-state-metrics");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::refreshQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ignored) {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("state metrics not refreshed: %s", e.toString());
        }
    }

    /** Recomputes the gauges now; nothing changes while the caches are not live (the last state stays). */
    void refresh() {
        if (!diagnoses.live()) {
            return;
        }
        failing.register(rows(diagnoses.pods(clock.instant())).entrySet().stream()
                .map(e -> MultiGauge.Row.of(e.getKey(), e.getValue())).toList(), true);
    }

    /** Pods per (rule, severity, namespace) among the unhealthy findings: a pod counts once per rule. */
    static Map<Tags, Integer> rows(List<Diagnosis> pods) {
        Map<Tags, Integer> rows = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Diagnosis d : pods) {
            d.findings().stream().filter(f -> f.severity().unhealthy())
                    .map(f -> Tags.of("rule", f.rule(), "severity", f.severity().id(), "namespace", String.valueOf(d.pod().namespace())))
                    .distinct()
                    .forEach(tags -> rows.merge(tags, 1, Integer::sum));
        }
        return rows;
    }
}
