package dev.podtriage.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.config.TriageConfig;
import dev.podtriage.http.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * Bounds the heavy requests served at once ({@code triage.api.max-concurrent-reports} per group:
 * offline diagnoses, and namespace or cluster reports); past it the answer is at once a 503 problem
 * with {@code Retry-After}, before the body is read, so load never runs the heap out. Single-pod
 * and workload diagnoses are cheap and not counted. A permit is returned when the response ends or
 * the connection closes; a watch stream ({@code watch=true}) never ends by itself, so it is not counted.
 */
@ApplicationScoped
public class HeavyRequests {
    static final String RETRY_AFTER_SECONDS = "2";
    private static final Pattern NAMESPACE_REPORT = Pattern.compile("/api/v1/namespaces/[^/]+/diagnoses/?");

    private final int max;
    private final Semaphore offline;
    private final Semaphore reports;
    private final ObjectMapper mapper;

    HeavyRequests(TriageConfig config, ObjectMapper mapper) {
        this.max = Math.max(1, config.api().maxConcurrentReports());
        this.offline = new Semaphore(max);
        this.reports = new Semaphore(max);
        this.mapper = mapper;
    }

    void register(@Observes Filters filters) {
        // after bearer authentication (200), before the body is read (100)
        filters.register(this::filter, 150);
    }

    private void filter(RoutingContext rc) {
        String watch = rc.request().getParam(WatchParameter.NAME);
        Semaphore group = watch != null && watch.trim().equalsIgnoreCase("true") ? null : group(rc.request().method(), rc.normalizedPath());
        if (group == null) {
            rc.next();
        } else if (group.tryAcquire()) {
            rc.addEndHandler(done -> group.release());
            rc.next();
        } else {
            String detail = "pod-triage is already serving " + max + " requests like this one (triage.api.max-concurrent-reports); "
                    + "try again in " + RETRY_AFTER_SECONDS + " s. Single-pod diagnoses are served meanwhile.";
            rc.response().setStatusCode(503).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Retry-After", RETRY_AFTER_SECONDS)
                    .end(new Problem("urn:pod-triage:problem:overloaded", "Service Unavailable", 503, detail).toJson(mapper));
        }
    }

    /** Which bound a request counts against; null when it is cheap. */
    private Semaphore group(HttpMethod method, String path) {
        if (method == HttpMethod.POST && ("/api/v1/diagnose".equals(path) || "/api/v1/diagnose/".equals(path))) {
            return offline;
        }
        if (method == HttpMethod.GET && ("/api/v1/diagnoses".equals(path) || "/api/v1/diagnoses/".equals(path)
                || NAMESPACE_REPORT.matcher(path).matches())) {
            return reports;
        }
        return null;
    }
}
