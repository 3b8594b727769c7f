package dev.podtriage.notify;

import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.incidents.Member;
import dev.podtriage.notify.Notification.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides which messages the incidents' changes make, per sink: one when an incident has been open
 * for the sink's delay, one each time its blast radius first passes a growth threshold, one when it
 * resolves; once, the Alertmanager alerts it explains. Every message is claimed in the {@link NotificationLedger} first (subject: the incident
 * id; message: {@code opened}, {@code grew:10}, {@code alerts}, {@code resolved}, each with {@code @firstSeen} so a
 * later episode of the same id is news again) and made only when the claim is the first. It keeps
 * only the open incidents (dropped when they resolve). Members an opt-out annotation covers are not
 * counted: an incident all of whose members are opted out is not announced (until an opt-out ends or
 * a member comes that none covers), and growth counts the other pods. Not thread-safe: one thread calls it.
 */
final class Announcer {
    private final List<SinkSettings> sinks;
    /** Ascending. */
    private final List<Integer> thresholds;
    private final NotificationLedger ledger;
    private final Function<Member, Map<String, String>> metadata;
    private final Map<String, Tracked> open = new LinkedHashMap<>();

    /** An open incident as last seen, and the sinks that were told it opened. */
    private static final class Tracked {
        private Incident incident;
        private final Set<String> announced = new HashSet<>();
    }

    Announcer(List<SinkSettings> sinks, List<Integer> thresholds, NotificationLedger ledger) {
        this(sinks, thresholds, ledger, m -> Map.of());
    }

    /** @param metadata the labels and annotations of a member's pod, workload and namespace, for the sinks' label selectors */
    Announcer(List<SinkSettings> sinks, List<Integer> thresholds, NotificationLedger ledger, Function<Member, Map<String, String>> metadata) {
        this.metadata = metadata;
        this.sinks = List.copyOf(sinks);
        this.thresholds = thresholds.stream().filter(t -> t > 0).distinct().sorted().toList();
        this.ledger = ledger;
    }

    /**
     * Takes one change. A replica that does not lead keeps track but claims and sends nothing.
     *
     * @return the messages to send, in order
     */
    List<Notification> on(IncidentChange change, boolean leading) {
        Incident i = change.incident();
        if (change.type() == IncidentChange.Type.RESOLVED) {
            Tracked t = open.remove(i.id());
            return leading ? resolved(t, i, change.at()) : List.of();
        }
        Tracked t = open.computeIfAbsent(i.id(), id -> new Tracked());
        t.incident = i;
        return leading ? decide(t, change.at()) : List.of();
    }

    /** Looks at every open incident again at {@code now}: the delays that ended meanwhile. */
    List<Notification> tick(Instant now, boolean leading) {
        if (!leading) {
            return List.of();
        }
        List<Notification> out = new ArrayList<>();
        open.values().forEach(t -> out.addAll(decide(t, now)));
        return out;
    }

    /** Open incidents being tracked. */
    int tracked() {
        return open.size();
    }

    private List<Notification> decide(Tracked t, Instant now) {
        Incident i = t.incident;
        List<Notification> out = new ArrayList<>();
        for (SinkSettings s : sinks) {
            if (!s.filter().matches(i, metadata)) {
                continue;
            }
            if (t.announced.contains(s.name())) {
                grew(s, i, now, out);
                if (!i.alerts().isEmpty() && ledger.claim(i.id(), s.name(), message(Kind.ALERTS.id(), i), now)) {
                    out.add(new Notification(s, Kind.ALERTS, 0, i, now));
                }
            } else if (!i.allOptedOut() && due(s, i, now)) {
                t.announced.add(s.name());
                if (ledger.claim(i.id(), s.name(), message(Kind.OPENED.id(), i), now)) {
                    // the opening message shows the blast radius and the alerts: no follow-up for what it already says
                    passed(s, i, now);
                    if (!i.alerts().isEmpty()) {
                        ledger.claim(i.id(), s.name(), message(Kind.ALERTS.id(), i), now);
                    }
                    out.add(new Notification(s, Kind.OPENED, 0, i, now));
                }
            }
        }
        return out;
    }

    /** Open for the sink's delay, and the sink's cooldown since the last message about this id has passed. */
    private boolean due(SinkSettings s, Incident i, Instant now) {
        if (now.isBefore(i.firstSeen().plus(s.delay()))) {
            return false;
        }
        return ledger.lastClaimed(i.id(), s.name()).map(last -> !now.isBefore(last.plus(s.cooldown()))).orElse(true);
    }

    private void grew(SinkSettings s, Incident i, Instant now, List<Notification> out) {
        List<Integer> passed = passed(s, i, now);
        if (!passed.isEmpty()) {
            out.add(new Notification(s, Kind.GREW, passed.get(passed.size() - 1), i, now));
        }
    }

    /** Claims every threshold the blast radius has reached; returns those claimed now, ascending. */
    private List<Integer> passed(SinkSettings s, Incident i, Instant now) {
        List<Integer> out = new ArrayList<>();
        for (int threshold : thresholds) {
            if (i.podsNotOptedOut() >= threshold && ledger.claim(i.id(), s.name(), message(Kind.GREW.id() + ":" + threshold, i), now)) {
                out.add(threshold);
            }
        }
        return out;
    }

    private List<Notification> resolved(Tracked t, Incident i, Instant at) {
        List<Notification> out = new ArrayList<>();
        for (SinkSettings s : sinks) {
            if (s.sendResolved() && announced(t, s, i) && ledger.claim(i.id(), s.name(), message(Kind.RESOLVED.id(), i), at)) {
                out.add(new Notification(s, Kind.RESOLVED, 0, i, at));
            }
        }
        return out;
    }

    /**
     * The sink was told this episode opened: by this announcer, or (an incident a previous run of the service
     * left open, or one this announcer never tracked) something about this episode was claimed for the sink
     * since it began: an episode's first claim is its {@code opened}.
     */
    private boolean announced(Tracked t, SinkSettings s, Incident i) {
        if (t != null && t.announced.contains(s.name())) {
            return true;
        }
        return ledger.lastClaimed(i.id(), s.name()).map(last -> !last.isBefore(i.firstSeen())).orElse(false);
    }

    /** {@code opened@2026-11-27T10:00:00Z}: the message of this episode of the incident. */
    private static String message(String what, Incident i) {
        return what + "@" + i.firstSeen();
    }
}
