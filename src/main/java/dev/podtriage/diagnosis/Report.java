package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Diagnoses of many pods with counts over all of them (api.md "Report"). */
@Schema(description = "Diagnoses of many pods, with counts over all of them")
public record Report(@Schema(example = "sandbox") String cluster, Instant evaluatedAt,
                     @Schema(deprecated = true, description = "The counts, under the name api.md fixes; the same object as `counts`. "
                             + "Elsewhere `summary` is a one-line string (a Diagnosis's, a WorkloadReport's): read `counts` for one "
                             + "shape per name") Summary summary,
                     @Schema(description = "The listed pods, by namespace then name: by default those with findings")
                     List<Diagnosis> diagnoses,
                     @Schema(description = "The workloads in scope with findings of their own (quota-exceeded, admission-denied, "
                             + "rollout-stalled, job-failed), also those without any pod, and those whose own findings the "
                             + "operator's settings all suppressed (with `suppressed`)") List<WorkloadReport> workloads,
                     @JsonProperty("continue") @JsonInclude(JsonInclude.Include.NON_NULL)
                     @Schema(description = "Present when more pods remain after this page: pass it as `continue` to get the next one")
                     String next) {

    public Report {
        workloads = workloads == null ? List.of() : List.copyOf(workloads);
    }

    /** A report that is not a page of a longer one. */
    public Report(String cluster, Instant evaluatedAt, Summary summary, List<Diagnosis> diagnoses, List<WorkloadReport> workloads) {
        this(cluster, evaluatedAt, summary, diagnoses, workloads, null);
    }

    /** The counts: {@link #summary()} under a name that is an object everywhere ({@code summary} is a string in a Diagnosis). */
    @JsonProperty("counts")
    @Schema(description = "Counts over every pod evaluated, listed or not (the same object as the deprecated `summary`)")
    public Summary counts() {
        return summary;
    }

    /**
     * The same report with the workloads that have findings of their own; the counts' {@code suppressed} adds the
     * findings the operator's settings dropped from the workloads themselves (their pods' are counted already).
     */
    public Report withWorkloads(List<WorkloadReport> reports) {
        int suppressed = summary.suppressed() - suppressedIn(workloads) + suppressedIn(reports);
        return new Report(cluster, evaluatedAt, summary.withSuppressed(suppressed), diagnoses, reports, next);
    }

    private static int suppressedIn(List<WorkloadReport> reports) {
        return reports == null ? 0 : reports.stream().mapToInt(WorkloadReport::suppressed).sum();
    }

    /**
     * Counts over every pod evaluated, including those not listed.
     *
     * @param healthy  pods without warning or critical findings
     * @param critical pods whose worst finding is critical
     * @param warning  pods whose worst finding is a warning
     * @param byRule   pods per rule ID
     * @param suppressed findings of rules the operator turned off, over every pod and every listed workload's own
     * @param optedOut   pods with a finding an opt-out annotation covers
     */
    @Schema(description = "Counts over every pod evaluated, listed or not")
    public record Summary(@Schema(example = "120") int pods, @Schema(example = "112") int healthy,
                          @Schema(example = "5") int critical, @Schema(example = "3") int warning,
                          @Schema(description = "Pods per rule ID") Map<String, Integer> byRule,
                          @Schema(description = "Findings of rules the operator turned off (triage.rules.<id>.enabled=false), over every pod and the listed workloads' own findings",
                                  example = "0") int suppressed,
                          @Schema(description = "Pods with at least one finding covered by an opt-out annotation (pod-triage.dev/ignore), over every pod",
                                  example = "0") int optedOut) {

        /** Counts with nothing suppressed. */
        public Summary(int pods, int healthy, int critical, int warning, Map<String, Integer> byRule) {
            this(pods, healthy, critical, warning, byRule, 0, 0);
        }

        /** The same counts with another number of suppressed findings. */
        public Summary withSuppressed(int n) {
            return new Summary(pods, healthy, critical, warning, byRule, n, optedOut);
        }

        /** Counts with nothing opted out. */
        public Summary(int pods, int healthy, int critical, int warning, Map<String, Integer> byRule, int suppressed) {
            this(pods, healthy, critical, warning, byRule, suppressed, 0);
        }
    }
}
