package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The opt-out annotation ({@value IgnoreAnnotation#KEY}) that covers a finding: the finding stays in
 * the diagnosis, marked, and incident notifications leave it out until {@code until}.
 *
 * @param object the annotated object, "Deployment shop/web"
 * @param rule   the rule IDs the annotation names, as written; null when it names none (every rule)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The opt-out annotation pod-triage.dev/ignore covering this finding: it stays listed, and notifications leave it out until `until`")
public record OptOut(@Schema(description = "The annotated object: the pod, its workload or its namespace", example = "Deployment shop/web") String object,
                     @Schema(description = "The rule IDs the annotation names; absent when it covers every rule", example = "readiness-probe-failed") String rule,
                     @Schema(description = "The instant the opt-out ends (a date means the end of that day, UTC)", example = "2027-01-01T00:00:00Z") Instant until,
                     @Schema(description = "Why, as the annotation says", example = "known flaky") String reason) {

    /** "ignored until 2027-01-01T00:00:00Z (Deployment shop/web): known flaky", for renderings. */
    public String describe() {
        return "ignored until " + until + " (" + object + ")" + (reason == null ? "" : ": " + reason);
    }
}
