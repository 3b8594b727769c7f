package dev.podtriage.cluster;

import dev.podtriage.api.ProblemException;
import dev.podtriage.config.TriageConfig;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportFilter;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Diagnoses live pods and workloads: reads the cluster (cache first), then runs the pure engine. */
@ApplicationScoped
public class LiveDiagnosisService {
    /** Below this many pods a report is faster on one thread than split across cores. */
    private static final int PARALLEL_FROM = 200;
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job");

    private final DiagnosisEngine engine;
    private final ClusterCache cache;
    private final ClusterConnection connection;
    private final ClusterErrors errors;
    private final PreviousLogs logs;
    private final KubernetesClient client;
    private final TriageConfig config;
    private final MeterRegistry metrics;
    private final NamespaceScope scope;

    LiveDiagnosisService(DiagnosisEngine engine, ClusterCache cache, ClusterConnection connection, ClusterErrors errors,
                         PreviousLogs logs, KubernetesClient client, TriageConfig config, MeterRegistry metrics,
                         NamespaceScope scope) {
        this.engine = engine;
        this.cache = cache;
        this.connection = connection;
        this.errors = errors;
        this.logs = logs;
        this.client = client;
        this.config = config;
        this.metrics = metrics;
        this.scope = scope;
    }

    public String clusterName() {
        return connection.clusterName();
    }

    /** The diagnosis of one pod, with the previous log of its crashed containers. */
    public Diagnosis pod(String namespace, String name, Instant at) {
        checkScope(namespace);
        ClusterSource source = source();
        Pod pod = source.pod(namespace, name).orElseThrow(() -> notFound(source, namespace, "Pod `" + name + "`"));
        Diagnosis d = engine.diagnose(snapshot(source, pod, true, true), at, clusterName());
        count(List.of(d));
        return d;
    }

    public Report namespace(String namespace, Instant at, LabelSelector selector, ReportFilter filter, boolean withLogs) {
        checkScope(namespace);
        return timed("namespace", () -> {
            ClusterSource source = source();
            List<Pod> pods = source.pods(namespace);
            if (pods.isEmpty() && !source.namespaceExists(namespace)) {
                throw ProblemException.notFound("Namespace `" + namespace + "` does not exist in cluster `" + clusterName() + "`.");
            }
            return report(source, pods, at, selector, filter, withLogs);
        });
    }

    public Report cluster(Instant at, LabelSelector selector, ReportFilter filter, boolean withLogs) {
        return timed("cluster", () -> {
            ClusterSource source = source();
            List<Pod> pods = new ArrayList<>();
            Optional<List<String>> watched = config.cluster().namespaces();
            if (watched.isPresent()) {
                watched.get().forEach(ns -> pods.addAll(source.pods(ns)));
            } else {
                pods.addAll(source.pods(null));
            }
            pods.removeIf(p -> !scope.allows(p.getMetadata().getNamespace()));
            return report(source, pods, at, selector, filter, withLogs);
        });
    }

    private Report report(ClusterSource source, List<Pod> pods, Instant at, LabelSelector selector, ReportFilter filter,
                          boolean withLogs) {
        // from the caches (thread-safe, no I/O) a large report uses every core; a direct read memoises
        // per request and stays on one thread. Without caches a report reads pods and events only
        // (two calls), whatever the pod count.
        Stream<Pod> stream = source.free() && pods.size() >= PARALLEL_FROM ? pods.parallelStream() : pods.stream();
        List<Diagnosis> diagnoses = stream.filter(p -> selector.matches(p.getMetadata() == null ? null : p.getMetadata().getLabels()))
                .map(p -> engine.diagnose(snapshot(source, p, withLogs, source.free()), at, clusterName()))
                .toList();
        count(diagnoses);
        return DiagnosisEngine.summarize(diagnoses, at, clusterName(), filter);
    }

    /** A workload's own findings and the diagnoses of its pods (Deployment through its ReplicaSets). */
    public WorkloadReport workload(String namespace, String kind, String name, Instant at) {
        checkScope(namespace);
        String k = canonicalKind(kind);
        ClusterSource source = source();
        HasMetadata workload = source.workload(k, namespace, name)
                .orElseThrow(() -> notFound(source, namespace, k + " `" + name + "`"));
        return workloadReport(source, workload, at, true);
    }

