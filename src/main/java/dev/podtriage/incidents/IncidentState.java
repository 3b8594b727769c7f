package dev.podtriage.incidents;

import dev.podtriage.stream.DiagnosisChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The grouping of every subject's root cause into incidents, kept current one change at a time
 * ({@link DiagnosisChange}): each subject (pod or workload, by {@code kind/namespace/name}) is in at
 * most one incident, the one {@link Grouping} puts it in. A change costs the work of its own
 * subject: it leaves its old incident and joins its new one, and both are marked touched; {@link
 * #touched()} hands the touched incidents, with their members now, to the tracker. {@link #reconcile}
 * takes a full grouping (the rare consistency check, or the only way when there is no change stream)
 * and turns the differences into the same kind of changes. Thread-safe; framework-free.
 */
final class IncidentState {
    private final Function<DiagnosisChange, Optional<Observation>> observe;
    /** Each subject's observation, by {@link Member#ref()} ({@code kind/namespace/name}). */
    private final Map<String, Observation> bySubject = new HashMap<>();
    /** Each incident's members, by subject. */
    private final Map<IncidentKey, Map<String, Observation>> byKey = new HashMap<>();
    private final Set<IncidentKey> touched = new LinkedHashSet<>();

    IncidentState() {
        this(Grouping::of);
    }

    /** @param observe the incident a subject is in after a change (the grouping function) */
    IncidentState(Function<DiagnosisChange, Optional<Observation>> observe) {
        this.observe = observe;
    }

    /** Applies one change: its subject leaves its incident (if any) and joins the one of its new root cause (if any). */
    void apply(DiagnosisChange change) {
        Optional<Observation> now = observe.apply(change);
        synchronized (this) {
            put(change.subject().key(), now.orElse(null));
        }
    }

    /** The subject's observation is now {@code now} (null: in no incident); true when that changed anything. */
    private boolean put(String subject, Observation now) {
        Observation before = now == null ? bySubject.remove(subject) : bySubject.put(subject, now);
        if (Objects.equals(before, now)) {
            return false;
        }
        if (before != null) {
            Map<String, Observation> members = byKey.get(before.key());
            members.remove(subject);
            if (members.isEmpty()) {
                byKey.remove(before.key());
            }
            touched.add(before.key());
        }
        if (now != null) {
            byKey.computeIfAbsent(now.key(), k -> new LinkedHashMap<>()).put(subject, now);
            touched.add(now.key());
        }
        return true;
    }

    /**
     * The incidents touched since the last call, each with its members now (none: it has no member
     * left); the touched set is then empty.
     */
    synchronized Map<IncidentKey, List<Observation>> touched() {
        Map<IncidentKey, List<Observation>> out = new LinkedHashMap<>();
        for (IncidentKey k : touched) {
            Map<String, Observation> members = byKey.get(k);
            out.put(k, members == null ? List.of() : List.copyOf(members.values()));
        }
        touched.clear();
        return out;
    }

    /**
     * Makes the state equal to a full grouping of every subject: subjects it lacks leave their
     * incidents, the others take their observation from it (a finding's message may have changed
     * without a change of verdict). Returns how many subjects were in another incident, or in none,
     * or missing (a change the stream did not deliver), or -1 when there is no grouping; the
     * touched incidents are marked as by {@link #apply}. The grouping is asked for while no change
     * can be applied: read from where the changes come from, it is not older than the state.
     */
    synchronized int reconcile(Supplier<Optional<Map<IncidentKey, List<Observation>>>> grouping) {
        Optional<Map<IncidentKey, List<Observation>>> full = grouping.get();
        if (full.isEmpty()) {
            return -1;
        }
        Map<String, Observation> now = new HashMap<>();
        full.get().values().forEach(members -> members.forEach(o -> now.put(o.member().ref(), o)));
        int differences = 0;
        for (String subject : new ArrayList<>(bySubject.keySet())) {
            if (!now.containsKey(subject)) {
                put(subject, null);
                differences++;
            }
        }
        for (Map.Entry<String, Observation> e : now.entrySet()) {
            Observation before = bySubject.get(e.getKey());
            if (before == null || !before.key().equals(e.getValue().key())
                    || before.finding().severity() != e.getValue().finding().severity()) {
                differences++;
            }
            put(e.getKey(), e.getValue());
        }
        return differences;
    }

    /** Every incident with members, as {@link Grouping#group} would give it (member order aside). */
    synchronized Map<IncidentKey, Set<Observation>> grouping() {
        Map<IncidentKey, Set<Observation>> out = new HashMap<>();
        byKey.forEach((k, members) -> out.put(k, Set.copyOf(members.values())));
        return out;
    }

    /** How many subjects are in an incident. */
    synchronized int subjects() {
        return bySubject.size();
    }
}
