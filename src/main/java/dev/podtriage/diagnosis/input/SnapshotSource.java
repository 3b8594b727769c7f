package dev.podtriage.diagnosis.input;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import dev.podtriage.diagnosis.WorkloadKind;
import java.util.List;
import java.util.Optional;

/**
 * What {@link SnapshotAssembler} looks up around a pod: the informer caches, direct reads of the
 * API server, or the objects a caller sent offline.
 */
public interface SnapshotSource {

    /** The events whose involvedObject is this object (by uid where both sides have one). */
    List<Event> eventsAbout(String kind, ObjectMeta meta);

    Optional<Node> node(String name);

    /** The workload an owner reference of an object in {@code namespace} points at, if it is known. */
    Optional<HasMetadata> owner(OwnerReference ref, String namespace);

    /**
     * The metadata of an object around a pod, for its annotations: a workload, a CronJob, a
     * Namespace (namespace null). Empty when it is not known; by default only workloads are, through
     * {@link #owner}.
     */
    default Optional<ObjectMeta> metadata(String kind, String namespace, String name) {
        return WorkloadKind.of(kind).flatMap(k -> owner(new OwnerReferenceBuilder().withKind(kind).withName(name).build(), namespace))
                .map(o -> o.getMetadata());
    }
}
