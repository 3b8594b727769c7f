package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import dev.podtriage.cluster.LabelSelector;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.Severity;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters every report takes (api.md), parsed and validated in one place. */
public class ReportQuery {

    @Parameter(description = "Kubernetes label selector, e.g. `app=web,tier in (frontend,api)`", example = "app=web")
    @QueryParam("labelSelector")
    String labelSelector;

    @Parameter(description = "List only pods with a finding of at least this severity",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"critical", "warning", "info"}))
    @QueryParam("severity")
    String severity;

    @Parameter(description = "Include healthy pods too")
    @QueryParam("all")
    @DefaultValue("false")
    boolean all;

    @Parameter(description = "Fetch the previous log tail of crashed containers (one API call each)")
    @QueryParam("logs")
    @DefaultValue("false")
    boolean logs;

    @Parameter(description = LiveDiagnosisResource.AT, example = "2026-11-27T10:00:00Z")
    @QueryParam("at")
    String at;

    @Parameter(description = FormatParameter.DESCRIPTION, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "markdown", "text"}))
    @QueryParam(FormatParameter.NAME)
    String format;

    Instant at(Clock clock) {
        return EvaluationInstant.parse(at, clock);
    }

    boolean logs() {
        return logs;
    }

    LabelSelector selector() {
        try {
            return LabelSelector.parse(labelSelector);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid labelSelector: " + e.getMessage());
        }
    }

    ReportFilter filter() {
        if (severity == null || severity.isBlank()) {
            return ReportFilter.of(Severity.INFO, all);
        }
        try {
            return ReportFilter.of(Severity.parse(severity), all);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid severity: " + e.getMessage());
        }
    }
}
