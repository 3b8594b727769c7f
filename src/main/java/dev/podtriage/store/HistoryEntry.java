package dev.podtriage.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.Severity;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One episode of one finding of a pod or workload, from the evaluation that first saw it to the one that no longer did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One episode of a finding: when it began, was last seen and resolved, with the evidence of its first sight")
public record HistoryEntry(
        @Schema(example = "Pod") String kind,
        @Schema(example = "shop") String namespace,
        @Schema(example = "storefront-58d6c9f7b4-x2v9k") String name,
        @Schema(description = "The object's uid: a recreated pod of the same name has another") String uid,
        OwnerRef owner,
        @Schema(example = "image-not-found") String rule,
        Severity severity,
        @Schema(example = "Image or tag not found") String title,
        @Schema(example = "main-app") String container,
        @Schema(description = "When this episode began") Instant since,
        @Schema(description = "The last evaluation that saw it") Instant lastSeen,
        @JsonInclude(JsonInclude.Include.ALWAYS)
        @Schema(description = "The first evaluation that no longer saw it; null while it lasts", nullable = true) Instant resolvedAt,
        @Schema(description = "The message when first seen") String message,
        @Schema(description = "The evidence when first seen") List<Evidence> evidence) {
}
