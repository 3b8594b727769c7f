package dev.podtriage.api;

import dev.podtriage.http.Problem;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.config.TriageConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body over the configured size with a 413 problem+json: before it is read when it
 * declares its Content-Length, while it is read when it is chunked.
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
            HttpServerRequest request = rc.request();
            String length = request.getHeader("Content-Length");
            if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
                rc.next();
            } else if (length != null && tooLong(length)) {
                tooLarge(rc, "The body has " + length + " bytes");
            } else if (length == null && !request.isEnded()) {
                readCapped(rc);
            } else {
                rc.next();
            }
        }, 100);
    }

    /**
     * A body without Content-Length (chunked) is read here, up to the limit, and handed on as the
     * routing context's body; past the limit the answer is a 413 problem rather than the bare 413
     * (and the IOException in the resource) the framework's own limit would give.
     */
    private void readCapped(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (rc.response().ended()) {
                return;
            }
            if ((long) body.length() + chunk.length() > max) {
                request.handler(null);
                tooLarge(rc, "The body has more than " + max + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (!rc.response().ended()) {
                rc.fail(400, e);
            }
        });
        request.endHandler(v -> {
            if (!rc.response().ended()) {
                rc.setBody(body);
                rc.next();
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            rc.response().writeContinue();
        }
        request.resume();
    }

    private void tooLarge(RoutingContext rc, String what) {
        String detail = what + "; at most " + max
                + " are accepted (triage.api.max-body-size). Send fewer objects, e.g. one namespace at a time.";
        rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(new Problem("urn:pod-triage:problem:body-too-large", "Content Too Large", 413, detail).toJson(mapper));
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
