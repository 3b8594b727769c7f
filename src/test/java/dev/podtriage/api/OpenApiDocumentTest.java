package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed OpenAPI document must be what the service serves: a drift fails the build. */
@QuarkusTest
class OpenApiDocumentTest {
    private static final Path COMMITTED = Path.of("openapi", "openapi.json");

    @Test
    void committedDocumentMatchesTheServedOne() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String served = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        assertTrue(Files.exists(COMMITTED), "openapi/openapi.json is missing: run ./mvnw package -DskipTests and commit openapi/");
        JsonNode expected = mapper.readTree(Files.readString(COMMITTED));
        assertEquals(expected, mapper.readTree(served),
                "openapi/openapi.json is out of date: run ./mvnw package -DskipTests and commit openapi/");
    }

    @Test
    void theSecuritySchemeReadsWellAsHtml() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().queryParam("format", "json").when().get("/q/openapi").asString());
        String description = doc.path("components").path("securitySchemes").path("bearer").path("description").asText();
        assertTrue(description.contains("triage.auth.tokens.NAME"), description);
        assertTrue(description.indexOf('<') < 0 && description.indexOf('>') < 0,
                () -> "Swagger UI renders the description as HTML, where <name> disappears: " + description);
    }

    @Test
    void everyOperationIsDescribed() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().queryParam("format", "json").when().get("/q/openapi").asString());
        java.util.Set<String> ids = new java.util.HashSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode operation = op.getValue();
            assertTrue(operation.hasNonNull("operationId") && ids.add(operation.get("operationId").asText()),
                    () -> op.getKey() + " " + path.getKey() + " has no operationId, or one another operation has too");
            // Swagger UI pre-fills an example: an optional parameter must start empty
            operation.path("parameters").forEach(p -> assertTrue(p.path("required").asBoolean() || !p.has("example")
                    && !p.path("schema").has("example"), () -> p.get("name") + " of " + path.getKey() + " is optional but pre-filled"));
            assertTrue(operation.hasNonNull("summary"), () -> op.getKey() + " " + path.getKey() + " has no summary");
            assertTrue(operation.get("responses").size() > 0, () -> op.getKey() + " " + path.getKey() + " has no responses");
        }));
    }
}
