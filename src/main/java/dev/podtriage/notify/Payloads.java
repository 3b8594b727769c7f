package dev.podtriage.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podtriage.notify.Notification.Kind;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.PodInfo;
import dev.podtriage.render.AdaptiveCardRenderer;
import dev.podtriage.render.Fact;
import dev.podtriage.render.Message;
import dev.podtriage.render.MessageBuilder;
import dev.podtriage.render.PodStatus;
import dev.podtriage.render.SlackBlockKitRenderer;
import dev.podtriage.render.Text;
import dev.podtriage.render.Tone;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The body POSTed for a notification: Block Kit for Slack, the Adaptive Card message for Teams, and
 * for a generic webhook an envelope {@code {"event": "firing"|"resolved", "subject": {"kind",
 * "namespace", "name"}, "rule", "rules", "since", "at", "reason"?, …}} that carries, for a pod,
 * {@code "namespace", "pod", "diagnosis": {…}} (the Diagnosis JSON of the API) and, for a workload,
 * {@code "workload": {…}} (the WorkloadReport JSON of the API).
 */
final class Payloads {
    private final ObjectMapper mapper;
    private final MessageBuilder messages = new MessageBuilder();
    private final SlackBlockKitRenderer slack = new SlackBlockKitRenderer();
    private final AdaptiveCardRenderer teams = new AdaptiveCardRenderer();

    Payloads(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] body(Notification n) {
        JsonNode json = switch (n.sink().type()) {
            case SLACK -> slack.render(message(n));
            case TEAMS -> teams.render(message(n));
            case WEBHOOK -> envelope(n);
        };
        try {
            return mapper.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the notification", e);
        }
    }

    ObjectNode envelope(Notification n) {
        ObjectNode o = mapper.createObjectNode();
        o.put("event", n.kind().id());
        ObjectNode subject = o.putObject("subject");
        subject.put("kind", n.subject().kind());
        subject.put("namespace", n.namespace());
        subject.put("name", n.name());
        o.put("rule", n.rules().isEmpty() ? null : n.rules().get(0));
        n.rules().forEach(o.putArray("rules")::add);
        if (n.subject().isPod()) {
            o.put("namespace", n.namespace());
            o.put("pod", n.name());
        }
        o.put("since", n.since() == null ? null : n.since().toString());
        o.put("at", n.at().toString());
        if (n.reason() != null) {
            o.put("reason", n.reason());
        }
        if (n.subject().isPod()) {
            o.set("diagnosis", n.diagnosis() == null ? mapper.nullNode() : mapper.valueToTree(n.diagnosis()));
        } else {
            o.set("workload", n.workload() == null ? mapper.nullNode() : mapper.valueToTree(n.workload()));
        }
        return o;
    }

    /** The message a person reads: the diagnosis (or workload report) when firing, a short all-clear when resolved. */
    Message message(Notification n) {
        if (n.subject().isPod()) {
            return n.kind() == Kind.FIRING ? firing(n, messages.diagnosis(n.diagnosis())) : resolved(n);
        }
        return n.kind() == Kind.FIRING ? firing(n, messages.workload(n.workload())) : resolvedWorkload(n);
    }

    private static Message firing(Notification n, Message m) {
        List<Fact> context = new ArrayList<>(m.context());
        context.add(new Fact("Failing since", Text.plain(n.since().toString())));
        return new Message(m.tone(), m.title(), m.summary(), m.status(), context, m.sections(), m.notes(), m.apiPath());
    }

