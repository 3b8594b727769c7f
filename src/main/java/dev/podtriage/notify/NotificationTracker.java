package dev.podtriage.notify;

import dev.podtriage.notify.Notification.Kind;
import dev.podtriage.diagnosis.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The state of every subject (a pod or a workload) and rule a sink may report, and the decisions
 * taken from it. Pods and workloads share this one state machine, keyed by {@link Subject#key()}.
 * Pure: the evaluation instant is a parameter; not thread-safe (one worker calls it).
 *
 * <ul>
 * <li>A rule is <em>failing</em> while the subject's observation has a finding of it; {@code firstSeen}
 *     is the first evaluation that saw it, cleared when an evaluation no longer does.</li>
 * <li>A sink is sent a firing message when a rule that matches its filters has been failing for at
 *     least its {@code delay}, once per episode, and not within its {@code cooldown} of the last
 *     firing message for the same subject and rule (a flapping pod is not news every minute).
 *     Rules starting to fire together go in one message.</li>
 * <li>When an alerted rule is no longer found, or the subject is deleted, a resolved message follows
 *     (unless {@code send-resolved} is off).</li>
 * <li>Memory: only subjects with a failing rule, an alert or a running cooldown are kept; a deleted
 *     subject's state is dropped at once.</li>
 * </ul>
 */
final class NotificationTracker {
    private final List<SinkSettings> sinks;
    private final Map<String, State> states = new HashMap<>();

    private static final class State {
        final Subject subject;
        String uid;
        /** Failing rules (for some sink) and when they were first seen. */
        final Map<String, Instant> firstSeen = new HashMap<>();
        /** Per sink: rules alerted in the current episode, and the last firing message per rule. */
        final Map<String, Map<String, Instant>> alerted = new HashMap<>();
        final Map<String, Map<String, Instant>> lastSent = new HashMap<>();
        /** The last observation, kept while an alert is open (a deleted subject's resolved message shows it). */
        Observation last;

        State(Subject subject) {
            this.subject = subject;
        }

        boolean empty() {
            return firstSeen.isEmpty() && alerted.isEmpty() && lastSent.isEmpty();
        }
    }

    NotificationTracker(List<SinkSettings> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    List<SinkSettings> sinks() {
        return sinks;
    }

    /** Keys ({@link Subject#key()}) of the subjects with state: they are re-evaluated periodically. */
    Set<String> tracked() {
        return Set.copyOf(states.keySet());
    }

    int size() {
        return states.size();
    }

    /** The subject as evaluated at {@code at}: what to send now. */
    List<Notification> observe(Observation o, Instant at) {
        if (o == null) {
            return List.of();
        }
        Subject subject = o.subject();
        String namespace = subject.namespace();
        String key = subject.key();
        List<Notification> out = new ArrayList<>();
        State state = states.get(key);
        String uid = subject.uid();
        if (state != null && state.uid != null && uid != null && !state.uid.equals(uid)) {
            // same name, another object (a StatefulSet replica, a Deployment recreated): the old one is gone
            out.addAll(gone(key, at));
            state = null;
        }

        // the rules some sink may report, root cause first, with the findings that carry them
        Map<String, List<Finding>> failing = new LinkedHashMap<>();
        for (Finding f : o.findings()) {
            for (SinkSettings s : sinks) {
                if (s.filter().namespace(namespace) && s.filter().finding(f)) {
                    failing.computeIfAbsent(f.rule(), r -> new ArrayList<>()).add(f);
                    break;
                }
            }
        }
        if (state == null) {
            if (failing.isEmpty()) {
                return out;
            }
            state = new State(subject);
            states.put(key, state);
        }
        final State st = state;
        if (uid != null) {
            st.uid = uid;
        }
        st.firstSeen.keySet().retainAll(failing.keySet());
        for (String rule : failing.keySet()) {
            st.firstSeen.putIfAbsent(rule, at);
        }

        for (SinkSettings sink : sinks) {
            Set<String> matching = new LinkedHashSet<>();
            if (sink.filter().namespace(namespace)) {
                failing.forEach((rule, findings) -> {
                    if (findings.stream().anyMatch(sink.filter()::finding)) {
                        matching.add(rule);
                    }
                });
            }
            Map<String, Instant> alerted = st.alerted.getOrDefault(sink.name(), Map.of());
            List<String> resolved = alerted.keySet().stream().filter(r -> !matching.contains(r)).sorted().toList();
            if (!resolved.isEmpty()) {
                Instant since = resolved.stream().map(alerted::get).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(at);
                Map<String, Instant> a = st.alerted.get(sink.name());
                resolved.forEach(a::remove);
                if (a.isEmpty()) {
                    st.alerted.remove(sink.name());
                }
                if (sink.sendResolved()) {
                    out.add(new Notification(sink, Kind.RESOLVED, subject, resolved, o, since, at, Notification.RECOVERED));
                }
            }
            List<String> firing = new ArrayList<>();
            Map<String, Instant> sent = st.lastSent.getOrDefault(sink.name(), Map.of());
            for (String rule : matching) {
                if (st.alerted.getOrDefault(sink.name(), Map.of()).containsKey(rule)) {
                    continue; // already told, still failing
                }
                Instant first = st.firstSeen.get(rule);
                if (Duration.between(first, at).compareTo(sink.delay()) < 0) {
                    continue; // not news yet
                }
                Instant last = sent.get(rule);
                if (last != null && Duration.between(last, at).compareTo(sink.cooldown()) < 0) {
                    continue; // told recently: a flapping pod
                }
                firing.add(rule);
            }
            if (!firing.isEmpty()) {
                Instant since = firing.stream().map(st.firstSeen::get).min(Comparator.naturalOrder()).orElse(at);
                for (String rule : firing) {
                    st.alerted.computeIfAbsent(sink.name(), k -> new HashMap<>()).put(rule, st.firstSeen.get(rule));
                    st.lastSent.computeIfAbsent(sink.name(), k -> new HashMap<>()).put(rule, at);
                }
                out.add(new Notification(sink, Kind.FIRING, subject, firing, o, since, at, null));
            }
            // cooldowns that ran out are forgotten
            Map<String, Instant> ls = st.lastSent.get(sink.name());
            if (ls != null) {
                ls.entrySet().removeIf(e -> Duration.between(e.getValue(), at).compareTo(sink.cooldown()) >= 0
                        && !st.alerted.getOrDefault(sink.name(), Map.of()).containsKey(e.getKey()));
                if (ls.isEmpty()) {
                    st.lastSent.remove(sink.name());
                }
            }
        }
        st.last = st.alerted.isEmpty() ? null : o;
        if (st.empty()) {
            states.remove(key);
        }
        return out;
    }

    /** The subject ({@link Subject#key()}) no longer exists: resolved messages for its open alerts, and its state is forgotten. */
    List<Notification> gone(String key, Instant at) {
        State state = states.remove(key);
        if (state == null) {
            return List.of();
        }
        List<Notification> out = new ArrayList<>();
        for (SinkSettings sink : sinks) {
            Map<String, Instant> alerted = state.alerted.get(sink.name());
            if (alerted == null || alerted.isEmpty() || !sink.sendResolved()) {
                continue;
            }
            List<String> rules = alerted.keySet().stream().sorted().toList();
            Instant since = alerted.values().stream().min(Comparator.naturalOrder()).orElse(at);
            out.add(new Notification(sink, Kind.RESOLVED, state.last == null ? state.subject : state.last.subject(), rules, state.last, since,
                    at, Notification.DELETED));
        }
        return out;
    }
}
