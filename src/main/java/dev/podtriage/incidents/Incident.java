package dev.podtriage.incidents;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.Severity;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Findings that share one cause (api.md, "Incidents"), as one caller may see them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Findings that share one cause: one incident instead of one alert per pod")
public record Incident(
        @Schema(description = "Stable while the cause lasts: rule, then the key's kind, namespace (if any) and name",
                example = "image-pull-rate-limited/registry/docker.io") String id,
        @Schema(example = "image-pull-rate-limited") String rule,
        @Schema(description = "The worst severity among the members' root causes") Severity severity,
        @Schema(example = "Registry rate limit") String title,
        @Schema(enumeration = {"open", "resolved"}) String state,
        @Schema(description = "What the members share") Cause key,
        @Schema(description = "One line; Markdown (CommonMark)", example = "docker.io rate-limits image pulls: 37 pods in 9 namespaces") Prose summary,
        @Schema(description = "The first evaluation that saw it") Instant firstSeen,
        @Schema(description = "The last evaluation that saw a member") Instant lastSeen,
        @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(description = "The first evaluation that saw no member; null while open", nullable = true) Instant resolvedAt,
        Scope scope,
        @Schema(description = "The pods and workloads whose root cause it is (those of the last evaluation that saw any, once resolved)") List<Member> members,
        @Schema(description = "Alertmanager alerts the incident explains (POST /api/v1/alertmanager/webhook)") List<IncidentAlert> alerts,
        @Schema(description = "Steps for the shared cause, naming it and how much waits on it; each Markdown (CommonMark)") List<Prose> fixes,
        @Schema(description = "The root-cause finding of one member (the first not opted out), in its words, with the facts it was "
                + "read from; absent for incidents read back from the history") RootCause rootCause) {

    public Incident {
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /** An incident without a representative root cause (one read back from the history). */
    public Incident(String id, String rule, Severity severity, String title, String state, Cause key, Prose summary, Instant firstSeen,
                    Instant lastSeen, Instant resolvedAt, Scope scope, List<Member> members, List<IncidentAlert> alerts, List<Prose> fixes) {
        this(id, rule, severity, title, state, key, summary, firstSeen, lastSeen, resolvedAt, scope, members, alerts, fixes, null);
    }

    /** The same incident with only these of its members (those a caller may see). */
    public Incident withMembers(List<Member> visible) {
        return new Incident(id, rule, severity, title, state, key, summary, firstSeen, lastSeen, resolvedAt, scope, visible, alerts, fixes,
                rootCause);
    }

    /**
     * One member's root-cause finding, standing for all: what they share in its words.
     *
     * @param evidence the first facts of the finding (at most {@link #EVIDENCE_SHOWN})
     */
    @Schema(description = "The root-cause finding of one member, standing for all")
    public record RootCause(@Schema(example = "Pod shop/web-7d9c8b5f4d-x2v9k") String member,
                            @Schema(description = "The finding's message; Markdown (CommonMark)") Prose message,
                            @Schema(description = "The first facts it was read from") List<Evidence> evidence) {
        public static final int EVIDENCE_SHOWN = 5;
    }

    /** Members whose root-cause finding an opt-out annotation covers: listed, but not counted by notifications. */
    @JsonProperty("optedOut")
    @Schema(description = "Members whose root-cause finding an opt-out annotation (pod-triage.dev/ignore) covers: listed, "
            + "but notifications count only the others", example = "0")
    public int optedOut() {
        return members == null ? 0 : (int) members.stream().filter(m -> m.optOut() != null).count();
    }

    /** The pods among the members that no opt-out covers: the blast radius notifications count. */
    public int podsNotOptedOut() {
        return members == null ? 0 : (int) members.stream().filter(m -> "Pod".equals(m.kind()) && m.optOut() == null).count();
    }

    /** Whether every member is opted out: then no notification announces it. */
    public boolean allOptedOut() {
        return members != null && !members.isEmpty() && optedOut() == members.size();
    }

    /** This incident, resolved at {@code at} (for one left open by a previous run that ended while the service was down). */
    public Incident resolved(Instant at) {
        return new Incident(id, rule, severity, title, RESOLVED, key, summary, firstSeen, lastSeen, at, scope, members, alerts, fixes, rootCause);
    }

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";

    /** The blast radius. */
    @Schema(description = "How much the incident touches")
    public record Scope(@Schema(example = "37") int pods, @Schema(example = "12") int workloads,
                        @Schema(example = "9") int namespaces, @Schema(example = "5") int nodes) {
    }
}
