package dev.podtriage.api;

import dev.podtriage.security.ApiAccess;
import dev.podtriage.security.AuditLog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.config.TriageConfig;
import dev.podtriage.http.Problem;
import io.quarkus.vertx.http.ManagementInterface;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * With {@code triage.auth.protect-management=true}, {@code /q/openapi} on the API port and
 * {@code /q/metrics} and {@code /q/info} on the management port need the API token too;
 * {@code /q/health} stays open on the management port for the kubelet's probes. These are Vert.x
 * routes, not resources, so the path is judged in a canonical form that is a superset of anything
 * the router could match (matrix parameters dropped, slashes collapsed, any case): a spelling
 * either reaches no handler or is checked. Swagger UI's static files stay open, so a browser can
 * load the page and then send the token.
 */
@ApplicationScoped
public class ManagementGuard {
    /** On the API port. */
    static final List<String> PROTECTED = List.of("/q/openapi");
    /** On the management port. */
    static final List<String> PROTECTED_MANAGEMENT = List.of("/q/metrics", "/q/info");

    private final boolean enabled;
    private final ApiAccess access;
    private final AuditLog audit;
    private final ObjectMapper mapper;

    ManagementGuard(TriageConfig config, ApiAccess access, AuditLog audit, ObjectMapper mapper) {
        this.enabled = config.auth().protectManagement();
        this.access = access;
        this.audit = audit;
        this.mapper = mapper;
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(rc -> filter(rc, PROTECTED), 200);
        }
    }

    void register(@Observes ManagementInterface management) {
        if (enabled) {
            management.router().route().order(Integer.MIN_VALUE).handler(rc -> filter(rc, PROTECTED_MANAGEMENT));
        }
    }

    private void filter(RoutingContext rc, List<String> paths) {
        Optional<String> endpoint = protectedEndpoint(rc.normalizedPath(), paths);
        if (endpoint.isEmpty()) {
            rc.next();
            return;
        }
        SocketAddress peer = rc.request().connection().remoteAddress();
        ApiAccess.Verdict verdict = access.check(rc.request().getHeader("Authorization"), peer == null ? null : peer.hostAddress());
        if (verdict.granted()) {
            rc.next();
            return;
        }
        Problem denial = verdict.denial();
        audit.request(verdict.who(), rc.request().method().name(), endpoint.get(), denial.status());
        rc.response().setStatusCode(denial.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (denial.status() == 401) {
            rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"pod-triage\"");
        }
        rc.response().end(denial.toJson(mapper));
    }

    /** The protected endpoint among {@code paths} a path could reach, judged on its canonical form. */
    static Optional<String> protectedEndpoint(String path, List<String> paths) {
        String canonical = canonical(path);
        return paths.stream().filter(canonical::startsWith).findFirst();
    }

    static String canonical(String path) {
        if (path == null) {
            return "/";
        }
        return path.toLowerCase(Locale.ROOT).replaceAll(";[^/]*", "").replaceAll("/{2,}", "/");
    }
}
