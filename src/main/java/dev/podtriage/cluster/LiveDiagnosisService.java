package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.RolloutProgress;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.WorkloadReports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Answers the API's and chat's questions about live pods and workloads, within the namespace scope. */
@ApplicationScoped
public class LiveDiagnosisService {
    /** Below this many pods a report is faster on one thread than split across cores. */
    private static final int PARALLEL_FROM = 200;

    private final Sources sources;
    private final Diagnoser diagnoser;
    private final NamespaceScope scope;
    private final DiagnosisMetrics metrics;

    LiveDiagnosisService(Sources sources, Diagnoser diagnoser, NamespaceScope scope, DiagnosisMetrics metrics) {
        this.sources = sources;
        this.diagnoser = diagnoser;
        this.scope = scope;
        this.metrics = metrics;
    }

    public String clusterName() {
        return diagnoser.clusterName();
    }

    /** The diagnosis of one pod, with the previous log of its crashed containers. */
    public Diagnosis pod(String namespace, String name, Instant at) {
        scope.check(namespace);
        Deadline deadline = sources.deadline();
        ClusterSource cached = sources.current(deadline);
        // a pod the caches do not have yet (created a moment ago) is read directly before it is called missing
        ClusterSource source = cached.pod(namespace, name).isPresent() || !cached.free() ? cached : sources.direct(deadline);
        Pod pod = source.pod(namespace, name).orElseThrow(() -> notFound(source, namespace, "Pod `" + name + "`"));
        Diagnosis d = diagnoser.pod(source, pod, at, deadline, true);
        metrics.count(List.of(d));
        return d;
    }

    public Report namespace(String namespace, Instant at, LabelSelector selector, ReportFilter filter, boolean withLogs) {
        scope.check(namespace);
        return metrics.timed("namespace", () -> {
            Deadline deadline = sources.deadline();
            ClusterSource source = sources.current(deadline);
            List<Pod> pods = source.pods(namespace);
            if (pods.isEmpty() && !namespaceExists(source, namespace)) {
                throw ClusterException.notFound("Namespace `" + namespace + "` does not exist in cluster `" + clusterName() + "`.");
            }
            return report(source, pods, at, selector, filter, withLogs ? deadline : null)
                    .withWorkloads(workloads(source, namespace, at, selector));
        });
    }

    public Report cluster(Instant at, LabelSelector selector, ReportFilter filter, boolean withLogs) {
        return metrics.timed("cluster", () -> {
            Deadline deadline = sources.deadline();
            ClusterSource source = sources.current(deadline);
            List<Pod> pods = new ArrayList<>();
            scope.watched().ifPresentOrElse(watched -> watched.forEach(ns -> pods.addAll(source.pods(ns))),
                    () -> pods.addAll(source.pods(null)));
            pods.removeIf(p -> !scope.allows(p.getMetadata().getNamespace()));
            List<WorkloadReport> workloads = new ArrayList<>();
            scope.watched().ifPresentOrElse(watched -> watched.forEach(ns -> workloads.addAll(workloads(source, ns, at, selector))),
                    () -> workloads.addAll(workloads(source, null, at, selector)));
            workloads.removeIf(w -> !scope.allows(w.workload().namespace()));
            return report(source, pods, at, selector, filter, withLogs ? deadline : null).withWorkloads(workloads);
        });
    }

    /** The report over {@code pods}; their log tails fetched within {@code logsBy} (none when null). */
    private Report report(ClusterSource source, List<Pod> pods, Instant at, LabelSelector selector, ReportFilter filter,
                          Deadline logsBy) {
        // from the caches (thread-safe, no I/O) a large report uses every core; a direct read memoises
        // per request and stays on one thread. Without caches a report reads pods and events only
        // (two calls), whatever the pod count.
        List<Pod> selected = pods.stream().filter(p -> selector.matches(p.getMetadata() == null ? null : p.getMetadata().getLabels()))
                .toList();
        boolean parallel = source.free() && selected.size() >= PARALLEL_FROM;
        List<Diagnosis> diagnoses = diagnoser.pods(source, selected, at, logsBy, source.free(), parallel);
        metrics.count(diagnoses);
        return DiagnosisEngine.summarize(diagnoses, at, clusterName(), filter);
    }

    /** The workloads of a namespace (all when null) with findings of their own, by the selector on their labels. */
    private List<WorkloadReport> workloads(ClusterSource source, String namespace, Instant at, LabelSelector selector) {
        WorkloadReports judge = diagnoser.workloads(source);
        return judge.withOwnFindings(namespace, at).stream()
                .filter(w -> selector.matches(w.getMetadata().getLabels()))
                .map(w -> judge.report(w, at)).toList();
    }

    /** A workload's own findings and the diagnoses of its pods (Deployment through its ReplicaSets). */
    public WorkloadReport workload(String namespace, String kind, String name, Instant at) {
        Found found = find(namespace, kind, name);
        WorkloadReport report = diagnoser.workload(found.source(), found.workload(), at);
        metrics.count(report.pods());
        return report;
    }

    /** A workload's report and how far its rollout is, for the rollout gate (asked again and again: not counted in the metrics). */
    public RolloutSnapshot rollout(String namespace, String kind, String name, Instant at) {
        Found found = find(namespace, kind, name);
        return new RolloutSnapshot(diagnoser.workload(found.source(), found.workload(), at), RolloutProgress.of(found.workload()));
    }

    private record Found(ClusterSource source, HasMetadata workload) {
    }

    private Found find(String namespace, String kind, String name) {
        scope.check(namespace);
        WorkloadKind k = WorkloadKind.parse(kind).orElseThrow(() -> new ClusterException(ClusterException.Reason.INVALID, "bad-request",
                "Unknown workload kind `" + kind + "`: expected " + WorkloadKind.choices() + "."));
        Deadline deadline = sources.deadline();
        ClusterSource cached = sources.current(deadline);
        ClusterSource source = cached.workload(k, namespace, name).isPresent() || !cached.free() ? cached : sources.direct(deadline);
        HasMetadata workload = source.workload(k, namespace, name)
                .orElseThrow(() -> notFound(source, namespace, k.kind() + " `" + name + "`"));
        return new Found(source, workload);
    }

    private ClusterException notFound(ClusterSource source, String namespace, String what) {
        if (!namespaceExists(source, namespace)) {
            return ClusterException.notFound("Namespace `" + namespace + "` does not exist in cluster `" + clusterName() + "`.");
        }
        return ClusterException.notFound(what + " does not exist in namespace `" + namespace + "` of cluster `" + clusterName() + "`.");
    }

    /** The caches may lag behind a namespace created a moment ago: "no" from them is checked directly. */
    private boolean namespaceExists(ClusterSource source, String namespace) {
        return source.namespaceExists(namespace) || source.free() && sources.direct(sources.deadline()).namespaceExists(namespace);
    }
}
