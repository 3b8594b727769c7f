package dev.podtriage.notify;

import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.Diagnosis;
import java.time.Instant;
import java.util.List;

/**
 * One message for one sink about one subject (a pod or a workload).
 *
 * @param rules       the rules it is about, root cause first: those that started firing, or those resolved
 * @param observation the subject as evaluated at {@code at}; for a deleted subject, the last one seen
 * @param since       when the first of {@code rules} was first seen failing
 * @param at          the evaluation instant
 * @param reason      for a resolved message: {@code recovered} or {@code deleted}; null when firing
 */
record Notification(SinkSettings sink, Kind kind, Subject subject, List<String> rules, Observation observation,
                    Instant since, Instant at, String reason) {

    enum Kind {
        FIRING, RESOLVED;

        String id() {
            return name().toLowerCase();
        }
    }

    static final String RECOVERED = "recovered";
    static final String DELETED = "deleted";

    Notification {
        rules = List.copyOf(rules);
    }

    String namespace() {
        return subject.namespace();
    }

    String name() {
        return subject.name();
    }

    /** A pod's diagnosis; null for a workload. */
    Diagnosis diagnosis() {
        return observation == null ? null : observation.diagnosis();
    }

    /** A workload's report; null for a pod. */
    WorkloadReport workload() {
        return observation == null ? null : observation.workload();
    }

    Notification withDiagnosis(Diagnosis d) {
        Observation o = new Observation(subject, d.findings(), d, null);
        return new Notification(sink, kind, subject, rules, o, since, at, reason);
    }
}
