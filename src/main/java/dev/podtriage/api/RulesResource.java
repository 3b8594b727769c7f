package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import dev.podtriage.http.Problem;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.RuleDefinition;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The rule catalog: stable IDs that dashboards filter on and bots link to. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rules", description = "The catalog of stable finding IDs")
public class RulesResource {
    private final DiagnosisEngine engine;

    RulesResource(DiagnosisEngine engine) {
        this.engine = engine;
    }

    @GET
    @Operation(summary = "List every rule", description = "Each rule with its title, severity (the operator's setting, else the default), whether it is enabled, overridden or custom, what it means, how it is detected and the general fixes.")
    @APIResponse(responseCode = "200", description = "The catalog, in the order of a pod's life",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = RuleDefinition.class)))
    public List<RuleDefinition> rules() {
        return engine.catalog().rules();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One rule by its ID", description = "The rule with this stable ID (as findings name it): title, default severity, what it means, how it is detected and the general fixes.")
    @APIResponse(responseCode = "200", description = "The rule",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RuleDefinition.class)))
    @APIResponse(responseCode = "404", description = "No rule has this ID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RuleDefinition rule(@Parameter(description = "A rule ID", example = "image-not-found") @PathParam("id") String id) {
        return engine.catalog().rule(id).orElseThrow(() -> ProblemException.notFound(
                "No rule `" + id + "`. GET /api/v1/rules lists the " + engine.catalog().rules().size() + " rule IDs."));
    }
}
