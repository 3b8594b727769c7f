package dev.podtriage.incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens, updates and resolves incidents from the members current at each evaluation. An incident's
 * id stays as long as its key has members; it resolves at the first evaluation without any. Resolved
 * incidents are kept in memory, the newest {@code keepResolved} of the last {@code retention}.
 * Incidents a previous run left open ({@link #restore}) continue with their {@code firstSeen} and their
 * members' {@code since} when their key has members again (reported as changed, not opened); those
 * that have none by {@link #settle} are resolved there, once.
 * Thread-safe; framework-free.
 */
public final class IncidentTracker {
    private final int keepResolved;
    private final Duration retention;
    private final Map<String, Episode> open = new LinkedHashMap<>();
    /** Newest first. */
    private final Deque<Episode> resolved = new ArrayDeque<>();
    /** Left open by a previous run and not seen again yet, by id. */
    private final Map<String, Incident> restored = new LinkedHashMap<>();
    /** The last evaluation: every open incident was seen then (a resolved one last seen at the one before it resolved). */
    private Instant seen;

    public IncidentTracker(int keepResolved, Duration retention) {
        this.keepResolved = keepResolved;
        this.retention = retention;
    }

    /**
     * What one evaluation changed.
     *
     * @param changed open before and still open, with other members or another worst severity; or left open by a
     *                previous run ({@link #restore}) and seen again
     */
    public record Changes(List<Episode> opened, List<Episode> changed, List<Episode> resolved) {

        /** One {@link IncidentChange} per incident opened, changed or resolved, in that order, each whole (every member). */
        public List<IncidentChange> events(IncidentView view, Instant at) {
            List<IncidentChange> out = new ArrayList<>();
            add(out, IncidentChange.Type.OPENED, opened, view, at);
            add(out, IncidentChange.Type.CHANGED, changed, view, at);
            add(out, IncidentChange.Type.RESOLVED, resolved, view, at);
            return out;
        }

        private static void add(List<IncidentChange> out, IncidentChange.Type type, List<Episode> episodes, IncidentView view, Instant at) {
            for (Episode e : episodes) {
                view.of(e, ns -> true).ifPresent(i -> out.add(new IncidentChange(type, i, at)));
            }
        }
    }

    /**
     * Takes the members current at {@code at}, grouped by key ({@link Grouping}): every incident, so
     * an open one without members resolves.
     */
    public synchronized Changes update(Map<IncidentKey, List<Observation>> current, Instant at) {
        Map<IncidentKey, List<Observation>> all = new LinkedHashMap<>(current);
        open.values().forEach(e -> all.putIfAbsent(e.key(), List.of()));
        return apply(all, at);
    }

    /**
     * Takes the members current at {@code at} of the incidents named (none: it resolves, if open);
     * the others stay as they are, seen at {@code at} too (the caller knows they did not change).
     * Costs the work of the incidents named, not of all.
     */
    public synchronized Changes apply(Map<IncidentKey, List<Observation>> touched, Instant at) {
        List<Episode> opened = new ArrayList<>();
        List<Episode> changed = new ArrayList<>();
        List<Episode> gone = new ArrayList<>();
        for (Map.Entry<IncidentKey, List<Observation>> e : touched.entrySet()) {
            Episode before = open.get(e.getKey().id());
            if (e.getValue().isEmpty()) {
                if (before != null) {
                    open.remove(before.id());
                    Episode done = new Episode(before.key(), before.firstSeen(), seen, at, before.members());
                    resolved.addFirst(done);
                    gone.add(done);
                }
                continue;
            }
            Incident left = before == null ? restored.remove(e.getKey().id()) : null;
            Instant firstSeen = before != null ? before.firstSeen() : left != null ? left.firstSeen() : at;
            Episode now = new Episode(e.getKey(), firstSeen, at, null, withSince(e.getValue(), since(before, left), at));
            open.put(now.id(), now);
            if (left != null) {
                changed.add(now);
            } else if (before == null) {
                opened.add(now);
            } else if (!before.sameMembersAndSeverity(now)) {
                changed.add(now);
            }
        }
        seen = at;
        prune(at);
        return new Changes(opened, changed, gone);
    }

    /** The members' {@code since} known before this evaluation, by {@link Member#ref()}. */
    private static Map<String, Instant> since(Episode before, Incident left) {
        Map<String, Instant> out = new HashMap<>();
        if (before != null) {
            before.members().forEach(o -> out.put(o.member().ref(), o.member().since()));
        } else if (left != null && left.members() != null) {
            left.members().stream().filter(m -> m.since() != null).forEach(m -> out.put(m.ref(), m.since()));
        }
        return out;
    }

    private static List<Observation> withSince(List<Observation> now, Map<String, Instant> earlier, Instant at) {
        List<Observation> out = new ArrayList<>(now.size());
        for (Observation o : now) {
            out.add(new Observation(o.key(), o.member().since(earlier.getOrDefault(o.member().ref(), at)), o.finding()));
        }
        return out;
    }

    /** Takes the incidents a previous run left open; one already open here is left as it is. */
    public synchronized void restore(List<Incident> leftOpen) {
        for (Incident i : leftOpen) {
            if (i.firstSeen() != null && !open.containsKey(i.id())) {
                restored.put(i.id(), i);
            }
        }
    }

    /**
     * Resolves at {@code at} the incidents left open by a previous run that no evaluation has seen since
     * (they ended while the service was down), once: each as last recorded, with {@code resolvedAt}.
     */
    public synchronized List<Incident> settle(Instant at) {
        List<Incident> out = restored.values().stream().map(i -> i.resolved(at)).toList();
        restored.clear();
        return out;
    }

    /** Incidents left open by a previous run and not seen again yet. */
    public synchronized int unsettled() {
        return restored.size();
    }

    private void prune(Instant at) {
        Instant oldest = at.minus(retention);
        while (resolved.size() > keepResolved) {
            resolved.removeLast();
        }
        for (Iterator<Episode> it = resolved.descendingIterator(); it.hasNext(); ) {
            if (!it.next().resolvedAt().isBefore(oldest)) {
                break;
            }
            it.remove();
        }
    }

    /** The instant of the last evaluation; null before the first. */
    public synchronized Instant seen() {
        return seen;
    }

    /** Open incidents, then resolved ones newest first. */
    public synchronized List<Episode> all() {
        List<Episode> out = new ArrayList<>(open());
        out.addAll(resolved);
        return out;
    }

    /** The open incidents, each last seen at the last evaluation. */
    public synchronized List<Episode> open() {
        return open.values().stream().map(this::lastSeen).toList();
    }

    private Episode lastSeen(Episode open) {
        return open.lastSeen().equals(seen) ? open : new Episode(open.key(), open.firstSeen(), seen, null, open.members());
    }

    /** The open incident of this id, else the latest resolved one. */
    public synchronized Optional<Episode> get(String id) {
        Episode e = open.get(id);
        if (e != null) {
            return Optional.of(lastSeen(e));
        }
        return resolved.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
