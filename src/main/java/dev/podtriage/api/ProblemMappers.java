package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import dev.podtriage.http.Problem;
import dev.podtriage.cluster.ClusterException;
import dev.podtriage.diagnosis.input.ManifestException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into application/problem+json: never a stack trace, never an HTML page. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response problem(int status, String slug, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return response(new Problem("urn:pod-triage:problem:" + slug, title, status, detail));
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return problem(e.status(), e.slug(), e.getMessage());
    }

    /** The cluster layer's verdicts, as HTTP decides them here and only here. */
    @ServerExceptionMapper
    public Response cluster(ClusterException e) {
        return problem(status(e.reason()), e.code(), e.getMessage());
    }

    static int status(ClusterException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case UNAVAILABLE -> 503;
            case INVALID -> 400;
            case REFUSED -> 502;
        };
    }

    @ServerExceptionMapper
    public Response badManifest(ManifestException e) {
        return problem(400, "bad-manifest", e.getMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "No such resource. The API lives under /api/v1; see /q/openapi or /q/swagger-ui.";
            case 405 -> "This method is not allowed on this path.";
            case 406 -> "The requested media type (Accept) cannot be produced here: ask for " + Renderings.PRODUCED
                    + ".";
            case 415 -> "Unsupported Content-Type: send application/json or application/yaml.";
            default -> e.getMessage();
        };
        return problem(status, status >= 500 ? "server-error" : "http-" + status, detail);
    }

    @ServerExceptionMapper
    public Response circuitOpen(CircuitBreakerOpenException e) {
        return problem(503, "cluster-unavailable", "The Kubernetes API server failed repeatedly; pod-triage stops calling it "
                + "for a few seconds and answers at once. Try again shortly.");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return problem(500, "internal-error", "The request failed unexpectedly; the server log has the details.");
    }
}
