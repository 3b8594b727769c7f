package dev.podtriage.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/** Where one request reads the cluster from: the informer caches, or the API server directly. */
interface ClusterSource {

    /** Reads cost no API call (the caches): reports may look up nodes and owners for every pod. */
    boolean free();

    boolean namespaceExists(String namespace);

    Optional<Pod> pod(String namespace, String name);

    /** Pods of a namespace, or of all namespaces when {@code namespace} is null. */
    List<Pod> pods(String namespace);

    /** Pods whose owner reference points at this uid. */
    List<Pod> podsOwnedBy(HasMetadata owner);

    List<Event> eventsAbout(String kind, ObjectMeta meta);

    Optional<Node> node(String name);

    /** A workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job) by kind and name. */
    Optional<HasMetadata> workload(String kind, String namespace, String name);

    /** ReplicaSets owned by a Deployment. */
    List<HasMetadata> ownedReplicaSets(HasMetadata deployment);
}
