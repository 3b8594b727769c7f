package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One fact a finding was read from, quoted as the cluster said it.
 *
 * @param source where it came from
 * @param field  the object field it was read from, e.g. {@code status.containerStatuses[app].state.waiting}
 * @param reason the Kubernetes reason (event reason, waiting or terminated reason)
 * @param text   the message, verbatim
 * @param count  how often an event was seen
 * @param lastSeen when an event was last seen
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A fact quoted from the cluster")
public record Evidence(
        EvidenceSource source,
        @Schema(description = "The field it was read from", example = "status.containerStatuses[main-app].state.waiting") String field,
        @Schema(description = "The Kubernetes reason", example = "Failed") String reason,
        @Schema(description = "The message, verbatim", example = "Failed to pull image \"nginx:1.99\": ... not found") String text,
        @Schema(description = "How often the event was seen", example = "4") Integer count,
        @Schema(description = "When the event was last seen") Instant lastSeen) {

    public static Evidence status(String field, String reason, String text) {
        return new Evidence(EvidenceSource.STATUS, field, reason, text, null, null);
    }

    public static Evidence spec(String field, String text) {
        return new Evidence(EvidenceSource.SPEC, field, null, text, null, null);
    }

    public static Evidence node(String field, String reason, String text) {
        return new Evidence(EvidenceSource.NODE, field, reason, text, null, null);
    }

    public static Evidence log(String container, String tail) {
        return new Evidence(EvidenceSource.LOG, "previous log of container " + container, null, tail, null, null);
    }

    public static Evidence event(Event event) {
        return new Evidence(EvidenceSource.EVENT, null, event.getReason(), event.getMessage(),
                EventFacts.count(event), EventFacts.lastSeen(event));
    }

    /** An event of the owning workload (ReplicaSet, Job, ...), not of the pod itself. */
    public static Evidence workloadEvent(Event event) {
        var io = event.getInvolvedObject();
        String field = io == null ? null : io.getKind() + "/" + io.getName();
        return new Evidence(EvidenceSource.WORKLOAD, field, event.getReason(), event.getMessage(),
                EventFacts.count(event), EventFacts.lastSeen(event));
    }

    public static Evidence workload(String field, String reason, String text) {
        return new Evidence(EvidenceSource.WORKLOAD, field, reason, text, null, null);
    }
}
