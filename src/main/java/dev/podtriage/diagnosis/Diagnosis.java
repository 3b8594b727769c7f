package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The diagnosis of one pod (api.md). {@code findings[0]} is the root cause.
 *
 * @param severity   the worst finding's severity, or null when there is no finding at all
 * @param suppressed findings of rules the operator turned off, dropped from {@code findings}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The diagnosis of one pod: root cause first, with evidence and fixes")
public record Diagnosis(
        @Schema(description = "Where the data came from: kubeconfig context, in-cluster, sandbox, or offline", example = "prod-eu") String cluster,
        PodInfo pod,
        @Schema(description = "True when no finding is of severity warning or critical") boolean healthy,
        @Schema(description = "The worst finding's severity; absent when there is no finding") Severity severity,
        @Schema(description = "One line: the root cause, or the healthy state; Markdown (CommonMark)", example = "Image `nginx:1.99` does not exist in its registry") Prose summary,
        @Schema(description = "Findings, root cause first") List<Finding> findings,
        @Schema(description = "The instant time-dependent rules were evaluated at", example = "2026-11-27T10:00:00Z") Instant evaluatedAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        @Schema(description = "Findings of rules the operator turned off (triage.rules.<id>.enabled=false), left out of `findings`; absent when none",
                example = "1") int suppressed,
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @Schema(description = "Opt-out annotations (pod-triage.dev/ignore) on the pod, its workload or its namespace that are not applied: "
                + "malformed, without `until`, naming an unknown rule, or expired; each Markdown (CommonMark); absent when none",
                example = "[\"Deployment shop/web: pod-triage.dev/ignore not applied: no until= (an opt-out must expire: until=YYYY-MM-DD or an RFC 3339 instant)\"]")
        List<Prose> optOutProblems) {

    public Diagnosis {
        optOutProblems = optOutProblems == null ? List.of() : List.copyOf(optOutProblems);
    }

    /** A diagnosis without opt-out problems. */
    public Diagnosis(String cluster, PodInfo pod, boolean healthy, Severity severity, Prose summary, List<Finding> findings,
                     Instant evaluatedAt, int suppressed) {
        this(cluster, pod, healthy, severity, summary, findings, evaluatedAt, suppressed, List.of());
    }

    /** A diagnosis from which nothing was suppressed. */
    public Diagnosis(String cluster, PodInfo pod, boolean healthy, Severity severity, Prose summary, List<Finding> findings,
                     Instant evaluatedAt) {
        this(cluster, pod, healthy, severity, summary, findings, evaluatedAt, 0);
    }

    /** The same diagnosis with other findings (the same, each with its episode's {@code since}). */
    public Diagnosis withFindings(List<Finding> others) {
        return new Diagnosis(cluster, pod, healthy, severity, summary, others, evaluatedAt, suppressed, optOutProblems);
    }

    /** Whether a finding is covered by an opt-out annotation. */
    public boolean optedOut() {
        return findings.stream().anyMatch(f -> f.optOut() != null);
    }

    /** Whether the diagnosis has a finding of at least this severity. */
    public boolean hasFindingAtLeast(Severity minimum) {
        for (Finding f : findings) { // per pod of every report: no stream
            if (f.severity().atLeast(minimum)) {
                return true;
            }
        }
        return false;
    }
}
