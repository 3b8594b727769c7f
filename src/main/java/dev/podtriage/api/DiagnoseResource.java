package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import dev.podtriage.http.Problem;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.config.TriageConfig;
import dev.podtriage.diagnosis.input.WorkloadReports;
import dev.podtriage.diagnosis.input.WorkloadSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Offline diagnosis: the caller sends what kubectl printed instead of the service reading a cluster. */
@Path("/api/v1/diagnose")
@Tag(name = "Diagnose offline", description = "Diagnose pods you send, as `kubectl get pod,events -o json` prints them")
public class DiagnoseResource {
    static final String CLUSTER = "offline";

    private final DiagnosisEngine engine;
    private final ManifestReader reader;
    private final Clock clock;
    private final BodySizeLimit limit;
    private final int maxPods;

    DiagnoseResource(DiagnosisEngine engine, ManifestReader reader, Clock clock, BodySizeLimit limit, TriageConfig config) {
        this.engine = engine;
        this.reader = reader;
        this.clock = clock;
        this.limit = limit;
        this.maxPods = config.api().maxPods();
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
    @Produces({MediaType.APPLICATION_JSON, Renderings.MARKDOWN, MediaType.TEXT_PLAIN})
    @Operation(summary = "Diagnose pods sent in the body",
            description = "The body is a Pod, or a `kind: List` holding Pods, Events and optionally Nodes and workloads "
                    + "(ReplicaSet, Deployment, StatefulSet, DaemonSet, Job), exactly as `kubectl get pod,events -o json` "
                    + "prints it; YAML is accepted with `Content-Type: application/yaml`. Events are matched to pods by "
                    + "`involvedObject` (uid where both sides have one, else kind, namespace and name). Every pod sent is "
                    + "in the report, healthy or not; `cluster` is `offline`. Answers JSON, or Markdown or plain text "
                    + "for a person (`Accept: text/markdown`, `Accept: text/plain`, or `format=`).")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "ImagePullBackOff",
                    summary = "A pod whose image tag does not exist, with its events", value = Examples.IMAGE_PULL_LIST)),
            @Content(mediaType = "application/yaml", examples = @ExampleObject(name = "OOMKilled pod",
                    summary = "A pod killed at its memory limit", value = Examples.OOM_POD_YAML))})
    @APIResponse(responseCode = "200", description = "A report over every pod sent",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)),
                    @Content(mediaType = Renderings.MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "The body is not JSON/YAML, not a Pod or List, holds neither a Pod nor a workload, or more "
            + "pods than `triage.api.max-pods`; or `at` or `format` is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than `triage.api.max-body-size`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "`triage.api.max-concurrent-reports` offline diagnoses are already running; "
            + "try again after `Retry-After` seconds",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The Content-Type is neither JSON nor YAML",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Report diagnose(
            @Parameter(description = "Evaluate time-dependent rules as of this ISO-8601 instant instead of now (e.g. "
                    + "`2026-11-27T10:00:00Z`)") @QueryParam("at") String at,
            @Parameter(description = FormatParameter.DESCRIPTION, schema = @Schema(type = SchemaType.STRING,
                    enumeration = {"json", "markdown", "text"})) @QueryParam(FormatParameter.NAME) String format,
            @HeaderParam("Content-Type") String contentType,
            String body) {
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > limit.max()) {
            throw new ProblemException(413, "body-too-large", "The body is larger than " + limit.max()
                    + " bytes (triage.api.max-body-size). Send fewer objects, e.g. one namespace at a time.");
        }
        Instant instant = EvaluationInstant.parse(at, clock);
        boolean yaml = contentType != null && contentType.contains("yaml");
        // JSON is counted while streaming, before any object is built: a flood of pods costs no heap
        if (!yaml && PodCount.inJson(body, maxPods) > maxPods) {
            throw tooManyPods();
        }
        List<HasMetadata> objects = reader.read(body, yaml);
        if (objects.stream().filter(Pod.class::isInstance).count() > maxPods) {
            throw tooManyPods();
        }
        WorkloadSource index = SnapshotAssembler.index(objects);
        List<PodSnapshot> snapshots = SnapshotAssembler.assemble(index);
        if (snapshots.isEmpty() && index.workloads(null).isEmpty()) {
            throw ProblemException.badRequest("The body holds " + objects.size() + " object(s) but no Pod and no workload: send a Pod, or a List "
                    + "with Pods or workloads and their events (`kubectl get pod,events -o json`, `kubectl get deploy,rs,sts,ds,job,events -o json`).");
        }
        return engine.report(snapshots, instant, CLUSTER, ReportFilter.everything())
                .withWorkloads(new WorkloadReports(engine, index, CLUSTER).reports(null, instant));
    }

    private ProblemException tooManyPods() {
        return new ProblemException(400, "too-many-pods", "The body holds more than " + maxPods + " pods, the most diagnosed in one "
                + "request (triage.api.max-pods). Send fewer, e.g. one namespace at a time.");
    }
}
