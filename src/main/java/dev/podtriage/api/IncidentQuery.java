package dev.podtriage.api;

import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.http.ProblemException;
import dev.podtriage.incidents.IncidentFilter;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query of {@code GET /api/v1/incidents}, parsed and validated in one place: a bad value is a 400 problem. */
public class IncidentQuery {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Parameter(description = "`open` (default), `resolved` or `all`", schema = @Schema(type = SchemaType.STRING, enumeration = {"open", "resolved", "all"}))
    @QueryParam("state")
    String state;

    @Parameter(description = "Only incidents with a member in this namespace")
    @QueryParam("namespace")
    String namespace;

    @Parameter(description = "Only incidents of this rule (GET /api/v1/rules), e.g. `image-pull-rate-limited`")
    @QueryParam("rule")
    String rule;

    @Parameter(description = "Only incidents of at least this severity", schema = @Schema(type = SchemaType.STRING, enumeration = {"critical", "warning", "info"}))
    @QueryParam("severity")
    String severity;

    @Parameter(description = "Only incidents still open at or after this ISO-8601 instant")
    @QueryParam("since")
    String since;

    @Parameter(description = "Only incidents opened at or before this ISO-8601 instant")
    @QueryParam("until")
    String until;

    @Parameter(description = "At most this many incidents per page (1 to " + MAX_LIMIT + ", default " + DEFAULT_LIMIT + ")",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000"))
    @QueryParam("limit")
    String limit;

    @Parameter(description = "The `continue` token of the previous page")
    @QueryParam("continue")
    String next;

    @Parameter(description = FormatParameter.DESCRIPTION, schema = @Schema(type = SchemaType.STRING, enumeration = {"json", "markdown", "text"}))
    @QueryParam(FormatParameter.NAME)
    String format;

    IncidentFilter filter(RuleCatalog catalog) {
        Instant from = EvaluationInstant.parse("since", since);
        Instant to = EvaluationInstant.parse("until", until);
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.badRequest("`until` (" + to + ") is before `since` (" + from + ").");
        }
        if (present(rule) && catalog.rule(rule.strip()).isEmpty()) {
            throw ProblemException.badRequest("Unknown rule '" + clip(rule) + "': GET /api/v1/rules lists the rule IDs.");
        }
        return new IncidentFilter(state(), present(namespace) ? namespace.strip() : null, present(rule) ? rule.strip() : null,
                severity(), from, to);
    }

    IncidentFilter.State state() {
        if (!present(state)) {
            return IncidentFilter.State.OPEN;
        }
        return switch (state.strip().toLowerCase(Locale.ROOT)) {
            case "open" -> IncidentFilter.State.OPEN;
            case "resolved" -> IncidentFilter.State.RESOLVED;
            case "all" -> IncidentFilter.State.ALL;
            default -> throw ProblemException.badRequest("Invalid state '" + clip(state) + "': use open, resolved or all.");
        };
    }

    private Severity severity() {
        if (!present(severity)) {
            return null;
        }
        try {
            return Severity.parse(severity);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Invalid severity: " + e.getMessage());
        }
    }

    int limit() {
        return bounded("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    /** Where the page starts: the token is the position in the listing. */
    int offset() {
        return bounded("continue", next, 0, 0, Integer.MAX_VALUE);
    }

    static int bounded(String name, String value, int absent, int min, int max) {
        if (!present(value)) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("Invalid " + name + " '" + clip(value) + "': "
                + (name.equals("continue") ? "pass the token of the previous page as it was." : "a whole number from " + min + " to " + max + "."));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
