package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;

/** A rule family that can also judge a workload on its own, e.g. a Deployment that has no pod at all. */
public interface WorkloadRuleFamily {

    /**
     * Findings about a workload from its object (conditions) and the events of it and of the
     * controllers under it (a Deployment's ReplicaSets), and the diagnoses of its pods (possibly
     * none) so that a workload finding can name the pods' root cause.
     */
    List<Finding> detectWorkload(HasMetadata workload, List<Event> events, List<Diagnosis> pods, Instant at);
}
