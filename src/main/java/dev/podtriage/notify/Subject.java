package dev.podtriage.notify;

import java.util.Objects;

/**
 * What a notification is about: a pod or a workload (Deployment, StatefulSet, DaemonSet, Job, or a
 * ReplicaSet no Deployment owns). The tracker keys its state by kind, namespace and name; the uid
 * tells a recreated object of the same name from the old one.
 */
record Subject(String kind, String namespace, String name, String uid) {
    static final String POD = "Pod";

    Subject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    static Subject pod(String namespace, String name) {
        return new Subject(POD, namespace, name, null);
    }

    boolean isPod() {
        return POD.equals(kind);
    }

    String key() {
        return key(kind, namespace, name);
    }

    /** Kind, namespace and name: none of them contains a slash. */
    static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }

    /** The subject of a {@link #key}, without uid. */
    static Subject ofKey(String key) {
        String[] parts = key.split("/", 3);
        return new Subject(parts[0], parts[1], parts[2], null);
    }

    /** "shop/web-1" for a pod, "Deployment shop/web" for a workload. */
    String display() {
        return isPod() ? namespace + "/" + name : kind + " " + namespace + "/" + name;
    }
}
