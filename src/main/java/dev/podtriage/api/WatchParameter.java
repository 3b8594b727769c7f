package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code watch=true} on {@code GET /api/v1/diagnoses} and {@code GET /api/v1/namespaces/{ns}/diagnoses}:
 * routes the request to the streaming resource ({@link WatchResource}) before it is matched, and
 * asks for {@code text/event-stream}. Another value than true or false is a 400 problem.
 */
public class WatchParameter {
    static final String NAME = "watch";
    private static final Pattern REPORT = Pattern.compile("/?api/v1/(namespaces/[^/]+/)?diagnoses/?");

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 100)
    public void watch(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path == null || !REPORT.matcher(path).matches()) {
            return;
        }
        List<String> values = request.getUriInfo().getQueryParameters().get(NAME);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
            return;
        }
        switch (values.get(0).trim().toLowerCase(Locale.ROOT)) {
            case "true" -> {
                String stream = "/api/v1/" + WatchResource.PATH + "/" + path.replaceFirst("^/?api/v1/", "");
                request.setRequestUri(request.getUriInfo().getRequestUriBuilder().replacePath(stream).build());
                request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS);
            }
            case "false" -> {
            }
            default -> throw ProblemException.badRequest("Invalid watch '" + values.get(0) + "': expected true or false.");
        }
    }
}
