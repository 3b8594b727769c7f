package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.RolloutProgress;
import dev.podtriage.diagnosis.Tally;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.WorkloadReports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Answers the API's and chat's questions about live pods and workloads, within the namespace scope.
 * A question about now ({@code at} null) is answered from the {@link KeptDiagnoses memo} while it is
 * live (filter, order, write: no engine call); any other instant, a direct read, or a report with
 * log tails diagnoses afresh.
 */
@ApplicationScoped
public class LiveDiagnosisService {
    /** Below this many pods a report is faster on one thread than split across cores. */
    private static final int PARALLEL_FROM = 200;
    /** Longest a report waits for the memo to take in the changes the caches already have; past it, it diagnoses afresh. */
    private static final Duration CATCH_UP = Duration.ofSeconds(2);
    /** The order of workloads in reports (that of {@code WorkloadReports#withOwnFindings}). */
    static final Comparator<WorkloadReport> BY_NAMESPACE_KIND_NAME = Comparator
            .comparing((WorkloadReport w) -> Objects.toString(w.workload().namespace(), ""))
            .thenComparing(w -> Objects.toString(w.workload().kind(), ""))
            .thenComparing(w -> Objects.toString(w.workload().name(), ""));

    private final Sources sources;
    private final Diagnoser diagnoser;
    private final NamespaceScope scope;
    private final DiagnosisMetrics metrics;
    private final KeptDiagnoses kept;
    private final Clock clock;

    LiveDiagnosisService(Sources sources, Diagnoser diagnoser, NamespaceScope scope, DiagnosisMetrics metrics, KeptDiagnoses kept,
                         Clock clock) {
        this.sources = sources;
        this.diagnoser = diagnoser;
        this.scope = scope;
        this.metrics = metrics;
        this.kept = kept;
        this.clock = clock;
    }

    /** The memo answers for now: it is live and has taken in what the caches hold. */
    private boolean fromMemo(Instant at) {
        return at == null && kept.live() && kept.catchUp(CATCH_UP);
    }

    public String clusterName() {
        return diagnoser.clusterName();
    }

    /** The diagnosis of one pod, with the previous log of its crashed containers; {@code at} null: now. */
    public Diagnosis pod(String namespace, String name, Instant at) {
        scope.check(namespace);
        if (fromMemo(at)) {
            // a pod with a crashed container is diagnosed afresh: its evidence quotes the log tail the memo does not keep
            Optional<Diagnosis> known = kept.pod(namespace, name).map(KeptDiagnoses.KeptPod::diagnosis)
                    .filter(d -> sources.cached().flatMap(c -> c.pod(namespace, name)).filter(p -> !PreviousLogs.wanted(p)).isPresent());
            if (known.isPresent()) {
                metrics.count(List.of(known.get()));
                return known.get();
            }
        }
        at = at == null ? clock.instant() : at;
        Deadline deadline = sources.deadline();
        ClusterSource cached = sources.current(deadline);
        // a pod the caches do not have yet (created a moment ago) is read directly before it is called missing
        ClusterSource source = cached.pod(namespace, name).isPresent() || !cached.free() ? cached : sources.direct(deadline);
        Pod pod = source.pod(namespace, name).orElseThrow(() -> notFound(source, namespace, "Pod `" + name + "`"));
        Diagnosis d = diagnoser.pod(source, pod, at, deadline, true);
        metrics.count(List.of(d));
        return d;
    }

