package dev.podtriage.cluster;

import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.input.WorkloadSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** Where one request reads the cluster from: the informer caches, or the API server directly. */
interface ClusterSource extends WorkloadSource {

    /** Reads cost no API call (the caches): reports may look up nodes and owners for every pod. */
    boolean free();

    boolean namespaceExists(String namespace);

    Optional<Pod> pod(String namespace, String name);

    /** Pods of a namespace, or of all namespaces when {@code namespace} is null. */
    List<Pod> pods(String namespace);

    /** A workload by kind and name. */
    Optional<HasMetadata> workload(WorkloadKind kind, String namespace, String name);

    @Override
    default Optional<HasMetadata> owner(OwnerReference ref, String namespace) {
        return WorkloadKind.of(ref.getKind()).flatMap(k -> workload(k, namespace, ref.getName()));
    }
}
