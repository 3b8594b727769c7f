package dev.podtriage.api;

import dev.podtriage.http.Problem;
import dev.podtriage.store.HistoryPage;
import dev.podtriage.store.HistoryQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** History (api.md, "History"): a pod's or workload's findings over time, also after it is gone. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "History", description = "Findings over time, kept in the history database beyond the one-hour life of events")
public class HistoryResource {
    private static final String LIMIT = "At most this many episodes per page (1 to " + IncidentQuery.MAX_LIMIT + ", default "
            + IncidentQuery.DEFAULT_LIMIT + ")";
    private final HistoryQueries history;

    HistoryResource(HistoryQueries history) {
        this.history = history;
    }

    @GET
    @Path("namespaces/{namespace}/pods/{pod}/history")
    @Operation(operationId = "podHistory", summary = "A pod's findings over time",
            description = "Each episode of each finding: since, last seen, resolved at, and the message and evidence when first seen; "
                    + "newest first, also after the pod is gone (every pod of that name the service has seen).")
    @APIResponse(responseCode = "200", description = "A page of episodes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HistoryPage.class)))
    @APIResponse(responseCode = "404", description = "Never seen with a finding, or history is off",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HistoryPage pod(@Parameter(description = "The namespace", example = "shop") @PathParam("namespace") String namespace,
                           @Parameter(description = "The pod's name", example = "storefront-58d6c9f7b4-x2v9k") @PathParam("pod") String pod,
                           @Parameter(description = LIMIT, schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000"))
                           @QueryParam("limit") String limit,
                           @Parameter(description = "The `continue` token of the previous page") @QueryParam("continue") String next) {
        return history.pod(namespace, pod, offset(next), limit(limit));
    }

    @GET
    @Path("namespaces/{namespace}/workloads/{kind}/{name}/history")
    @Operation(operationId = "workloadHistory", summary = "A workload's findings over time, and its pods'",
            description = "The workload's own episodes and those of every pod it has had, newest first, also after they are gone.")
    @APIResponse(responseCode = "200", description = "A page of episodes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HistoryPage.class)))
    @APIResponse(responseCode = "404", description = "Never seen with a finding, or history is off",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HistoryPage workload(@Parameter(description = "The namespace", example = "payments") @PathParam("namespace") String namespace,
                                @Parameter(description = "Deployment, StatefulSet, DaemonSet, ReplicaSet or Job (any case, plural or short name)",
                                        example = "Deployment") @PathParam("kind") String kind,
                                @Parameter(description = "The workload's name", example = "api") @PathParam("name") String name,
                                @Parameter(description = LIMIT, schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000"))
                                @QueryParam("limit") String limit,
                                @Parameter(description = "The `continue` token of the previous page") @QueryParam("continue") String next) {
        return history.workload(namespace, kind, name, offset(next), limit(limit));
    }

    private static int limit(String limit) {
        return IncidentQuery.bounded("limit", limit, IncidentQuery.DEFAULT_LIMIT, 1, IncidentQuery.MAX_LIMIT);
    }

    private static int offset(String next) {
        return IncidentQuery.bounded("continue", next, 0, 0, Integer.MAX_VALUE);
    }
}
