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
        assertTrue(description.contains("`triage.auth.tokens.<name>`"), description);
        // Markdown escapes < and > only inside code spans: elsewhere Swagger UI takes <name> for a tag and drops it
        String outsideCode = description.replaceAll("`[^`]*`", "");
        assertTrue(outsideCode.indexOf('<') < 0 && outsideCode.indexOf('>') < 0,
                () -> "Swagger UI renders the description as HTML, where a bare <name> disappears: " + description);
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
            // ... and a path parameter starts filled with a real object, from the parameter's own example (one in its schema is not used)
            operation.path("parameters").forEach(p -> assertTrue(!"path".equals(p.path("in").asText()) || p.hasNonNull("example"),
                    () -> p.get("name") + " of " + path.getKey() + " starts empty in Swagger UI: give the parameter an example"));
            assertTrue(operation.hasNonNull("summary"), () -> op.getKey() + " " + path.getKey() + " has no summary");
            assertTrue(operation.get("responses").size() > 0, () -> op.getKey() + " " + path.getKey() + " has no responses");
        }));
    }

    private static JsonNode served() throws Exception {
        return new ObjectMapper().readTree(given().queryParam("format", "json").when().get("/q/openapi").asString());
    }

    /** Every error answer shows one example, of its own status, and 401 is documented wherever the token is needed. */
    @Test
    void everyErrorStatusHasItsOwnTrueExample() throws Exception {
        JsonNode doc = served();
        java.util.Map<String, JsonNode> byStatus = new java.util.TreeMap<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode responses = op.getValue().get("responses");
            if (!path.getKey().contains("/chatops/")) {
                assertTrue(responses.has("401"), () -> op.getKey() + " " + path.getKey() + " needs the token: its 401 is documented");
            }
            responses.fields().forEachRemaining(r -> {
                JsonNode problem = r.getValue().path("content").path("application/problem+json");
                if (!problem.isMissingNode()) {
                    JsonNode examples = problem.path("examples");
                    assertEquals(1, examples.size(), () -> r.getKey() + " of " + path.getKey() + ": one example");
                    JsonNode value = examples.elements().next().path("value");
                    assertEquals(Integer.parseInt(r.getKey()), value.path("status").asInt(), () -> r.getKey() + " of " + path.getKey() + " shows " + value);
                    byStatus.put(r.getKey(), value);
                }
            });
        }));
        assertEquals(java.util.Set.of("400", "401", "403", "404", "406", "413", "415", "503"), byStatus.keySet());
        // what the service really answers: the same problem, word for word where the request can be the same
        assertEquals(byStatus.get("400"), json(given().queryParam("at", "yesterday").get("/api/v1/namespaces/shop/diagnoses")
                .then().statusCode(400).extract().asString()));
        assertEquals(byStatus.get("406"), json(given().accept("image/png").get("/api/v1/namespaces/shop/pods/storefront-58d6c9f7b4-x2v9k/diagnosis")
                .then().statusCode(406).extract().asString()));
        assertEquals(byStatus.get("415"), json(given().contentType("text/csv").body("a,b").post("/api/v1/diagnose")
                .then().statusCode(415).extract().asString()));
        JsonNode notFound = json(given().get("/api/v1/rules/no-such-rule").then().statusCode(404).extract().asString());
        assertEquals(byStatus.get("404").path("type"), notFound.path("type"));
        assertEquals(byStatus.get("404").path("title"), notFound.path("title"));
        JsonNode tooLarge = json(given().contentType("application/json").body(" ".repeat(300 * 1024)).post("/api/v1/diagnose")
                .then().statusCode(413).extract().asString());
        assertEquals(byStatus.get("413").path("type"), tooLarge.path("type"));
        assertEquals(byStatus.get("413").path("title"), tooLarge.path("title"));
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    /** Swagger UI shows real answers: no generated placeholders, no 2022 instant, the body of diagnose an object. */
    @Test
    void examplesAreRealAnswersAndTheBodyIsAnObject() throws Exception {
        JsonNode doc = served();
        String text = doc.toString();
        for (String placeholder : new String[] {"additionalProp1", "2022-03-10"}) {
            assertTrue(!text.contains(placeholder), placeholder + " in the document");
        }
        assertEquals("2026-11-27T10:00:00Z", doc.at("/components/schemas/Instant/examples/0").asText());
        for (String path : new String[] {"/api/v1/namespaces/{namespace}/pods/{pod}/diagnosis", "/api/v1/namespaces/{namespace}/diagnoses",
                "/api/v1/diagnoses", "/api/v1/namespaces/{namespace}/workloads/{kind}/{name}/diagnosis"}) {
            JsonNode example = doc.path("paths").path(path).path("get").path("responses").path("200").path("content")
                    .path("application/json").path("examples").path("sandbox").path("value");
            assertEquals("sandbox", example.path("cluster").asText(), path + ": an answer of the sandbox");
            assertTrue(example.path("healthy").isMissingNode() || !example.path("healthy").asBoolean()
                    || !"critical".equals(example.path("severity").asText()), path + ": healthy beside critical");
        }
        JsonNode diagnosis = doc.at("/paths/~1api~1v1~1namespaces~1{namespace}~1pods~1{pod}~1diagnosis/get/responses/200/content/application~1json/examples/sandbox/value");
        assertEquals("shop", diagnosis.at("/pod/namespace").asText());
        assertTrue(diagnosis.at("/pod/uid").asText().matches("[0-9a-f-]{36}"), diagnosis.toString());
        JsonNode body = doc.at("/paths/~1api~1v1~1diagnose/post/requestBody/content");
        for (String type : new String[] {"application/json", "application/yaml"}) {
            String ref = body.path(type).path("schema").path("$ref").asText();
            JsonNode schema = doc.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
            assertEquals("object", schema.path("type").asText(), type + " body is an object: " + body);
        }
        assertTrue(doc.path("servers").size() > 0, "servers");
        assertTrue(doc.at("/info/contact").size() > 0, "info.contact");
    }
}
