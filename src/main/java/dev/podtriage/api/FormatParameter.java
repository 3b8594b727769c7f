package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code format=markdown|text|json} on the diagnosing endpoints, for clients that cannot set
 * {@code Accept}: it replaces the Accept header before the request is matched, so it wins over
 * whatever Accept the client sent. Another value is a 400 problem.
 */
public class FormatParameter {
    static final String NAME = "format";
    static final String DESCRIPTION = "The answer's format for clients that cannot set `Accept`: `json` (default), "
            + "`markdown` (text/markdown) or `text` (text/plain). Wins over `Accept`.";

    @ServerRequestFilter(preMatching = true)
    public void format(ContainerRequestContext request) {
        if (!diagnosing(request.getUriInfo().getPath())) {
            return;
        }
        List<String> values = request.getUriInfo().getQueryParameters().get(NAME);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
            return;
        }
        String type = switch (values.get(0).trim().toLowerCase(Locale.ROOT)) {
            case "markdown" -> Renderings.MARKDOWN;
            case "text" -> MediaType.TEXT_PLAIN;
            case "json" -> MediaType.APPLICATION_JSON;
            default -> throw ProblemException.badRequest("Unknown format '" + values.get(0)
                    + "': use markdown, text or json (or leave it out and send an Accept header).");
        };
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, type);
    }

    /** POST /api/v1/diagnose, the GET …/diagnosis, …/diagnoses and …/rollout endpoints, and the incidents. */
    static boolean diagnosing(String path) {
        String p = path == null ? "" : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return (p.startsWith("/api/") || p.startsWith("api/"))
                && (p.endsWith("/diagnose") || p.endsWith("/diagnoses") || p.endsWith("/diagnosis") || p.endsWith("/rollout") || p.contains("/v1/incidents"));
    }
}
