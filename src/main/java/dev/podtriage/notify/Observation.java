package dev.podtriage.notify;

import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import java.util.List;

/**
 * A subject as evaluated at one instant: the findings the tracker judges, and what the messages
 * show — a pod's Diagnosis, or a workload's WorkloadReport (of which only the workload's own
 * findings count: its pods are subjects of their own).
 */
record Observation(Subject subject, List<Finding> findings, Diagnosis diagnosis, WorkloadReport workload) {

    Observation {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** A pod's diagnosis; null when it names no pod. */
    static Observation of(Diagnosis d) {
        if (d == null || d.pod() == null || d.pod().namespace() == null || d.pod().name() == null) {
            return null;
        }
        return new Observation(new Subject(Subject.POD, d.pod().namespace(), d.pod().name(), d.pod().uid()), d.findings(), d, null);
    }

    /** A workload's report; null when it names no workload. */
    static Observation of(WorkloadReport w, String uid) {
        WorkloadReport.Workload wl = w == null ? null : w.workload();
        if (wl == null || wl.kind() == null || wl.namespace() == null || wl.name() == null) {
            return null;
        }
        return new Observation(new Subject(wl.kind(), wl.namespace(), wl.name(), uid), w.findings(), null, w);
    }
}
