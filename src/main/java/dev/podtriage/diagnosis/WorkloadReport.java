package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A workload's own findings and the diagnoses of its pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) with its own findings and its pods' diagnoses")
public record WorkloadReport(
        @Schema(example = "sandbox") String cluster,
        Workload workload,
        @Schema(description = "True when neither the workload nor any of its pods has a warning or critical finding") boolean healthy,
        @Schema(description = "The worst severity among the workload's and its pods' findings") Severity severity,
        @Schema(description = "One line: the workload's root cause, else its worst pod's; Markdown (CommonMark)", example = "ResourceQuota `payments-quota` blocks new pods") Prose summary,
        @Schema(description = "Findings about the workload itself, root cause first") List<Finding> findings,
        @Schema(description = "Diagnoses of the workload's pods") List<Diagnosis> pods,
        Instant evaluatedAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        @Schema(description = "Findings about the workload itself of rules the operator turned off (triage.rules.<id>.enabled=false), "
                + "left out of `findings` (its pods count theirs in their own diagnoses); absent when none", example = "1") int suppressed,
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @Schema(description = "Opt-out annotations (pod-triage.dev/ignore) on the workload, its owner or its namespace that are not applied: "
                + "malformed, without `until`, naming an unknown rule, or expired; absent when none")
        List<Prose> optOutProblems) {

    public WorkloadReport {
        optOutProblems = optOutProblems == null ? List.of() : List.copyOf(optOutProblems);
    }

    /** A report without opt-out problems. */
    public WorkloadReport(String cluster, Workload workload, boolean healthy, Severity severity, Prose summary, List<Finding> findings,
                          List<Diagnosis> pods, Instant evaluatedAt, int suppressed) {
        this(cluster, workload, healthy, severity, summary, findings, pods, evaluatedAt, suppressed, List.of());
    }

    /**
     * Whether reports list the workload: it has findings of its own, or had some that the operator's settings all
     * suppressed (listed so that the counts' {@code suppressed} adds up to what the listed reports say).
     */
    public boolean listed() {
        return listed(findings, suppressed);
    }

    /** Whether a workload with these own findings, {@code suppressed} more having been dropped, is listed (see {@link #listed()}). */
    public static boolean listed(List<Finding> own, int suppressed) {
        return !own.isEmpty() || suppressed > 0;
    }

    /** The same report with the opt-out annotations around the workload that are not applied. */
    public WorkloadReport withOptOutProblems(List<Prose> problems) {
        return new WorkloadReport(cluster, workload, healthy, severity, summary, findings, pods, evaluatedAt, suppressed, problems);
    }

    /**
     * The workload and its replica counts. {@code ready} has the shape of a Diagnosis's
     * {@code pod.ready}, kubectl's READY column ({@code "1/3"}); the count alone is
     * {@code readyReplicas} in JSON (the Java accessor {@link #ready()} keeps the number).
     */
    @Schema(description = "The workload and its replica counts")
    public record Workload(@Schema(example = "payments") String namespace, @Schema(example = "Deployment") String kind,
                           @Schema(example = "api") String name,
                           @Schema(description = "Desired replicas (pods to complete, for a Job)", example = "3") Integer desired,
                           @JsonProperty("readyReplicas")
                           @Schema(description = "Ready replicas (succeeded pods, for a Job), a number", example = "1") Integer ready) {

        /** kubectl's READY column (COMPLETIONS for a Job), ready/desired: the same shape as a pod's {@code ready}. */
        @JsonProperty("ready")
        @Schema(description = "Ready of desired replicas as kubectl's READY column prints them (succeeded of completions for a Job), "
                + "the same shape as a Diagnosis's `pod.ready`; absent when the workload states no desired count", example = "1/3")
        public String readyColumn() {
            return desired == null ? null : (ready == null ? 0 : ready) + "/" + desired;
        }
    }

    /** A report from which nothing was suppressed. */
    public static WorkloadReport of(String cluster, HasMetadata w, List<Finding> findings, List<Diagnosis> pods, Instant at) {
        return of(cluster, w, findings, 0, pods, at);
    }

    /** A report of the workload's own findings, {@code suppressed} more having been dropped by the operator's settings. */
    public static WorkloadReport of(String cluster, HasMetadata w, List<Finding> findings, int suppressed, List<Diagnosis> pods, Instant at) {
        Severity worst = Stream.concat(findings.stream().map(Finding::severity),
                        pods.stream().map(Diagnosis::severity).filter(s -> s != null))
                .min(Comparator.naturalOrder()).orElse(null);
        boolean healthy = findings.stream().noneMatch(f -> f.severity().unhealthy()) && pods.stream().allMatch(Diagnosis::healthy);
        Prose summary = findings.stream().filter(f -> f.severity().unhealthy()).findFirst().map(Finding::headline)
                .or(() -> pods.stream().filter(d -> !d.healthy())
                        .min(Comparator.comparing(Diagnosis::severity, Comparator.nullsLast(Comparator.naturalOrder())))
                        .map(d -> Prose.of(d.pod().name() + ": ", d.summary())))
                .orElse(Prose.words(healthy ? "Healthy: " + pods.size() + " pod(s)" : "Degraded"));
        return new WorkloadReport(cluster, workload(w), healthy, worst, summary, findings, pods, at, suppressed);
    }

    /** The same report with other own findings (the same, each with its episode's {@code since}). */
    public WorkloadReport withFindings(List<Finding> own) {
        return new WorkloadReport(cluster, workload, healthy, severity, summary, own, pods, evaluatedAt, suppressed, optOutProblems);
    }

    private static Workload workload(HasMetadata w) {
        Integer desired = null;
        Integer ready = null;
        if (w instanceof Deployment d) {
            desired = d.getSpec() == null ? null : d.getSpec().getReplicas();
            ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        } else if (w instanceof ReplicaSet r) {
            desired = r.getSpec() == null ? null : r.getSpec().getReplicas();
            ready = r.getStatus() == null ? null : r.getStatus().getReadyReplicas();
        } else if (w instanceof StatefulSet s) {
            desired = s.getSpec() == null ? null : s.getSpec().getReplicas();
            ready = s.getStatus() == null ? null : s.getStatus().getReadyReplicas();
        } else if (w instanceof DaemonSet ds) {
            desired = ds.getStatus() == null ? null : ds.getStatus().getDesiredNumberScheduled();
            ready = ds.getStatus() == null ? null : ds.getStatus().getNumberReady();
        } else if (w instanceof Job j) {
            desired = j.getSpec() == null ? null : j.getSpec().getCompletions();
            ready = j.getStatus() == null ? null : j.getStatus().getSucceeded();
        }
        // Integer.valueOf: a bare 0 would make the conditional an int and unbox a null ready
        return new Workload(w.getMetadata().getNamespace(), w.getKind(), w.getMetadata().getName(), desired,
                ready == null && desired != null ? Integer.valueOf(0) : ready);
    }
}
