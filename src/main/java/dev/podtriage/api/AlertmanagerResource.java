package dev.podtriage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.http.Problem;
import dev.podtriage.http.ProblemException;
import dev.podtriage.incidents.AlertTarget;
import dev.podtriage.incidents.IncidentAlert;
import dev.podtriage.incidents.IncidentService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Alertmanager's webhook receiver (api.md, "Incidents"): each alert naming a pod, workload or
 * ResourceQuota is attached to the incident of its root cause; the answer lists where each went.
 */
@Path("/api/v1/alertmanager/webhook")
@Tag(name = "Incidents")
public class AlertmanagerResource {
    /** Alert labels that name what an alert is about, with the kind they name; the first present wins. */
    private static final List<Map.Entry<String, String>> TARGET_LABELS = List.of(
            Map.entry("pod", AlertTarget.POD),
            Map.entry("deployment", WorkloadKind.DEPLOYMENT.kind()),
            Map.entry("statefulset", WorkloadKind.STATEFUL_SET.kind()),
            Map.entry("daemonset", WorkloadKind.DAEMON_SET.kind()),
            Map.entry("job_name", WorkloadKind.JOB.kind()),
            Map.entry("replicaset", AlertTarget.REPLICA_SET),
            Map.entry("resourcequota", AlertTarget.RESOURCE_QUOTA));
    private static final Set<String> STATUSES = Set.of("firing", "resolved");

    private final IncidentService incidents;
    private final ObjectMapper mapper;

    AlertmanagerResource(IncidentService incidents, ObjectMapper mapper) {
        this.incidents = incidents;
        this.mapper = mapper;
    }

    /** Where each alert went. */
    @Schema(description = "Where each alert of the payload went: the incident of its root cause, or why none")
    public record Answer(@Schema(description = "Alerts in the payload") int received,
                         @Schema(description = "Alerts attached to an open incident") List<Placed> placed,
                         @Schema(description = "Alerts no open incident explains, with why") List<Unplaced> unplaced) {
    }

    public record Placed(String alertname, String fingerprint, String status,
                         @Schema(example = "image-pull-rate-limited/registry/docker.io") String incident) {
    }

    public record Unplaced(String alertname, String fingerprint, String status, String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "alertmanagerWebhook", summary = "Alertmanager webhook receiver",
            description = "Takes Alertmanager's webhook payload (`version: \"4\"`). Each alert naming a pod or workload (labels `namespace` "
                    + "plus `pod`, `deployment`, `statefulset`, `daemonset`, `job_name`, `replicaset` or `resourcequota`) is attached to the "
                    + "open incident whose members it names (from the informer caches), listed in the incident's `alerts`, and forwarded once "
                    + "per incident to the notification sinks. Alerts it cannot place are answered in `unplaced`, with why.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "200", description = "Where each alert went",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    @APIResponse(responseCode = "400", description = "Not JSON, not version \"4\", or an alert without labels, fingerprint or status",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than `triage.api.max-body-size`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Answer receive(String body) {
        JsonNode payload = parse(body);
        List<Map.Entry<IncidentAlert, Optional<AlertTarget>>> received = new ArrayList<>();
        JsonNode alerts = payload.get("alerts");
        for (int i = 0; i < alerts.size(); i++) {
            received.add(alert(alerts.get(i), i));
        }
        List<Placed> placed = new ArrayList<>();
        List<Unplaced> unplaced = new ArrayList<>();
        for (IncidentService.Placement p : incidents.attach(received)) {
            IncidentAlert a = p.alert();
            if (p.incident() != null) {
                placed.add(new Placed(a.alertname(), a.fingerprint(), a.status(), p.incident()));
            } else {
                unplaced.add(new Unplaced(a.alertname(), a.fingerprint(), a.status(), p.reason()));
            }
        }
        return new Answer(received.size(), placed, unplaced);
    }

    private JsonNode parse(String body) {
        JsonNode payload;
        try {
            payload = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("The body is not JSON: expected Alertmanager's webhook payload (version \"4\").");
        }
        if (payload == null || !payload.isObject()) {
            throw ProblemException.badRequest("Expected Alertmanager's webhook payload: a JSON object with version \"4\" and alerts.");
        }
        if (!"4".equals(payload.path("version").asText(null))) {
            throw ProblemException.badRequest("Unsupported payload version " + payload.path("version") + ": Alertmanager's webhook "
                    + "payload version \"4\" is expected.");
        }
        if (!payload.path("alerts").isArray()) {
            throw ProblemException.badRequest("The payload has no alerts array.");
        }
        return payload;
    }

    private static Map.Entry<IncidentAlert, Optional<AlertTarget>> alert(JsonNode a, int index) {
        JsonNode labels = a.path("labels");
        String fingerprint = a.path("fingerprint").asText("");
        String status = a.path("status").asText("");
        if (!labels.isObject() || fingerprint.isBlank() || !STATUSES.contains(status)) {
            throw ProblemException.badRequest("alerts[" + index + "] needs labels (an object), a fingerprint and a status "
                    + "(firing or resolved).");
        }
        IncidentAlert alert = new IncidentAlert(labels.path("alertname").asText(""), fingerprint, status);
        return new AbstractMap.SimpleImmutableEntry<>(alert, target(labels));
    }

    /** What the labels name: the first of {@link #TARGET_LABELS} present, in the {@code namespace} label's namespace. */
    static Optional<AlertTarget> target(JsonNode labels) {
        String namespace = labels.path("namespace").asText("");
        if (namespace.isBlank()) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> l : TARGET_LABELS) {
            String name = labels.path(l.getKey()).asText("");
            if (!name.isBlank()) {
                return Optional.of(new AlertTarget(l.getValue(), namespace, name));
            }
        }
        return Optional.empty();
    }
}
