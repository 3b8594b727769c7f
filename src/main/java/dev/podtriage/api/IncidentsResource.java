package dev.podtriage.api;

import dev.podtriage.cluster.LiveDiagnosisService;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.http.Problem;
import dev.podtriage.http.ProblemException;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentFilter;
import dev.podtriage.incidents.IncidentList;
import dev.podtriage.incidents.IncidentService;
import dev.podtriage.store.HistoryQueries;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Incidents: findings of many pods and workloads that share one cause (api.md, "Incidents"). */
@Path("/api/v1/incidents")
@Produces({MediaType.APPLICATION_JSON, Renderings.MARKDOWN, MediaType.TEXT_PLAIN})
@Tag(name = "Incidents", description = "Findings that share one cause (a registry, a node, a quota, a workload) as one incident")
public class IncidentsResource {
    private final IncidentService incidents;
    private final DiagnosisEngine engine;
    private final LiveDiagnosisService live;
    private final HistoryQueries history;

    IncidentsResource(IncidentService incidents, DiagnosisEngine engine, LiveDiagnosisService live, HistoryQueries history) {
        this.incidents = incidents;
        this.engine = engine;
        this.live = live;
        this.history = history;
    }

    @GET
    @Operation(operationId = "incidents", summary = "List incidents",
            description = "Incidents across the namespaces pod-triage reports on, open ones first (worst severity, then widest blast radius), "
                    + "each with only the members in those namespaces. Kept current from the diagnosis memo's changes (a request first lets "
                    + "the memo take in what the caches delivered); without the memo, evaluated from the informer caches every "
                    + "`triage.incidents.interval`, and on request when the last evaluation is older than `triage.incidents.max-age`.")
    @APIResponse(responseCode = "200", description = "A page of incidents",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentList.class)),
                    @Content(mediaType = Renderings.MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "A bad parameter (`state`, `rule`, `severity`, `since`, `until`, `limit`, `continue`, `format`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public IncidentList list(@BeanParam IncidentQuery query) {
        int limit = query.limit();
        int offset = query.offset();
        IncidentFilter filter = query.filter(engine.catalog());
        List<Incident> all = history.withPast(incidents.list(filter), filter);
        List<Incident> page = offset >= all.size() ? List.of() : all.subList(offset, Math.min(all.size(), offset + limit));
        String next = offset + page.size() < all.size() ? Integer.toString(offset + page.size()) : null;
        return new IncidentList(live.clusterName(), query.state().name().toLowerCase(Locale.ROOT), all.size(), page, next);
    }

    @GET
    @Path("{id: .+}")
    @Operation(operationId = "incident", summary = "One incident with all its members",
            description = "The open incident of this id, else the latest resolved one still kept (`triage.incidents.keep-resolved`, `triage.incidents.retention`).")
    @APIResponse(responseCode = "200", description = "The incident",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Incident.class)),
                    @Content(mediaType = Renderings.MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "No incident of this id (or none with a member in a namespace pod-triage reports on)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Incident get(@Parameter(description = "The incident's id; it contains slashes", example = "image-pull-rate-limited/registry/docker.io")
                        @PathParam("id") String id,
                        @Parameter(description = FormatParameter.DESCRIPTION, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "markdown", "text"}))
                        @QueryParam(FormatParameter.NAME) String format) {
        return incidents.get(id).orElseThrow(() -> ProblemException.notFound("No incident `" + id
                + "`: GET /api/v1/incidents?state=all lists the open ones and the resolved ones still kept."));
    }
}
