package dev.podtriage.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.config.TriageConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body over the configured size with a 413 problem+json before it is read, from its
 * Content-Length. (A chunked body without length is capped by quarkus.http.limits.max-body-size.)
 */
@ApplicationScoped
public class BodySizeLimit {
    private final long max;
    private final ObjectMapper mapper;

    BodySizeLimit(TriageConfig config, ObjectMapper mapper) {
        this.max = config.api().maxBodySize().asLongValue();
        this.mapper = mapper;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String length = rc.request().getHeader("Content-Length");
            if (rc.request().method() != HttpMethod.GET && length != null && tooLong(length)) {
                String detail = "The body has " + length + " bytes; at most " + max
                        + " are accepted (triage.api.max-body-size). Send fewer objects, e.g. one namespace at a time.";
                rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(new Problem("urn:pod-triage:problem:body-too-large", "Content Too Large", 413, detail).toJson(mapper));
                return;
            }
            rc.next();
        }, 100);
    }

    long max() {
        return max;
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
