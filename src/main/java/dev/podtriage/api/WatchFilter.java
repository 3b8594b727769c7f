package dev.podtriage.api;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.incidents.Member;
import dev.podtriage.stream.DiagnosisChange;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What one watch stream sends of a change: only subjects in the namespaces its caller may see
 * (and the one it asked for), pods as its report lists them (severity, {@code all}); a pod that
 * leaves that list is sent as {@code removed}.
 *
 * @param namespace the namespace asked for, or null for every visible one
 * @param visible   the namespace scope (triage.scope.*, triage.cluster.namespaces)
 */
record WatchFilter(String namespace, Predicate<String> visible, ReportFilter filter) {
    static final String DIAGNOSIS = "diagnosis";
    static final String WORKLOAD = "workload";
    static final String REMOVED = "removed";
    static final String INCIDENT = "incident";

    boolean sees(String ns) {
        return ns != null && visible.test(ns) && (namespace == null || namespace.equals(ns));
    }

    Optional<WatchFrame> frame(WatchEvent e) {
        if (e.incident() != null) {
            boolean seen = e.incident().incident().members().stream().map(Member::namespace).anyMatch(this::sees);
            return seen ? Optional.of(WatchFrame.event(e.id(), INCIDENT, e.incidentJson())) : Optional.empty();
        }
        DiagnosisChange c = e.diagnosis();
        if (!sees(c.subject().namespace())) {
            return Optional.empty();
        }
        if (c instanceof DiagnosisChange.OfPod p) {
            if (p.current() != null && filter.lists(p.current())) {
                return Optional.of(WatchFrame.event(e.id(), DIAGNOSIS, e.currentJson()));
            }
            return c.gone() || listed(p.previous()) ? Optional.of(WatchFrame.event(e.id(), REMOVED, e.removedJson())) : Optional.empty();
        }
        WorkloadReport now = ((DiagnosisChange.OfWorkload) c).current();
        return Optional.of(now != null && !now.findings().isEmpty() ? WatchFrame.event(e.id(), WORKLOAD, e.currentJson())
                : WatchFrame.event(e.id(), REMOVED, e.removedJson()));
    }

    private boolean listed(Diagnosis d) {
        return d != null && filter.lists(d);
    }
}
