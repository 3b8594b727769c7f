package dev.podtriage.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podtriage.incidents.Incident;
import dev.podtriage.notify.Notification.Kind;
import dev.podtriage.render.AdaptiveCardRenderer;
import dev.podtriage.render.IncidentMessages;
import dev.podtriage.render.Message;
import dev.podtriage.render.SlackBlockKitRenderer;
import java.nio.charset.StandardCharsets;

/**
 * The body POSTed for a notification: Block Kit for Slack, the Adaptive Card message for Teams, an
 * Events API v2 event for PagerDuty ({@link PagerDutyEvents}) and for a generic webhook the envelope
 * {@code {"event": "opened"|"grew"|"resolved", "threshold"?, "at", "incident": {…}}} with the
 * Incident JSON of the API.
 */
final class Payloads {
    /** Members listed in a chat message; the rest are counted. */
    static final int MEMBERS_SHOWN = 20;

    private final ObjectMapper mapper;
    private final IncidentMessages messages = new IncidentMessages(MEMBERS_SHOWN);
    private final SlackBlockKitRenderer slack = new SlackBlockKitRenderer();
    private final AdaptiveCardRenderer teams = new AdaptiveCardRenderer();
    private final PagerDutyEvents pagerDuty;

    Payloads(ObjectMapper mapper) {
        this.mapper = mapper;
        this.pagerDuty = new PagerDutyEvents(mapper);
    }

    byte[] body(Notification n) {
        JsonNode json = switch (n.sink().type()) {
            case SLACK -> slack.render(message(n));
            case TEAMS -> teams.render(message(n));
            case WEBHOOK -> envelope(n);
            case PAGERDUTY -> pagerDuty.event(n);
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
        if (n.kind() == Kind.GREW) {
            o.put("threshold", n.threshold());
        }
        o.put("at", n.at().toString());
        o.set("incident", mapper.valueToTree(n.incident()));
        return o;
    }

    /** The message a person reads: the incident with its fixes and members, titled by what happened. */
    Message message(Notification n) {
        Message m = messages.incident(n.incident());
        String title = switch (n.kind()) {
            case GREW -> grewTitle(n);
            case ALERTS -> alertsTitle(n.incident());
            default -> null;
        };
        return title == null ? m : new Message(m.tone(), title, m.summary(), m.status(), m.context(), m.sections(), m.notes(), m.apiPath());
    }

    /** "KubePodNotReady ×12 and KubeDeploymentReplicasMismatch ×3: one cause, incident image-pull-rate-limited/registry/docker.io". */
    static String alertsTitle(Incident i) {
        return IncidentMessages.explained(i.alerts()) + ": one cause, incident " + i.id();
    }

    /** "Grew past 50 pods: incident container-crash-loop/deployment/shop/web". */
    static String grewTitle(Notification n) {
        Incident i = n.incident();
        return "Grew past " + n.threshold() + " pods: incident " + i.id();
    }
}
