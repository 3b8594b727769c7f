package dev.podtriage.diagnosis;

/** The workload that owns a pod, as a person names it: Deployment rather than its ReplicaSet. */
public record OwnerRef(String kind, String name) {
}
