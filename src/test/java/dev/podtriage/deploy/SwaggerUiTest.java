package dev.podtriage.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.cluster.ClusterCache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Swagger UI at /q/swagger-ui in a real headless Chromium (driven by src/test/node/swagger-check.mjs),
 * on the sandbox cluster with an API token configured, as a newcomer meets it: the document loads
 * without errors, the tags come in their order, the Authorize dialog names the setting whole, and "Try
 * it out" starts with the optional parameters empty and path examples that are real sandbox objects,
 * which "Execute" answers with 200 through the token.
 */
@QuarkusTest
@TestProfile(SwaggerUiTest.SandboxWithToken.class)
class SwaggerUiTest {
    private static final String TOKEN = "swagger-ui-check-token-0123456789";
    private static final List<String> TRIED = List.of("/api/v1/namespaces/{namespace}/diagnoses",
            "/api/v1/namespaces/{namespace}/pods/{pod}/diagnosis", "/api/v1/namespaces/{namespace}/workloads/{kind}/{name}/diagnosis");

    public static class SandboxWithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.sandbox.enabled", "true", "triage.cluster.name", "",
                    "triage.cluster.request-timeout", "2s", "triage.auth.tokens.swagger", TOKEN);
        }
    }

    @Inject
    ClusterCache cache;

    @TestHTTPResource("/q/swagger-ui/")
    URL page;

    @Test
    void aNewcomerCanTryTheApiFromSwaggerUi() throws Exception {
        HeadlessChromium.assumeAvailable("Swagger UI browser test");
        await().atMost(Duration.ofSeconds(20)).until(() -> cache.live());
        KubernetesSchemas.install();
        JsonNode document = new ObjectMapper().readTree(given().header("Authorization", "Bearer " + TOKEN)
                .queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());

        List<String> command = new ArrayList<>(List.of("node", "swagger-check.mjs", page.toString(), TOKEN));
        command.addAll(TRIED);
        KubernetesSchemas.Result r = KubernetesSchemas.run(null, command.toArray(String[]::new));
        assertEquals(0, r.exit(), r::output);
        JsonNode seen = new ObjectMapper().readTree(r.output().lines().reduce((a, b) -> b).orElseThrow());

        assertEquals(0, seen.path("errors").size(), () -> "errors on the page: " + seen.path("errors"));
        assertEquals(0, seen.path("failed").size(), () -> "failed requests: " + seen.path("failed"));
        assertEquals(0, seen.path("loadErrors").size(), () -> "Swagger UI could not read the document: " + seen.path("loadErrors"));
        assertEquals(List.of("Diagnose the cluster", "Diagnose offline", "Incidents", "History", "Rules", "ChatOps"), texts(seen.path("tags")));
        String dialog = seen.path("authorize").path("text").asText();
        assertTrue(dialog.contains("triage.auth.tokens.<name>"), () -> "the Authorize dialog reads: " + dialog);

        for (String path : TRIED) {
            JsonNode tried = seen.path("operations").path(path);
            document.path("paths").path(path).path("get").path("parameters").forEach(p -> {
                String value = tried.path("params").path(p.path("name").asText()).asText();
                if (p.path("required").asBoolean()) {
                    assertEquals(p.path("example").asText(), value, () -> p.get("name") + " of " + path + " starts with its example");
                } else {
                    assertEquals("", value, () -> p.get("name") + " of " + path + " is optional but starts filled: " + tried);
                }
            });
            assertEquals("200", tried.path("status").asText(), () -> "Execute on " + path + ": " + tried);
            assertTrue(tried.path("curl").asText().contains("Authorization: Bearer " + TOKEN), () -> "the token was not sent: " + tried);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
