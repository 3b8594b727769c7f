package dev.podtriage.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.podtriage.diagnosis.WorkloadReport;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The rollout gate's answer: the WorkloadReport with the rollout's state and why. */
@Schema(description = "The workload's report (WorkloadReport) with the state of its rollout")
public record RolloutAnswer(
        @JsonUnwrapped @Schema(hidden = true) WorkloadReport report,
        @Schema(type = SchemaType.STRING, enumeration = {"complete", "failed", "progressing"},
                description = "`complete` (200), `failed` (422) or still `progressing` when the timeout passed (504)") String rollout,
        @Schema(description = "Why: the controller's progress, or the root cause that failed the rollout",
                example = "Root cause `image-not-found` of pod `web-7d9c8b5f4d-x2v9k` persisted: Image `nginx:1.99` does not exist") String rolloutDetail) {
}