    /**
     * The report of a workload: its pods' diagnoses, and its own findings from its events and, for a
     * Deployment, its ReplicaSets' events (naming the pods' root cause where a finding can).
     */
    private WorkloadReport workloadReport(ClusterSource source, HasMetadata workload, Instant at,
                                          boolean countMetrics) {
        List<HasMetadata> controllers = controllers(source, workload);
        List<Diagnosis> pods = new ArrayList<>();
        for (HasMetadata c : controllers) {
            for (Pod p : source.podsOwnedBy(c)) {
                pods.add(engine.diagnose(snapshot(source, p, false, true), at, clusterName()));
            }
        }
        List<Finding> own = engine.diagnoseWorkload(workload, workloadEvents(source, controllers), pods, at);
        if (countMetrics) {
            count(pods);
        }
        return WorkloadReport.of(clusterName(), workload, own, pods, at);
    }

    /** The workload and, for a Deployment, its ReplicaSets: FailedCreate is reported on the ReplicaSet. */
    private static List<HasMetadata> controllers(ClusterSource source, HasMetadata workload) {
        List<HasMetadata> controllers = new ArrayList<>();
        controllers.add(workload);
        if ("Deployment".equals(workload.getKind())) {
            controllers.addAll(source.ownedReplicaSets(workload));
        }
        return controllers;
    }

    private static List<Event> workloadEvents(ClusterSource source, List<HasMetadata> controllers) {
        List<Event> allEvents = new ArrayList<>();
        for (HasMetadata c : controllers) {
            allEvents.addAll(source.eventsAbout(c.getKind(), c.getMetadata()));
        }
        return allEvents;
    }

    /**
     * One pod with its events and, when {@code enrich}, its node and owning workload with their events.
     * Without enrichment the engine still names the owner from the pod's owner references.
     */
    private PodSnapshot snapshot(ClusterSource source, Pod pod, boolean withLogs, boolean enrich) {
        ObjectMeta m = pod.getMetadata();
        List<Event> events = source.eventsAbout("Pod", m);
        HasMetadata owner = null;
        List<Event> ownerEvents = new ArrayList<>();
        OwnerReference ref = enrich ? controllerOf(m) : null;
        if (ref != null && ref.getKind() != null && WORKLOAD_KINDS.contains(ref.getKind())) {
            owner = source.workload(ref.getKind(), m.getNamespace(), ref.getName()).orElse(null);
            if (owner != null) {
                ownerEvents.addAll(source.eventsAbout(owner.getKind(), owner.getMetadata()));
                OwnerReference grand = controllerOf(owner.getMetadata());
                if (grand != null && grand.getKind() != null && WORKLOAD_KINDS.contains(grand.getKind())) {
                    source.workload(grand.getKind(), m.getNamespace(), grand.getName())
                            .ifPresent(g -> ownerEvents.addAll(source.eventsAbout(g.getKind(), g.getMetadata())));
                }
            }
        }
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        PodSnapshot s = new PodSnapshot(pod, events, enrich ? source.node(nodeName).orElse(null) : null, owner, ownerEvents,
                Map.of());
        return withLogs ? s.withPreviousLogs(logs.forCrashedContainers(s)) : s;
    }

    // ---------------------------------------------------------------- for push notifications

    /** The caches are listed and watching: {@link #cachedPod} and {@link #cachedPods} tell the current state. */
    public boolean cachesLive() {
        return config.cluster().cache() && cache.live();
    }

    /**
     * One pod read from the caches only (an API call only for the previous logs, when asked), without
     * the request metrics; empty when the pod is not in the caches.
     */
    public Optional<Diagnosis> cachedPod(String namespace, String name, Instant at, boolean withLogs) {
        if (cache.kinds() == null) {
            return Optional.empty();
        }
        CachedSource source = cachedSource();
        return source.pod(namespace, name).map(p -> engine.diagnose(snapshot(source, p, withLogs, true), at, clusterName()));
    }

    /** Every watched pod, from the caches only, without logs and without the request metrics. */
    public List<Diagnosis> cachedPods(Instant at) {
        if (cache.kinds() == null) {
            return List.of();
        }
        CachedSource source = cachedSource();
        List<Diagnosis> out = new ArrayList<>();
        for (Pod p : source.pods(null)) {
            out.add(engine.diagnose(snapshot(source, p, false, true), at, clusterName()));
        }
        return out;
    }

    /** A workload read from the caches, with the uid that tells it from a recreated one of the same name. */
    public record CachedWorkload(String uid, WorkloadReport report) {
    }

