package dev.podtriage.api;

import dev.podtriage.security.ApiAccess;
import dev.podtriage.security.AuditLog;
import dev.podtriage.security.OwnVerification;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.AnnotatedElement;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Authentication where routing has decided: this filter runs after a request was matched to a
 * resource method, so however the path was spelt (matrix parameters, dot segments, %-escapes),
 * the request is checked exactly when it reaches a resource. Every resource needs the API token
 * unless its class is {@link OwnVerification}; every request that reaches a resource is audited
 * under its route template.
 */
public class ApiAuthFilter {
    private static final String WHO = ApiAuthFilter.class.getName() + ".who";

    private final ApiAccess access;
    private final AuditLog audit;

    ApiAuthFilter(ApiAccess access, AuditLog audit) {
        this.access = access;
        this.audit = audit;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        Class<?> type = resource.getResourceClass();
        if (type != null && type.isAnnotationPresent(OwnVerification.class)) {
            return null;
        }
        SocketAddress peer = http.connection().remoteAddress();
        ApiAccess.Verdict verdict = access.check(request.getHeaderString(HttpHeaders.AUTHORIZATION), peer == null ? null : peer.hostAddress());
        request.setProperty(WHO, verdict.who());
        if (verdict.granted()) {
            return null;
        }
        Response.ResponseBuilder denial = Response.fromResponse(ProblemMappers.response(verdict.denial()));
        if (verdict.denial().status() == 401) {
            denial.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pod-triage\"");
        }
        return denial.build();
    }

    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        if (resource.getResourceMethod() == null) {
            return; // routing found no resource: nothing was reached
        }
        Object who = request.getProperty(WHO);
        audit.request(who == null ? "-" : who.toString(), request.getMethod(), route(resource), response.getStatus());
    }

    /** The route template, e.g. {@code /api/v1/rules/{id}}: what metrics are tagged with, never the raw path. */
    static String route(ResourceInfo resource) {
        return "/" + (segment(resource.getResourceClass()) + "/" + segment(resource.getResourceMethod()))
                .replaceAll("/+", "/").replaceAll("^/|/$", "");
    }

    private static String segment(AnnotatedElement element) {
        Path path = element == null ? null : element.getAnnotation(Path.class);
        return path == null ? "" : path.value();
    }
}
