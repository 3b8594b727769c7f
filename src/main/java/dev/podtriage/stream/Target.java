package dev.podtriage.stream;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A subject to recompute, by kind, namespace and name ({@link SubjectRef} without its uid). */
record Target(String kind, String namespace, String name) {

    static Target pod(String namespace, String name) {
        return new Target(SubjectRef.POD, namespace, name);
    }

    static Target workload(String kind, String namespace, String name) {
        return new Target(kind, namespace, name);
    }

    /** A pod or a workload object. */
    static Target of(HasMetadata o) {
        return new Target(o.getKind() == null ? SubjectRef.POD : o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName());
    }

    static Target of(SubjectRef s) {
        return new Target(s.kind(), s.namespace(), s.name());
    }

    boolean isPod() {
        return SubjectRef.POD.equals(kind);
    }

    /** The same as {@link SubjectRef#key()}. */
    String key() {
        return kind + "/" + namespace + "/" + name;
    }
}
