package dev.podtriage.incidents;

import dev.podtriage.diagnosis.Severity;
import java.time.Instant;

/**
 * Which incidents a listing wants; null fields do not filter.
 *
 * @param namespace incidents with a member in this namespace
 * @param severity  incidents of at least this severity
 * @param since     incidents still open at or after this instant
 * @param until     incidents opened at or before this instant
 */
public record IncidentFilter(State state, String namespace, String rule, Severity severity, Instant since, Instant until) {

    public enum State { OPEN, RESOLVED, ALL }

    public static IncidentFilter open() {
        return new IncidentFilter(State.OPEN, null, null, null, null, null);
    }

    boolean matches(Incident i) {
        boolean open = Incident.OPEN.equals(i.state());
        return (state == State.ALL || (state == State.OPEN) == open)
                && (namespace == null || i.members().stream().anyMatch(m -> namespace.equals(m.namespace())))
                && (rule == null || rule.equals(i.rule()))
                && (severity == null || i.severity().atLeast(severity))
                && (since == null || i.resolvedAt() == null || !i.resolvedAt().isBefore(since))
                && (until == null || !i.firstSeen().isAfter(until));
    }
}
