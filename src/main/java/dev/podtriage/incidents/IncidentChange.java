package dev.podtriage.incidents;

import java.time.Instant;

/**
 * One change of one incident, fired as a CDI event by the incidents service in the order it happens
 * (observers: {@code void on(@Observes IncidentChange c)}; be quick, hand I/O to your own executor).
 * The incident is the whole one (every member, not scoped to a caller).
 *
 * @param type     what happened
 * @param incident the incident after the change ({@code resolvedAt} set when resolved)
 */
public record IncidentChange(Type type, Incident incident, Instant at) {

    public enum Type {
        /** First seen. */
        OPENED,
        /** Members came or went, the severity changed, or an Alertmanager alert was attached, while it stays open. */
        CHANGED,
        /** No member has the finding any more. */
        RESOLVED
    }
}
