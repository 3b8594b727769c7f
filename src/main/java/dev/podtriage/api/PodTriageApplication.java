package dev.podtriage.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Contact;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The API's OpenAPI header. The bearer scheme lets Swagger UI send a token ("Authorize") when
 * {@code triage.auth.tokens.*} are configured; with none configured the header is ignored. Its
 * description is Markdown rendered as HTML by Swagger UI: an angle bracket only inside a code span, where
 * Markdown escapes it (bare, {@code <name>} would be taken for a tag and vanish; SwaggerUiTest reads the dialog).
 */
@OpenAPIDefinition(
        info = @Info(title = "pod-triage API", version = "1.0",
                description = "Deterministic, evidence-backed root causes for failing Kubernetes pods: the root cause, "
                        + "the evidence it was read from, and concrete fixes, under stable rule IDs.",
                license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0"),
                contact = @Contact(name = "pod-triage maintainers")),
        // the order Swagger UI shows them in: the cluster, offline, incidents and history, the catalog, ChatOps last
        tags = {@Tag(name = "Diagnose the cluster"), @Tag(name = "Diagnose offline"), @Tag(name = "Incidents"), @Tag(name = "History"),
                @Tag(name = "Rules"), @Tag(name = "ChatOps")},
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API token, one of the values of `triage.auth.tokens.<name>`, sent as `Authorization: Bearer TOKEN`. "
                + "Needed when tokens are configured; with none, the API answers callers on loopback only (or everyone with `triage.auth.open=true`).")
public class PodTriageApplication extends Application {
}
