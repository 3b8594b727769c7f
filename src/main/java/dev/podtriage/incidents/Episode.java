package dev.podtriage.incidents;

import java.time.Instant;
import dev.podtriage.diagnosis.Severity;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

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

    /** The same members (by kind, namespace and name), the same of them opted out, and the same worst severity as {@code other}. */
    boolean sameMembersAndSeverity(Episode other) {
        return refs(o -> true).equals(other.refs(o -> true)) && refs(o -> o.member().optOut() != null).equals(other.refs(o -> o.member().optOut() != null))
                && worst().equals(other.worst());
    }

    private Set<String> refs(Predicate<Observation> which) {
        return members.stream().filter(which).map(o -> o.member().ref()).collect(Collectors.toSet());
    }

    private Optional<Severity> worst() {
        return members.stream().map(o -> o.finding().severity()).min(Comparator.naturalOrder());
    }

    public String id() {
        return key.id();
    }
}
