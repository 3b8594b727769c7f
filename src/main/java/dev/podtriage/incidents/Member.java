package dev.podtriage.incidents;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.podtriage.diagnosis.OptOut;
import dev.podtriage.diagnosis.OwnerRef;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A pod or workload whose root cause is the incident's.
 *
 * @param node  the node a pod is bound to, if any
 * @param since when the incident first saw it with this cause
 * @param optOut the opt-out annotation covering its root-cause finding, if one does
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A pod, or a workload with a finding of its own, whose root cause is the incident's")
public record Member(@Schema(example = "Pod") String kind, @Schema(example = "shop") String namespace,
                     @Schema(example = "web-7d9c8b5f4d-x2v9k") String name, OwnerRef owner,
                     @Schema(description = "The node a pod is bound to", example = "node-3") String node,
                     @Schema(description = "When the incident first saw it with this cause") Instant since,
                     @Schema(description = "The opt-out annotation covering its root-cause finding: listed, but not counted by notifications; "
                             + "absent when none does") OptOut optOut) {

    /** A member whose root cause no opt-out covers. */
    public Member(String kind, String namespace, String name, OwnerRef owner, String node, Instant since) {
        this(kind, namespace, name, owner, node, since, null);
    }

    /** Identity within an incident, whatever its {@code since}. */
    String ref() {
        return kind + "/" + namespace + "/" + name;
    }

    Member since(Instant at) {
        return new Member(kind, namespace, name, owner, node, at, optOut);
    }

    /** The workload the member is or belongs to, for the scope counts; null for a bare pod. */
    String workload() {
        if (!"Pod".equals(kind)) {
            return kind + "/" + namespace + "/" + name;
        }
        return owner == null ? null : owner.kind() + "/" + namespace + "/" + owner.name();
    }
}
