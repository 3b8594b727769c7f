package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The workloads pod-triage reads: their kind as the API names it, their model class, their plural
 * resource name and the short names kubectl accepts. The one place that maps kinds to classes.
 */
public enum WorkloadKind {
    DEPLOYMENT("Deployment", Deployment.class, "deployments", "deploy"),
    REPLICA_SET("ReplicaSet", ReplicaSet.class, "replicasets", "rs"),
    STATEFUL_SET("StatefulSet", StatefulSet.class, "statefulsets", "sts"),
    DAEMON_SET("DaemonSet", DaemonSet.class, "daemonsets", "ds"),
    JOB("Job", Job.class, "jobs", null);

    private final String kind;
    private final Class<? extends HasMetadata> type;
    private final String plural;
    private final String shortName;

    WorkloadKind(String kind, Class<? extends HasMetadata> type, String plural, String shortName) {
        this.kind = kind;
        this.type = type;
        this.plural = plural;
        this.shortName = shortName;
    }

    /** The kind as the API and owner references write it: {@code Deployment}. */
    public String kind() {
        return kind;
    }

    public Class<? extends HasMetadata> type() {
        return type;
    }

    /** The resource name: {@code deployments}. */
    public String plural() {
        return plural;
    }

    /** The workload kind an owner reference or object names exactly ({@code Deployment}), if it is one. */
    public static Optional<WorkloadKind> of(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }

    /**
     * What a person types, as kubectl takes it: the kind in any case, its plural or its short name
     * ({@code deploy}, {@code Deployments}, {@code rs}). Empty when it names no workload.
     */
    public static Optional<WorkloadKind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> k.kind.toLowerCase(Locale.ROOT).equals(t) || k.plural.equals(t) || t.equals(k.shortName))
                .findFirst();
    }

    /** "Deployment, StatefulSet, DaemonSet, ReplicaSet or Job", for messages that list the choices. */
    public static String choices() {
        List<String> names = Arrays.stream(values()).map(WorkloadKind::kind).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