    /**
     * One workload read from the caches only, without the request metrics; a ReplicaSet a Deployment
     * controls is answered with its Deployment. Empty when it is not in the caches (or its Deployment is not).
     */
    public Optional<CachedWorkload> cachedWorkload(String namespace, String kind, String name, Instant at) {
        if (cache.kinds() == null || kind == null) {
            return Optional.empty();
        }
        CachedSource source = cachedSource();
        Optional<HasMetadata> w = source.workload(kind, namespace, name);
        if (w.isPresent() && "ReplicaSet".equals(kind)) {
            OwnerReference ref = controllerOf(w.get().getMetadata());
            if (ref != null && "Deployment".equals(ref.getKind())) {
                w = source.workload("Deployment", namespace, ref.getName());
            }
        }
        return w.map(x -> new CachedWorkload(x.getMetadata().getUid(), workloadReport(source, x, at, false)));
    }

    /**
     * The watched workloads (Deployments, StatefulSets, DaemonSets, Jobs, and ReplicaSets no
     * Deployment controls) that have findings of their own at {@code at}, from the caches only, with
     * their reports; without logs and without the request metrics. Pods are diagnosed for those only.
     */
    public List<CachedWorkload> cachedWorkloads(Instant at) {
        ClusterCache.Kinds kinds = cache.kinds();
        if (kinds == null) {
            return List.of();
        }
        CachedSource source = cachedSource();
        List<HasMetadata> workloads = new ArrayList<>();
        workloads.addAll(kinds.deployments().all());
        workloads.addAll(kinds.statefulSets().all());
        workloads.addAll(kinds.daemonSets().all());
        workloads.addAll(kinds.jobs().all());
        for (HasMetadata rs : kinds.replicaSets().all()) {
            OwnerReference ref = controllerOf(rs.getMetadata());
            if (ref == null || !"Deployment".equals(ref.getKind())) {
                workloads.add(rs);
            }
        }
        List<CachedWorkload> out = new ArrayList<>();
        for (HasMetadata w : workloads) {
            if (w.getMetadata() == null) {
                continue;
            }
            List<Finding> findings = engine.diagnoseWorkload(w, workloadEvents(source, controllers(source, w)), at);
            if (!findings.isEmpty()) {
                out.add(new CachedWorkload(w.getMetadata().getUid(), workloadReport(source, w, at, false)));
            }
        }
        return out;
    }

    private ClusterSource source() {
        if (config.cluster().cache() && cache.live()) {
            return cachedSource();
        }
        return new DirectSource(client, errors);
    }

    private CachedSource cachedSource() {
        return new CachedSource(cache, config.cluster().namespaces().orElse(List.of()));
    }

    private ProblemException notFound(ClusterSource source, String namespace, String what) {
        if (!source.namespaceExists(namespace)) {
            return ProblemException.notFound("Namespace `" + namespace + "` does not exist in cluster `" + clusterName() + "`.");
        }
        return ProblemException.notFound(what + " does not exist in namespace `" + namespace + "` of cluster `" + clusterName() + "`.");
    }

    private void checkScope(String namespace) {
        if (!scope.allows(namespace)) {
            throw new ProblemException(403, "namespace-denied", "pod-triage does not report on namespace `" + namespace
                    + "` (triage.scope.allow / triage.scope.deny).");
        }
        Optional<List<String>> watched = config.cluster().namespaces();
        if (watched.isPresent() && !watched.get().contains(namespace)) {
            throw new ProblemException(403, "namespace-not-watched", "pod-triage watches only namespaces " + watched.get()
                    + " (triage.cluster.namespaces); `" + namespace + "` is not among them.");
        }
    }

    private static OwnerReference controllerOf(ObjectMeta m) {
        List<OwnerReference> refs = m == null ? null : m.getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return null;
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(refs.get(0));
    }

    static String canonicalKind(String kind) {
        String k = kind == null ? "" : kind.toLowerCase();
        return switch (k) {
            case "deployment", "deployments", "deploy" -> "Deployment";
            case "replicaset", "replicasets", "rs" -> "ReplicaSet";
            case "statefulset", "statefulsets", "sts" -> "StatefulSet";
            case "daemonset", "daemonsets", "ds" -> "DaemonSet";
            case "job", "jobs" -> "Job";
            default -> throw ProblemException.badRequest("Unknown workload kind `" + kind
                    + "`: expected Deployment, StatefulSet, DaemonSet, ReplicaSet or Job.");
        };
    }

    private void count(List<Diagnosis> diagnoses) {
        for (Diagnosis d : diagnoses) {
            for (Finding f : d.findings()) {
                metrics.counter("triage.findings", "rule", f.rule(), "severity", f.severity().id(),
                        "namespace", String.valueOf(d.pod().namespace())).increment();
            }
        }
    }

    private <T> T timed(String scope, java.util.function.Supplier<T> work) {
        Timer.Sample sample = Timer.start(metrics);
        try {
            return work.get();
        } finally {
            sample.stop(metrics.timer("triage.report.latency", "scope", scope));
        }
    }

}
