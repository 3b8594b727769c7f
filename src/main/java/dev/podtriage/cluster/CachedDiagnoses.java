package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.WorkloadReports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Diagnoses read from the informer caches only, for push notifications and incidents: no API call
 * (but the previous logs, when asked), no request metrics, no namespace scope (the notifier applies
 * it). While the {@link KeptDiagnoses memo} is live, a question without logs is answered from it,
 * as of its last evaluation (the callers ask about now), not at {@code at}.
 */
@ApplicationScoped
public class CachedDiagnoses {
    private static final Duration CATCH_UP = Duration.ofSeconds(2);
    private static final Duration FILL = Duration.ofSeconds(30);
    private final Sources sources;
    private final Diagnoser diagnoser;
    private final KeptDiagnoses kept;

    CachedDiagnoses(Sources sources, Diagnoser diagnoser, KeptDiagnoses kept) {
        this.sources = sources;
        this.diagnoser = diagnoser;
        this.kept = kept;
    }

    /**
     * The memo answers: it is live (or becomes so within {@link #FILL}: while it fills, a minute at
     * 50,000 pods on a busy machine, the callers, threads of their own, wait for it instead of
     * diagnosing every pod afresh beside it) and has taken in what the caches hold.
     */
    private boolean fromMemo() {
        return kept.awaitLive(FILL) && kept.catchUp(CATCH_UP);
    }

    /**
     * The memo is live and has caught up with the caches (waiting at most 2 s): its changes describe
     * every change of a verdict up to now.
     */
    public boolean fed() {
        return fromMemo();
    }

    /** Every kept pod diagnosis, and the kept reports of the workloads with findings of their own, as told to listeners. */
    public record Kept(List<Diagnosis> pods, List<WorkloadReport> workloads) {
    }

    /**
     * What the memo keeps right now and has told its listeners (not what appeared a moment ago and is
     * held), without waiting for it to catch up; empty when it is not live.
     */
    public Optional<Kept> keptNow() {
        if (!kept.live()) {
            return Optional.empty();
        }
        return Optional.of(new Kept(kept.pods(null).stream().map(KeptDiagnoses.KeptPod::diagnosis)
                .filter(d -> !kept.held(POD, d.pod().namespace(), d.pod().name())).toList(),
                kept.workloads(null).stream().map(KeptDiagnoses.KeptWorkload::report).filter(WorkloadReport::listed)
                        .filter(r -> !kept.held(r.workload().kind(), r.workload().namespace(), r.workload().name())).toList()));
    }

    /** The kind of a pod, as the memo names its subjects. */
    private static final String POD = "Pod";

    /** The caches are listed and watching: what this class answers is the current state. */
    public boolean live() {
        return sources.live();
    }

    /** One pod; empty when it is not in the caches. */
    public Optional<Diagnosis> pod(String namespace, String name, Instant at, boolean withLogs) {
        if (!withLogs && fromMemo()) {
            return kept.pod(namespace, name).map(KeptDiagnoses.KeptPod::diagnosis);
        }
        return sources.cached().flatMap(source -> source.pod(namespace, name)
                .map(p -> diagnoser.pod(source, p, at, withLogs ? sources.deadline() : null, true)));
    }

    /** Every watched pod, without logs. */
    public List<Diagnosis> pods(Instant at) {
        if (fromMemo()) {
            return kept.pods(null).stream().map(KeptDiagnoses.KeptPod::diagnosis).toList();
        }
        return sources.cached().map(source -> {
            return diagnoser.pods(source, source.pods(null), at, null, true, false);
        }).orElse(List.of());
    }

    /** A workload's report, with the uid that tells it from a recreated one of the same name. */
    public record CachedWorkload(String uid, WorkloadReport report) {
    }

    /**
     * One workload; a ReplicaSet a Deployment controls is answered with its Deployment. Empty when it
     * is not in the caches (or its Deployment is not).
     */
    public Optional<CachedWorkload> workload(String namespace, WorkloadKind kind, String name, Instant at) {
        Optional<CachedSource> cached = sources.cached();
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        CachedSource source = cached.get();
        Optional<HasMetadata> w = source.workload(kind, namespace, name);
        Optional<OwnerReference> deployment = w.flatMap(WorkloadReports::deploymentRef);
        if (deployment.isPresent()) {
            w = source.workload(WorkloadKind.DEPLOYMENT, namespace, deployment.get().getName());
        }
        if (w.isPresent() && fromMemo()) {
            HasMetadata judged = w.get();
            return kept.workload(WorkloadKind.of(judged.getKind()).orElseThrow(), namespace, judged.getMetadata().getName())
                    .map(k -> new CachedWorkload(k.uid(), k.report()));
        }
        return w.map(x -> new CachedWorkload(x.getMetadata().getUid(), diagnoser.workload(source, x, at)));
    }

    /**
     * The watched workloads (Deployments, StatefulSets, DaemonSets, Jobs, and ReplicaSets no
     * Deployment controls) that have findings of their own at {@code at}, with their reports. Pods
     * are diagnosed for those only.
     */
    public List<CachedWorkload> workloads(Instant at) {
        if (fromMemo()) {
            return kept.workloads(null).stream().filter(k -> k.report().listed())
                    .sorted(Comparator.comparing(KeptDiagnoses.KeptWorkload::report, LiveDiagnosisService.BY_NAMESPACE_KIND_NAME))
                    .map(k -> new CachedWorkload(k.uid(), k.report())).toList();
        }
        Optional<CachedSource> cached = sources.cached();
        if (cached.isEmpty()) {
            return List.of();
        }
        WorkloadReports judge = diagnoser.workloads(cached.get());
        return judge.withOwnFindings(null, at).stream()
                .map(w -> new CachedWorkload(w.getMetadata().getUid(), diagnoser.workload(cached.get(), w, at))).toList();
    }
}
