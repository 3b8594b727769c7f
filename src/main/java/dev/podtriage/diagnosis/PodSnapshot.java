package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything known about one pod at one moment: immutable input of the engine.
 *
 * @param pod          the Pod object
 * @param events       the Events whose involvedObject is this pod
 * @param node         the pod's Node, when known
 * @param owner        the owning workload (ReplicaSet, Deployment, Job, ...), when known
 * @param ownerEvents  the owning workload's Events
 * @param previousLogs tail of the previous instance's log, by container name
 * @param optOutSources the opt-out annotations of the pod's owner chain and namespace, nearest first
 *                      (the pod's own is read from the pod)
 */
public record PodSnapshot(Pod pod, List<Event> events, Node node, HasMetadata owner, List<Event> ownerEvents,
                          Map<String, String> previousLogs, List<OptOutSource> optOutSources) {

    public PodSnapshot {
        Objects.requireNonNull(pod, "pod");
        events = events == null ? List.of() : List.copyOf(events);
        ownerEvents = ownerEvents == null ? List.of() : List.copyOf(ownerEvents);
        previousLogs = previousLogs == null ? Map.of() : Map.copyOf(previousLogs);
        optOutSources = optOutSources == null ? List.of() : List.copyOf(optOutSources);
    }

    /** A snapshot without annotated surroundings. */
    public PodSnapshot(Pod pod, List<Event> events, Node node, HasMetadata owner, List<Event> ownerEvents,
                       Map<String, String> previousLogs) {
        this(pod, events, node, owner, ownerEvents, previousLogs, List.of());
    }

    public static PodSnapshot of(Pod pod, List<Event> events) {
        return new PodSnapshot(pod, events, null, null, List.of(), Map.of());
    }

    public PodSnapshot withPreviousLogs(Map<String, String> logs) {
        return new PodSnapshot(pod, events, node, owner, ownerEvents, logs, optOutSources);
    }
}
