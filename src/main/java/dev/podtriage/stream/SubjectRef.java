package dev.podtriage.stream;

import dev.podtriage.diagnosis.WorkloadKind;
import java.util.Objects;

/**
 * What the diagnosis memo keeps a verdict for: a pod, or a workload (Deployment, StatefulSet,
 * DaemonSet, Job, or a ReplicaSet no Deployment controls). {@link #key()} (kind, namespace, name)
 * names it across recreations; the uid tells a recreated object from the one it replaced.
 *
 * @param kind {@link #POD} or a {@link WorkloadKind#kind()}
 */
public record SubjectRef(String kind, String namespace, String name, String uid) {
    public static final String POD = "Pod";

    public SubjectRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    public static SubjectRef pod(String namespace, String name, String uid) {
        return new SubjectRef(POD, namespace, name, uid);
    }

    public static SubjectRef workload(WorkloadKind kind, String namespace, String name, String uid) {
        return new SubjectRef(kind.kind(), namespace, name, uid);
    }

    public boolean isPod() {
        return POD.equals(kind);
    }

    /** Kind, namespace and name (none contains a slash): the same for a recreated object. */
    public String key() {
        return kind + "/" + namespace + "/" + name;
    }
}
