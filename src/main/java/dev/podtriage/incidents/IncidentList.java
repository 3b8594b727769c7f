package dev.podtriage.incidents;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of incidents.
 *
 * @param next the token for the next page ({@code continue=}), absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A page of incidents, open ones first (worst severity, then widest blast radius), then resolved ones newest first")
public record IncidentList(
        @Schema(description = "The cluster pod-triage reads", example = "prod-eu") String cluster,
        @Schema(description = "Which incidents were asked for", enumeration = {"open", "resolved", "all"}) String state,
        @Schema(description = "How many incidents match, over all pages") int total,
        List<Incident> items,
        @JsonProperty("continue") @Schema(name = "continue", description = "Pass as `continue` for the next page; absent on the last page") String next) {
}
