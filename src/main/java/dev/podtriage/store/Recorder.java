package dev.podtriage.store;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.stream.DiagnosisChange;
import dev.podtriage.stream.FindingOrigins;
import dev.podtriage.stream.SubjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Turns verdict changes into finding episodes, and incident changes into incident rows. It keeps the
 * open episodes in memory (loaded from the store at start), so it answers {@link FindingOrigins} and
 * decides open / continue / resolve on the event's thread without the database; the writes go to the
 * {@link StoreWriter}'s queue.
 *
 * <p>After a restart the memo fires a change with no {@code previous} for each subject with findings:
 * a finding whose episode is still open continues it, and an open episode of that subject whose finding
 * is no longer there is resolved (it ended while the service was down); the episodes of subjects it
 * never mentions are resolved by {@link #settle} once the caches have been live a while.
 */
public class Recorder implements FindingOrigins {
    /** The open episodes: subject (kind, namespace, name, uid) → finding key → since. */
    private final Map<EpisodeKey, Map<String, Instant>> open = new ConcurrentHashMap<>();
    /** Subjects with episodes open in the store at start that no verdict has mentioned since. */
    private final Set<EpisodeKey> unconfirmed = ConcurrentHashMap.newKeySet();
    private final StoreWriter writer;

    Recorder(StoreWriter writer, Map<EpisodeKey, Instant> openInStore) {
        this.writer = writer;
        openInStore.forEach((k, since) -> open.computeIfAbsent(subject(k), x -> new ConcurrentHashMap<>()).put(k.findingKey(), since));
        unconfirmed.addAll(open.keySet());
    }

    private static EpisodeKey subject(EpisodeKey k) {
        return new EpisodeKey(k.kind(), k.namespace(), k.name(), k.uid(), "");
    }

    @Override
    public Optional<Instant> since(SubjectRef subject, String findingKey) {
        Map<String, Instant> episodes = open.get(EpisodeKey.of(subject, ""));
        return episodes == null ? Optional.empty() : Optional.ofNullable(episodes.get(findingKey));
    }

    void record(DiagnosisChange change) {
        EpisodeKey subject = EpisodeKey.of(change.subject(), "");
        unconfirmed.remove(subject);
        Instant at = change.at();
        Map<String, Instant> episodes = open.computeIfAbsent(subject, x -> new ConcurrentHashMap<>());
        Set<String> now = change.after().stream().map(Finding::key).collect(Collectors.toSet());
        OwnerRef owner = owner(change);
        for (Finding f : change.after()) {
            Instant since = episodes.computeIfAbsent(f.key(), k -> f.since() != null ? f.since() : at);
            writer.submit(new Write.Seen(EpisodeKey.of(change.subject(), f.key()), owner, f, since, at));
        }
        // what ended: the findings before that are gone now, and (after a restart) any episode left open
        for (String key : List.copyOf(episodes.keySet())) {
            if (!now.contains(key)) {
                episodes.remove(key);
                writer.submit(new Write.Resolved(EpisodeKey.of(change.subject(), key), at));
            }
        }
        if (episodes.isEmpty()) {
            open.remove(subject, episodes);
        }
    }

    /**
     * Resolves at {@code at} the episodes that were open at start and whose subject no verdict has
     * mentioned since: once the memo has seen the whole cluster, a subject it did not mention has no
     * finding any more (it recovered or went away while the service was down).
     *
     * @return how many episodes it resolved
     */
    int settle(Instant at) {
        int resolved = 0;
        for (EpisodeKey subject : List.copyOf(unconfirmed)) {
            unconfirmed.remove(subject);
            Map<String, Instant> episodes = open.remove(subject);
            if (episodes == null) {
                continue;
            }
            for (String key : episodes.keySet()) {
                writer.submit(new Write.Resolved(new EpisodeKey(subject.kind(), subject.namespace(), subject.name(), subject.uid(), key), at));
                resolved++;
            }
        }
        return resolved;
    }

    void record(IncidentChange change) {
        writer.submit(new Write.IncidentSeen(change.incident(), change.at()));
    }

    private static OwnerRef owner(DiagnosisChange change) {
        if (change instanceof DiagnosisChange.OfPod pod) {
            Diagnosis d = pod.current() != null ? pod.current() : pod.previous();
            return d == null || d.pod() == null ? null : d.pod().owner();
        }
        return null;
    }

    /** Open episodes known (for the gauges and tests). */
    int openEpisodes() {
        return open.values().stream().mapToInt(Map::size).sum();
    }
}
