package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The pod's identity and kubectl's view of it.
 *
 * @param status   kubectl's STATUS column
 * @param ready    kubectl's READY column
 * @param restarts the number in kubectl's RESTARTS column
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The pod's identity and what `kubectl get pod` prints for it")
public record PodInfo(
        @Schema(example = "shop") String namespace,
        @Schema(example = "web-7d9c8b5f4d-x2v9k") String name,
        String uid,
        @Schema(description = "The node it is bound to", example = "node-3") String node,
        OwnerRef owner,
        @Schema(description = "status.phase", example = "Pending") String phase,
        @Schema(description = "kubectl's STATUS column", example = "ImagePullBackOff") String status,
        @Schema(description = "kubectl's READY column", example = "0/1") String ready,
        @Schema(description = "The number in kubectl's RESTARTS column", example = "0") int restarts) {
}
