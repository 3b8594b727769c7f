package dev.podtriage.incidents;

import java.time.Instant;
import java.util.List;

/**
 * One incident as the tracker holds it: from the first evaluation that saw its key to the first
 * that no longer did.
 *
 * @param lastSeen   the last evaluation that saw a member
 * @param resolvedAt the first evaluation that saw none; null while open
 * @param members    the members of the last evaluation that saw any, each with its {@code since}
 */
public record Episode(IncidentKey key, Instant firstSeen, Instant lastSeen, Instant resolvedAt, List<Observation> members) {

    public Episode {
        members = List.copyOf(members);
    }

    public boolean open() {
        return resolvedAt == null;
    }

    public String id() {
        return key.id();
    }
}
