package dev.podtriage.chatops.notify;

import dev.podtriage.diagnosis.Diagnosis;
import java.time.Instant;
import java.util.List;

/**
 * One message for one sink about one pod.
 *
 * @param rules     the rules it is about, root cause first: those that started firing, or those resolved
 * @param diagnosis the pod's diagnosis at {@code at}; for a deleted pod, the last one seen
 * @param since     when the first of {@code rules} was first seen failing
 * @param at        the evaluation instant
 * @param reason    for a resolved message: {@code recovered} or {@code deleted}; null when firing
 */
record Notification(SinkSettings sink, Kind kind, String namespace, String pod, List<String> rules, Diagnosis diagnosis,
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

    Notification withDiagnosis(Diagnosis d) {
        return new Notification(sink, kind, namespace, pod, rules, d, since, at, reason);
    }
}
