package dev.podtriage.api;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.WorkloadReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One waiting rollout's memory of the critical root cause it saw: the workload's own, else the
 * first failing pod's. It fails the rollout when the same cause is seen again at least
 * {@code confirmAfter} later (a pod's first pull error may clear by itself; one that stays does not).
 */
final class CriticalCause {
    private final Duration confirmAfter;
    private String signature;
    private Instant firstSeen;

    CriticalCause(Duration confirmAfter) {
        this.confirmAfter = confirmAfter;
    }

    /** The failing root cause, described, once it persisted; empty while there is none or it is new. */
    Optional<String> observe(WorkloadReport report, Instant now) {
        Optional<Seen> seen = of(report);
        if (seen.isEmpty() || !seen.get().signature().equals(signature)) {
            signature = seen.map(Seen::signature).orElse(null);
            firstSeen = seen.isPresent() ? now : null;
            return Optional.empty();
        }
        return Duration.between(firstSeen, now).compareTo(confirmAfter) >= 0 ? Optional.of(seen.get().description()) : Optional.empty();
    }

    private record Seen(String signature, String description) {
    }

    private static Optional<Seen> of(WorkloadReport report) {
        for (Finding f : report.findings() == null ? List.<Finding>of() : report.findings()) {
            if (f.severity() == Severity.CRITICAL) {
                return Optional.of(new Seen("workload/" + f.key(), "Root cause `" + f.rule() + "` of the workload persisted: " + f.headline()));
            }
        }
        for (Diagnosis d : report.pods() == null ? List.<Diagnosis>of() : report.pods()) {
            if (!d.healthy() && !d.findings().isEmpty() && d.findings().get(0).severity() == Severity.CRITICAL) {
                Finding root = d.findings().get(0);
                return Optional.of(new Seen(d.pod().name() + "/" + root.key(),
                        "Root cause `" + root.rule() + "` of pod `" + d.pod().name() + "` persisted: " + d.summary()));
            }
        }
        return Optional.empty();
    }
}