    private static Message resolved(Notification n) {
        Diagnosis d = n.diagnosis();
        boolean deleted = Notification.DELETED.equals(n.reason());
        Text.Builder summary = rules(n);
        if (deleted) {
            summary.plain(": the pod was deleted.");
        } else if (d != null && d.healthy() && d.pod() != null) {
            summary.plain((n.rules().size() == 1 ? " is" : " are") + " no longer found; the pod is healthy ("
                    + d.pod().status() + ", " + d.pod().ready() + " ready).");
        } else {
            summary.plain((n.rules().size() == 1 ? " is" : " are") + " no longer found. Now: ")
                    .text(d == null ? Text.plain("unknown") : Text.parse(d.summary()));
        }
        List<Fact> context = new ArrayList<>();
        context.add(new Fact("Cluster", Text.plain(d == null || d.cluster() == null ? "unknown" : d.cluster())));
        context.add(new Fact("Namespace", Text.code(n.namespace())));
        context.add(new Fact("Pod", Text.code(n.name())));
        PodInfo pod = d == null ? null : d.pod();
        if (pod != null && pod.owner() != null && pod.owner().name() != null) {
            context.add(new Fact("Owner", Text.builder().plain(pod.owner().kind() + " ").code(pod.owner().name()).build()));
        }
        if (n.since() != null) {
            context.add(new Fact("Failing since", Text.plain(n.since().toString())));
        }
        context.add(new Fact(deleted ? "Deleted at" : "Resolved at", Text.plain(at(n.at()))));
        PodStatus status = deleted || pod == null ? null : new PodStatus(pod.name(), pod.ready(), pod.status(), pod.restarts());
        Tone tone = deleted || d == null || d.healthy() ? Tone.HEALTHY : Tone.NEUTRAL;
        String path = deleted || d == null || "offline".equals(d.cluster()) ? null
                : "/api/v1/namespaces/" + n.namespace() + "/pods/" + n.name() + "/diagnosis";
        return new Message(tone, "Resolved: " + n.namespace() + "/" + n.name(), summary.build(), status, context, List.of(),
                List.of(), path);
    }

    private static Message resolvedWorkload(Notification n) {
        WorkloadReport w = n.workload();
        Subject s = n.subject();
        boolean deleted = Notification.DELETED.equals(n.reason());
        Text.Builder summary = rules(n);
        if (deleted) {
            summary.plain(": the " + s.kind() + " was deleted.");
        } else if (w != null && w.findings().stream().noneMatch(f -> f.severity().unhealthy())) {
            summary.plain((n.rules().size() == 1 ? " is" : " are") + " no longer found; the " + s.kind() + " "
                    + (w.healthy() ? "is healthy" : "has no finding of its own") + replicas(w.workload()) + ".");
        } else {
            summary.plain((n.rules().size() == 1 ? " is" : " are") + " no longer found. Now: ")
                    .text(w == null ? Text.plain("unknown") : Text.parse(w.summary()));
        }
        List<Fact> context = new ArrayList<>();
        context.add(new Fact("Cluster", Text.plain(w == null || w.cluster() == null ? "unknown" : w.cluster())));
        context.add(new Fact("Namespace", Text.code(n.namespace())));
        context.add(new Fact("Workload", Text.builder().plain(s.kind() + " ").code(s.name()).build()));
        if (n.since() != null) {
            context.add(new Fact("Failing since", Text.plain(n.since().toString())));
        }
        context.add(new Fact(deleted ? "Deleted at" : "Resolved at", Text.plain(at(n.at()))));
        Tone tone = deleted || w == null || w.healthy() ? Tone.HEALTHY : Tone.NEUTRAL;
        String path = deleted || w == null || "offline".equals(w.cluster()) ? null
                : "/api/v1/namespaces/" + n.namespace() + "/workloads/" + s.kind() + "/" + s.name() + "/diagnosis";
        return new Message(tone, "Resolved: " + s.display(), summary.build(), null, context, List.of(), List.of(), path);
    }

    private static Text.Builder rules(Notification n) {
        Text.Builder summary = Text.builder();
        for (int i = 0; i < n.rules().size(); i++) {
            summary.plain(i == 0 ? "" : ", ").code(n.rules().get(i));
        }
        return summary;
    }

    private static String replicas(WorkloadReport.Workload wl) {
        if (wl == null || wl.desired() == null) {
            return "";
        }
        boolean job = "Job".equals(wl.kind());
        return " (" + wl.readyColumn() + (job ? " completions)" : " ready)");
    }

    private static String at(Instant i) {
        return i.toString();
    }
}
