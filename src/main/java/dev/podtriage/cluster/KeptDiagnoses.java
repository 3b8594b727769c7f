package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Tally;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The diagnoses kept current as the caches change (the memo of {@code dev.podtriage.stream}, seen
 * from this layer, which does not depend on it): current-time reports read it while it is
 * {@link #live()} instead of running the engine. {@link #NONE} when there is no memo.
 */
public interface KeptDiagnoses {
    KeptDiagnoses NONE = new KeptDiagnoses() {
        @Override
        public boolean live() {
            return false;
        }

        @Override
        public boolean awaitLive(Duration atMost) {
            return false;
        }

        @Override
        public boolean catchUp(Duration atMost) {
            return false;
        }

        @Override
        public List<KeptPod> pods(String namespace) {
            return List.of();
        }

        @Override
        public Optional<KeptPod> pod(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Set<String> namespaces() {
            return Set.of();
        }

        @Override
        public Tally tally(String namespace) {
            return new Tally();
        }

        @Override
        public List<KeptPod> withFindings(String namespace) {
            return List.of();
        }

        @Override
        public List<KeptWorkload> workloads(String namespace) {
            return List.of();
        }

        @Override
        public Optional<KeptWorkload> workload(WorkloadKind kind, String namespace, String name) {
            return Optional.empty();
        }
    };

    /** A pod's kept diagnosis, with the pod's labels (for label selectors) and its JSON once an answer wrote it. */
    record KeptPod(Diagnosis diagnosis, Map<String, String> labels, KeptJson json) {
        public KeptPod(Diagnosis diagnosis, Map<String, String> labels) {
            this(diagnosis, labels, new KeptJson());
        }
    }

    /** A workload's kept report (its own findings and its pods'), with its uid and labels. */
    record KeptWorkload(String uid, Map<String, String> labels, WorkloadReport report) {
    }

    /** Filled from live caches: what it holds is the current verdict of every cached pod and workload. */
    boolean live();

    /**
     * While the caches are live and the memo is still filling from them, waits for the fill (at most
     * {@code atMost}); false when there is no memo, the caches are not live, or the fill took longer.
     */
    boolean awaitLive(Duration atMost);

    /**
     * Waits, at most {@code atMost}, until every cache change delivered before the call is reflected;
     * false when it is not live or did not catch up in time (the caller then diagnoses afresh).
     */
    boolean catchUp(Duration atMost);

    /** The pods of a namespace, or of all when null. */
    List<KeptPod> pods(String namespace);

    Optional<KeptPod> pod(String namespace, String name);

    /** The JSON kept with a diagnosis, when it is the one the memo keeps for its pod now (the same instance). */
    default Optional<KeptJson> json(Diagnosis d) {
        if (d.pod() == null || d.pod().namespace() == null || d.pod().name() == null) {
            return Optional.empty(); // offline diagnoses of manifests without a namespace are never kept
        }
        return pod(d.pod().namespace(), d.pod().name()).filter(k -> k.diagnosis() == d).map(KeptPod::json);
    }

    /** The namespaces with kept pods, in order. */
    Set<String> namespaces();

    /** The counts over a namespace's kept pods (a copy). */
    Tally tally(String namespace);

    /** A namespace's kept pods with at least one finding, by name: the only pods a report lists unless it asks for all. */
    List<KeptPod> withFindings(String namespace);

    /**
     * The workloads judged on their own (all but the ReplicaSets a Deployment controls) of a
     * namespace, or of all when null; with or without findings of their own.
     */
    List<KeptWorkload> workloads(String namespace);

    Optional<KeptWorkload> workload(WorkloadKind kind, String namespace, String name);

    /**
     * The subject ({@code Pod} or a workload kind) is kept but its first verdict is not told yet (the
     * memo holds the first verdict of what appears for a moment): listeners have not heard of it.
     */
    default boolean held(String kind, String namespace, String name) {
        return false;
    }
}
