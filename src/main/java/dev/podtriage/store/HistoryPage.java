package dev.podtriage.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a pod's or workload's history, newest episode first.
 *
 * @param next the token for the next page ({@code continue=}), absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A page of finding episodes, newest first")
public record HistoryPage(
        @Schema(example = "Pod") String kind,
        @Schema(example = "shop") String namespace,
        @Schema(example = "storefront-58d6c9f7b4-x2v9k") String name,
        @Schema(description = "How many episodes there are, over all pages") int total,
        List<HistoryEntry> items,
        @JsonProperty("continue") @Schema(name = "continue", description = "Pass as `continue` for the next page; absent on the last page") String next) {
}
