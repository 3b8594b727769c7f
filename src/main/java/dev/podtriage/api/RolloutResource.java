package dev.podtriage.api;

import dev.podtriage.cluster.LiveDiagnosisService;
import dev.podtriage.cluster.RolloutSnapshot;
import dev.podtriage.http.Problem;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The rollout gate for CI and GitOps: waits until a workload's rollout completed or failed. */
@Path("/api/v1")
@Produces({MediaType.APPLICATION_JSON, Renderings.MARKDOWN, MediaType.TEXT_PLAIN})
@Tag(name = "Diagnose the cluster")
public class RolloutResource {
    private final LiveDiagnosisService service;
    private final RolloutGate gate;
    private final RolloutConfig config;
    private final Clock clock;

    RolloutResource(LiveDiagnosisService service, RolloutGate gate, RolloutConfig config, Clock clock) {
        this.service = service;
        this.gate = gate;
        this.config = config;
        this.clock = clock;
    }

    @GET
    @Path("namespaces/{namespace}/workloads/{kind}/{name}/rollout")
    @Blocking // the first reading may call the API server; the wait itself holds no thread
    @Operation(summary = "Wait for a workload's rollout",
            description = "Answers 200 as soon as the rollout is complete (as `kubectl rollout status` judges it), 422 as soon as it has "
                    + "failed (ProgressDeadlineExceeded, a failed Job, or a critical root cause seen twice `triage.rollout.confirm-after` "
                    + "apart) and 504 when `timeout` passes first. The body is always the WorkloadReport with `rollout`; "
                    + "`format=markdown` gives a pull-request comment.")
    @APIResponse(responseCode = "200", description = "The rollout is complete",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutAnswer.class)),
                    @Content(mediaType = Renderings.MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "422", description = "The rollout failed; `rolloutDetail` and the findings name the root cause",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutAnswer.class)))
    @APIResponse(responseCode = "504", description = "The timeout passed while the rollout was still progressing",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutAnswer.class)))
    @APIResponse(responseCode = "400", description = "A bad `timeout`, `format` or workload kind",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such namespace or workload",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The Kubernetes API server is unreachable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> rollout(@Parameter(description = "The namespace", example = "payments") @PathParam("namespace") String namespace,
                                 @Parameter(description = "Deployment, StatefulSet, DaemonSet, ReplicaSet or Job (any case, plural or short name)",
                                         example = "Deployment") @PathParam("kind") String kind,
                                 @Parameter(description = "The workload's name", example = "api") @PathParam("name") String name,
                                 @Parameter(description = "How long to wait: `300s`, `5m`, `1h` or seconds (default "
                                         + "`triage.rollout.default-timeout`, at most `triage.rollout.max-timeout`)",
                                         schema = @Schema(type = SchemaType.STRING, example = "300s")) @QueryParam("timeout") String timeout,
                                 @Parameter(description = FormatParameter.DESCRIPTION, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "markdown", "text"}))
                                 @QueryParam(FormatParameter.NAME) String format) {
        Duration wait = RolloutTimeout.parse(timeout, config);
        RolloutSnapshot first = service.rollout(namespace, kind, name, clock.instant());
        return gate.await(namespace, kind, name, first, wait).map(RolloutResource::answer);
    }

    private static Response answer(RolloutGate.Outcome outcome) {
        int status = switch (outcome.state()) {
            case COMPLETE -> 200;
            case FAILED -> 422;
            case PROGRESSING -> 504;
        };
        return Response.status(status)
                .entity(new RolloutAnswer(outcome.snapshot().report(), outcome.state().id(), outcome.detail())).build();
    }
}
