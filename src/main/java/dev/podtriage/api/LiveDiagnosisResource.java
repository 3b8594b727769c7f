package dev.podtriage.api;

import dev.podtriage.http.Problem;
import dev.podtriage.cluster.LiveDiagnosisService;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportPage;
import jakarta.ws.rs.BeanParam;
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

/** Diagnoses of the live cluster: one pod, a namespace, every namespace, a workload. */
@Path("/api/v1")
@Produces({MediaType.APPLICATION_JSON, Renderings.MARKDOWN, MediaType.TEXT_PLAIN})
@Tag(name = "Diagnose the cluster", description = "Diagnoses read from the cluster pod-triage is connected to")
@APIResponse(responseCode = "400", description = "A bad parameter (`at`, `severity`, `labelSelector`, `format`, workload kind)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "pod-triage may not read this (RBAC, or a namespace it does not watch); `detail` names the missing permission",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The Kubernetes API server is unreachable or did not answer within `triage.cluster.request-timeout` "
        + "(one call) or `triage.cluster.request-deadline` (the whole request); or, for namespace and cluster reports, "
        + "`triage.api.max-concurrent-reports` are already running (with `Retry-After`)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class LiveDiagnosisResource {
    static final String AT = "Evaluate time-dependent rules (stuck init containers, stuck termination, ages) as of this ISO-8601 instant instead of now";


    private final LiveDiagnosisService service;

    LiveDiagnosisResource(LiveDiagnosisService service) {
        this.service = service;
    }

    @GET
    @Path("namespaces/{namespace}/pods/{pod}/diagnosis")
    @Operation(summary = "Diagnose one pod",
            description = "Reads the pod, its events, its node and owning workload, and the previous log tail of its crashed containers, and names the root cause.")
    @APIResponse(responseCode = "200", description = "The pod's diagnosis",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Diagnosis.class)),
                    @Content(mediaType = Renderings.MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "No such namespace or pod",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Diagnosis pod(@Parameter(description = "The namespace", example = "shop") @PathParam("namespace") String namespace,
                         @Parameter(description = "The pod's name", example = "storefront-58d6c9f7b4-x2v9k") @PathParam("pod") String pod,
                         @Parameter(description = AT) @QueryParam("at") String at,
                         @Parameter(description = FormatParameter.DESCRIPTION, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "markdown", "text"}))
                         @QueryParam(FormatParameter.NAME) String format) {
        return service.pod(namespace, pod, EvaluationInstant.parse("at", at));
    }

    @GET
    @Path("namespaces/{namespace}/diagnoses")
    @Operation(summary = "Report over the pods of one namespace",
            description = "Lists the pods with findings (all pods with `all=true`); the summary counts every pod.")
    @APIResponse(responseCode = "200", description = "The namespace's report (with `watch=true`: a stream of its diagnoses and their changes)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)),
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = Renderings.MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "No such namespace",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Report namespace(@Parameter(description = "The namespace", example = "shop") @PathParam("namespace") String namespace, @BeanParam ReportQuery query) {
        ReportPage page = query.page();
        return page.apply(service.namespace(namespace, query.at(), query.selector(), query.filter(), query.logs()));
    }

    @GET
    @Path("diagnoses")
    @Operation(summary = "Report over every namespace pod-triage may read",
            description = "Lists the pods with findings (all pods with `all=true`); the summary counts every pod.")
    @APIResponse(responseCode = "200", description = "The cluster's report (with `watch=true`: a stream of its diagnoses and their changes)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)),
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = Renderings.MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))})
    public Report cluster(@BeanParam ReportQuery query) {
        ReportPage page = query.page();
        return page.apply(service.cluster(query.at(), query.selector(), query.filter(), query.logs()));
    }

    @GET
    @Path("namespaces/{namespace}/workloads/{kind}/{name}/diagnosis")
    @Operation(summary = "Diagnose a workload",
            description = "A Deployment (through its ReplicaSets), StatefulSet, DaemonSet, ReplicaSet or Job: its own findings "
                    + "(quota-exceeded, admission-denied, a stuck rollout) even when it has no pod, and its pods' diagnoses.")
    @APIResponse(responseCode = "200", description = "The workload's report",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkloadReport.class)),
                    @Content(mediaType = Renderings.MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "No such namespace or workload",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public WorkloadReport workload(@Parameter(description = "The namespace", example = "payments") @PathParam("namespace") String namespace,
                                   @Parameter(description = "Deployment, StatefulSet, DaemonSet, ReplicaSet or Job (any case, plural or short name)",
                                           example = "Deployment") @PathParam("kind") String kind,
                                   @Parameter(description = "The workload's name", example = "api") @PathParam("name") String name,
                                   @Parameter(description = AT) @QueryParam("at") String at,
                         @Parameter(description = FormatParameter.DESCRIPTION, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "markdown", "text"}))
                         @QueryParam(FormatParameter.NAME) String format) {
        return service.workload(namespace, kind, name, EvaluationInstant.parse("at", at));
    }
}
