package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import dev.podtriage.cluster.LabelSelector;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.ReportPage;
import dev.podtriage.diagnosis.Severity;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters every report takes (api.md), parsed and validated in one place. */
public class ReportQuery {

    @Parameter(description = "Kubernetes label selector, e.g. `app=web,tier in (frontend,api)`")
    @QueryParam("labelSelector")
    String labelSelector;

    @Parameter(description = "List only pods with a finding of at least this severity (default `warning`: pods whose only "
            + "findings are lint are not listed)",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"critical", "warning", "info"}))
    @QueryParam("severity")
    String severity;

    @Parameter(description = "`true`: list every pod, healthy ones too", schema = @Schema(type = SchemaType.BOOLEAN))
    @QueryParam("all")
    String all;

    @Parameter(description = "`true`: fetch the previous log tail of crashed containers (one API call each)",
            schema = @Schema(type = SchemaType.BOOLEAN))
    @QueryParam("logs")
    String logs;

    @Parameter(description = "List at most this many pods (a positive integer); the Report's `continue` then names the next page",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
    @QueryParam("limit")
    String limit;

    @Parameter(description = "The `continue` token of the previous page", schema = @Schema(type = SchemaType.STRING))
    @QueryParam("continue")
    String next;

    @Parameter(description = LiveDiagnosisResource.AT)
    @QueryParam("at")
    String at;

    @Parameter(description = FormatParameter.DESCRIPTION, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "markdown", "text"}))
    @QueryParam(FormatParameter.NAME)
    String format;

    @Parameter(description = "`true`: answer `text/event-stream`: the current diagnoses, then an event per change (see the README, Watch)",
            schema = @Schema(type = SchemaType.BOOLEAN))
    @QueryParam(WatchParameter.NAME)
    String watch;

    /** A stream is of the present, of every pod the filter lists, and changes carry no labels: these parameters cannot apply. */
    void refuseWithWatch() {
        String[][] given = {{"labelSelector", labelSelector}, {"limit", limit}, {"continue", next}, {"at", at}, {"logs", logs}};
        for (String[] p : given) {
            if (p[1] != null && !p[1].isBlank()) {
                throw ProblemException.badRequest("`" + p[0] + "` does not apply with watch=true: a stream lists every pod the "
                        + "severity and `all` filter select, as of now, without logs.");
            }
        }
    }

    /** The instant asked for; null when absent: now, which the service may answer from the memo. */
    Instant at() {
        return EvaluationInstant.parse("at", at);
    }

    boolean logs() {
        return flag("logs", logs);
    }

    /** The asked page of a report: every pod, or {@code limit} of them after {@code continue}. */
    ReportPage page() {
        int max = 0;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1) {
                throw ProblemException.badRequest("Invalid limit '" + limit + "': expected a positive integer.");
            }
        }
        return ReportPage.of(max, next).orElseThrow(() -> ProblemException.badRequest("Invalid continue token '" + next
                + "': pass the `continue` value of the previous page unchanged."));
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest("Invalid " + name + " '" + value + "': expected true or false.");
        };
    }

    LabelSelector selector() {
        try {
            return LabelSelector.parse(labelSelector);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid labelSelector: " + e.getMessage());
        }
    }

    ReportFilter filter() {
        boolean everyPod = flag("all", all);
        if (severity == null || severity.isBlank()) {
            return ReportFilter.of(Severity.WARNING, everyPod);
        }
        try {
            return ReportFilter.of(Severity.parse(severity), everyPod);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid severity: " + e.getMessage());
        }
    }
}
