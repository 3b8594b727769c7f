package dev.podtriage.diagnosis.input;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * What {@link WorkloadReports} looks up around a workload: the informer caches, direct reads of the
 * API server, or the objects a caller sent offline.
 */
public interface WorkloadSource extends SnapshotSource {

    /** The workloads (every {@link dev.podtriage.diagnosis.WorkloadKind}) of a namespace, or of all when null. */
    List<HasMetadata> workloads(String namespace);

    /** Pods whose owner reference points at this workload. */
    List<Pod> podsOwnedBy(HasMetadata owner);

    /** ReplicaSets owned by a Deployment. */
    List<HasMetadata> ownedReplicaSets(HasMetadata deployment);
}
