package dev.podtriage.incidents;

import dev.podtriage.diagnosis.WorkloadKind;
import java.util.Objects;

/**
 * What an alert names: a pod, a workload (Deployment, StatefulSet, DaemonSet, Job, ReplicaSet) or
 * a ResourceQuota, in a namespace.
 */
public record AlertTarget(String kind, String namespace, String name) {
    public static final String POD = "Pod";
    public static final String REPLICA_SET = WorkloadKind.REPLICA_SET.kind();
    public static final String RESOURCE_QUOTA = "ResourceQuota";

    public AlertTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** {@code Deployment shop/web}. */
    public String display() {
        return kind + " " + namespace + "/" + name;
    }

    /** Whether this member of an incident of {@code key} is, or belongs to, what the alert names. */
    boolean covers(IncidentKey key, Member m) {
        if (!namespace.equals(m.namespace())) {
            return RESOURCE_QUOTA.equals(kind) && sameObject(key.cause().kind(), key.cause().namespace(), key.cause().name());
        }
        if (sameObject(m.kind(), m.namespace(), m.name())) {
            return true;
        }
        if (RESOURCE_QUOTA.equals(kind)) {
            return sameObject(key.cause().kind(), key.cause().namespace(), key.cause().name());
        }
        if (POD.equals(kind) || m.owner() == null) {
            return false;
        }
        if (kind.equalsIgnoreCase(m.owner().kind()) && name.equals(m.owner().name())) {
            return true;
        }
        // a ReplicaSet of the Deployment the pod's owner names: <deployment>-<pod-template-hash>
        return REPLICA_SET.equals(kind) && m.owner().is(WorkloadKind.DEPLOYMENT) && name.startsWith(m.owner().name() + "-")
                && name.indexOf('-', m.owner().name().length() + 1) < 0;
    }

    private boolean sameObject(String kind, String namespace, String name) {
        return this.kind.equalsIgnoreCase(kind) && this.namespace.equals(namespace) && this.name.equals(name);
    }
}