    /** A namespace's report; {@code at} null: now. */
    public Report namespace(String namespace, Instant requested, LabelSelector selector, ReportFilter filter, boolean withLogs) {
        scope.check(namespace);
        Instant at = requested == null ? clock.instant() : requested;
        return metrics.timed("namespace", () -> {
            if (!withLogs && fromMemo(requested)) {
                Report report = keptReport(List.of(namespace), at, selector, filter);
                if (report.summary().pods() == 0 && !namespaceExists(sources.current(sources.deadline()), namespace)) {
                    throw ClusterException.notFound("Namespace `" + namespace + "` does not exist in cluster `" + clusterName() + "`.");
                }
                return report.withWorkloads(keptWorkloads(namespace, selector));
            }
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

    /** The report of every namespace in scope; {@code at} null: now. */
    public Report cluster(Instant requested, LabelSelector selector, ReportFilter filter, boolean withLogs) {
        Instant at = requested == null ? clock.instant() : requested;
        return metrics.timed("cluster", () -> {
            if (!withLogs && fromMemo(requested)) {
                List<WorkloadReport> workloads = new ArrayList<>();
                scope.watched().ifPresentOrElse(watched -> watched.forEach(ns -> workloads.addAll(keptWorkloads(ns, selector))),
                        () -> workloads.addAll(keptWorkloads(null, selector)));
                workloads.sort(BY_NAMESPACE_KIND_NAME);
                Collection<String> namespaces = scope.watched().<Collection<String>>map(List::copyOf).orElseGet(kept::namespaces);
                return keptReport(namespaces.stream().filter(scope::allows).toList(), at, selector, filter).withWorkloads(workloads);
            }
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

    /**
     * The memo's report over namespaces in scope. Without a label selector and without {@code all},
     * it reads only what it lists: the counts the memo keeps per namespace and its pods with
     * findings, kept in the report's order (pods without findings count no finding in the metrics).
     */
    private Report keptReport(Collection<String> namespaces, Instant at, LabelSelector selector, ReportFilter filter) {
        if (!selector.isEmpty() || filter.includeAll()) {
            List<Diagnosis> pods = new ArrayList<>();
            for (String ns : namespaces) {
                kept.pods(ns).stream().filter(p -> selector.matches(p.labels())).forEach(p -> pods.add(p.diagnosis()));
            }
            metrics.count(pods);
            return DiagnosisEngine.summarize(pods, at, clusterName(), filter);
        }
        Tally tally = new Tally();
        List<Diagnosis> withFindings = new ArrayList<>();
        List<Diagnosis> listed = new ArrayList<>();
        for (String ns : new TreeSet<>(namespaces)) {
            tally.plus(kept.tally(ns));
            for (KeptDiagnoses.KeptPod p : kept.withFindings(ns)) {
                withFindings.add(p.diagnosis());
                if (filter.lists(p.diagnosis())) {
                    listed.add(p.diagnosis());
                }
            }
        }
        metrics.count(withFindings);
        return new Report(clusterName(), at, tally.summary(), listed, List.of(), null);
    }

    /** The memo's workloads of a namespace (all when null) in scope, with findings of their own, matching the selector. */
    private List<WorkloadReport> keptWorkloads(String namespace, LabelSelector selector) {
        List<WorkloadReport> out = new ArrayList<>();
        for (KeptDiagnoses.KeptWorkload w : kept.workloads(namespace)) {
            if (w.report().listed() && scope.allows(w.report().workload().namespace()) && selector.matches(w.labels())) {
                out.add(w.report());
            }
        }
        out.sort(BY_NAMESPACE_KIND_NAME);
        return out;
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
                .map(w -> diagnoser.workload(source, w, at)).toList();
    }

    /** A workload's own findings and the diagnoses of its pods (Deployment through its ReplicaSets); {@code at} null: now. */
    public WorkloadReport workload(String namespace, String kind, String name, Instant at) {
        WorkloadKind k = kind(namespace, kind);
        if (fromMemo(at)) {
            Optional<WorkloadReport> known = kept.workload(k, namespace, name).map(KeptDiagnoses.KeptWorkload::report);
            if (known.isPresent()) {
                metrics.count(known.get().pods());
                return known.get();
            }
        }
        Found found = find(namespace, k, name);
        WorkloadReport report = diagnoser.workload(found.source(), found.workload(), at == null ? clock.instant() : at);
        metrics.count(report.pods());
        return report;
    }

    /** A workload's report and how far its rollout is, for the rollout gate (asked again and again: not counted in the metrics). */
    public RolloutSnapshot rollout(String namespace, String kind, String name, Instant at) {
        Found found = find(namespace, kind(namespace, kind), name);
        return new RolloutSnapshot(diagnoser.workload(found.source(), found.workload(), at == null ? clock.instant() : at),
                RolloutProgress.of(found.workload()));
    }

    private record Found(ClusterSource source, HasMetadata workload) {
    }

    /** The kind asked for, in a namespace the caller may read. */
    private WorkloadKind kind(String namespace, String kind) {
        scope.check(namespace);
        return WorkloadKind.parse(kind).orElseThrow(() -> new ClusterException(ClusterException.Reason.INVALID, "bad-request",
                "Unknown workload kind `" + kind + "`: expected " + WorkloadKind.choices() + "."));
    }

    private Found find(String namespace, WorkloadKind k, String name) {
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
