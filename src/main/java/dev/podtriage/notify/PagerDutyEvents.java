package dev.podtriage.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.Member;
import dev.podtriage.notify.Notification.Kind;
import dev.podtriage.render.IncidentMessages;

/**
 * PagerDuty Events API v2 bodies: {@code trigger} when an incident opens (and again, with the same
 * {@code dedup_key}, when it grows: PagerDuty updates its alert), {@code resolve} when it resolves.
 * The {@code dedup_key} is the incident id; severities map one to one (critical, warning, info).
 * {@code custom_details} carry the root cause (its rule, and one member's finding in its words), the
 * first lines of that finding's evidence, the members and the fixes.
 */
final class PagerDutyEvents {
    /** PagerDuty cuts a longer summary. */
    static final int MAX_SUMMARY = 1024;
    /** Lines of the shared cause's evidence in {@code custom_details}, each at most {@link #MAX_EVIDENCE} characters. */
    static final int EVIDENCE_SHOWN = 3;
    static final int MAX_EVIDENCE = 500;

    private final ObjectMapper mapper;

    PagerDutyEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode event(Notification n) {
        Incident i = n.incident();
        ObjectNode o = mapper.createObjectNode();
        o.put("routing_key", n.sink().routingKey());
        o.put("event_action", n.kind() == Kind.RESOLVED ? "resolve" : "trigger");
        o.put("dedup_key", i.id());
        if (n.kind() == Kind.RESOLVED) {
            return o;
        }
        ObjectNode payload = o.putObject("payload");
        payload.put("summary", cut(i.summary().markdown()));
        payload.put("source", source(i.key()));
        payload.put("severity", i.severity().id());
        payload.put("timestamp", i.firstSeen().toString());
        payload.put("component", i.key().kind());
        payload.put("class", i.rule());
        ObjectNode details = payload.putObject("custom_details");
        details.put("root_cause", i.rule());
        if (i.rootCause() != null) {
            details.put("root_cause_detail", i.rootCause().message().markdown() + " (" + i.rootCause().member() + ")");
            i.rootCause().evidence().stream().limit(EVIDENCE_SHOWN).map(PagerDutyEvents::evidence).forEach(details.putArray("evidence")::add);
        }
        details.set("key", mapper.valueToTree(i.key()));
        details.set("scope", mapper.valueToTree(i.scope()));
        if (n.kind() == Kind.GREW) {
            details.put("grew_past_pods", n.threshold());
        }
        i.members().stream().limit(Payloads.MEMBERS_SHOWN).map(PagerDutyEvents::member).forEach(details.putArray("members")::add);
        i.fixes().stream().map(Prose::markdown).forEach(details.putArray("fixes")::add);
        if (i.optedOut() > 0) {
            details.put("opted_out", i.optedOut());
        }
        if (!i.alerts().isEmpty()) {
            details.put("alerts", IncidentMessages.explained(i.alerts()));
        }
        o.put("client", "pod-triage");
        return o;
    }

    /** What the incident blames: the registry host, the node, {@code namespace/name} of a namespaced object. */
    static String source(Cause key) {
        return key.namespace() == null ? key.name() : key.namespace() + "/" + key.name();
    }

    /** {@code event BackOff ×171: Back-off restarting failed container …}: one fact in a line of its own. */
    static String evidence(Evidence e) {
        StringBuilder b = new StringBuilder(e.source() == null ? "fact" : e.source().id());
        if (e.reason() != null && !e.reason().isBlank()) {
            b.append(' ').append(e.reason());
        }
        if (e.count() != null && e.count() > 1) {
            b.append(" ×").append(e.count());
        }
        if (e.text() != null && !e.text().isBlank()) {
            b.append(": ").append(e.text().strip());
        }
        return b.length() <= MAX_EVIDENCE ? b.toString() : b.substring(0, MAX_EVIDENCE - 1) + "…";
    }

    private static String member(Member m) {
        return m.kind() + " " + m.namespace() + "/" + m.name();
    }

    private static String cut(String s) {
        return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY - 1) + "…";
    }
}
