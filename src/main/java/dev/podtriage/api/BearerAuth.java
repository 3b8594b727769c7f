package dev.podtriage.api;

import dev.podtriage.security.TokenDigest;
import dev.podtriage.http.Problem;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.config.TriageConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Bearer tokens on {@code /api/**} ({@code triage.auth.tokens.<name>}), each request audited with
 * the token's name. Chat endpoints verify their platform's own signature or token instead. With no
 * token configured the API is open, and a warning says so at start-up.
 */
@ApplicationScoped
public class BearerAuth {
    private static final Logger LOG = Logger.getLogger(BearerAuth.class);
    private static final Logger AUDIT = Logger.getLogger("dev.podtriage.audit");
    private static final String CHATOPS = "/api/v1/chatops/";

    /** Token name by SHA-256 of the token: compared in constant time, the token itself is not kept. */
    private final Map<String, byte[]> digests = new LinkedHashMap<>();
    private final boolean protectManagement;
    private final ObjectMapper mapper;

    BearerAuth(TriageConfig config, ObjectMapper mapper) {
        config.auth().tokens().forEach((name, token) -> {
            if (token != null && !token.isBlank()) {
                digests.put(name, TokenDigest.of(token));
            }
        });
        this.protectManagement = config.auth().protectManagement();
        this.mapper = mapper;
    }

    void warnWhenOpen(@Observes StartupEvent ignored) {
        if (digests.isEmpty()) {
            LOG.warn("No triage.auth.tokens.<name> configured: the /api endpoints are open to anyone who can reach this port.");
        } else {
            LOG.infof("Bearer authentication on /api with %d token(s): %s", digests.size(), String.join(", ", digests.keySet()));
        }
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 200);
    }

    private void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean api = path.startsWith("/api/") && !path.startsWith(CHATOPS);
        boolean management = protectManagement && (path.startsWith("/q/metrics") || path.startsWith("/q/openapi")
                || path.startsWith("/q/swagger-ui"));
        if (!api && !management) {
            rc.next();
            return;
        }
        String name = digests.isEmpty() ? "anonymous" : tokenName(rc.request().getHeader("Authorization"));
        if (api) {
            long start = System.nanoTime();
            String who = name == null ? "-" : name;
            rc.addEndHandler(done -> AUDIT.infof("token=%s %s %s -> %d (%d ms)", who, rc.request().method(), path,
                    rc.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
        }
        if (name == null) {
            String body = new Problem("urn:pod-triage:problem:unauthorized", "Unauthorized", 401,
                    "Send a configured API token as `Authorization: Bearer <token>` (triage.auth.tokens.<name>).").toJson(mapper);
            rc.response().setStatusCode(401).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("WWW-Authenticate", "Bearer realm=\"pod-triage\"").end(body);
            return;
        }
        rc.next();
    }

    /** The name of the token presented, or null when none matches. Checks every token: no early exit. */
    private String tokenName(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String presented = header.substring(7);
        String match = null;
        for (Map.Entry<String, byte[]> e : digests.entrySet()) {
            if (TokenDigest.matches(e.getValue(), presented) && match == null) {
                match = e.getKey();
            }
        }
        return match;
    }
}
