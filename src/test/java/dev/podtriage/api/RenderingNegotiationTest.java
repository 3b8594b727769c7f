package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.podtriage.diagnosis.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** POST /api/v1/diagnose answers Markdown and plain text too, per Accept or format=. */
@QuarkusTest
class RenderingNegotiationTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String IMAGE = "image/not-found-containerd.json";

    @Test
    void markdownPerAcceptHeader() {
        given().contentType("application/json").accept("text/markdown").body(Fixtures.read(IMAGE))
                .queryParam("at", "2026-11-27T10:00:00Z")
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .contentType(startsWith("text/markdown"))
                .header("Content-Type", containsString("charset=UTF-8"))
                .body(startsWith("## 🔴 Critical: 1 of 1 pod unhealthy"))
                .body(containsString("### 🔴 `shop/web-7d9c8b5f4d-x2v9k` · `image-not-found` · container `main-app`"))
                .body(containsString("Image `nginx:1.99` does not exist in its registry"))
                .body(containsString("`ImagePullBackOff` · ready 0/1 · 0 restarts"));
    }

    @Test
    void plainTextPerFormatParameter() {
        given().contentType("application/json").body(Fixtures.read(IMAGE))
                .queryParam("at", "2026-11-27T10:00:00Z").queryParam("format", "text")
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(containsString("[critical] shop/web-7d9c8b5f4d-x2v9k · image-not-found · container main-app"))
                .body(containsString("Image nginx:1.99 does not exist in its registry"))
                .body(not(containsString("`")));
    }

    @Test
    void plainTextPerAcceptHeader() {
        given().contentType("application/json").accept("text/plain").body(Fixtures.read(IMAGE))
                .when().post("/api/v1/diagnose")
                .then().statusCode(200).contentType(startsWith("text/plain"))
                .body(containsString("image-not-found"));
    }

    @Test
    void formatWinsOverAccept() {
        given().contentType("application/json").accept("text/markdown").body(Fixtures.read(IMAGE))
                .queryParam("format", "json")
                .when().post("/api/v1/diagnose")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("diagnoses[0].findings[0].rule", equalTo("image-not-found"));
        given().contentType("application/json").accept("application/json").body(Fixtures.read(IMAGE))
                .queryParam("format", "markdown")
                .when().post("/api/v1/diagnose")
                .then().statusCode(200).contentType(startsWith("text/markdown"))
                .body(containsString("`image-not-found`"));
    }

    @Test
    void jsonStaysTheDefault() {
        given().contentType("application/json").body(Fixtures.read(IMAGE))
                .when().post("/api/v1/diagnose")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("cluster", equalTo("offline"));
    }

    @Test
    void unknownFormatIs400Problem() {
        given().contentType("application/json").body(Fixtures.read(IMAGE))
                .queryParam("format", "bogus")
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("detail", containsString("'bogus'"))
                .body("detail", containsString("markdown, text or json"));
    }

    @Test
    void errorsStayProblemJsonWhateverTheAcceptHeader() {
        given().contentType("application/json").accept("text/markdown").body("{\"kind\": \"Pod\", \"metadata\": {\"name\": }}")
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("line 1"));
        given().contentType("application/json").body(Fixtures.read(IMAGE))
                .queryParam("format", "text").queryParam("at", "yesterday")
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("ISO-8601"));
    }

    @Test
    void unsupportedAcceptIs406Problem() {
        given().contentType("application/json").accept("text/html").body(Fixtures.read(IMAGE))
                .when().post("/api/v1/diagnose")
                .then().statusCode(406).contentType(PROBLEM);
    }

    @Test
    void otherEndpointsIgnoreTheFormatParameter() {
        given().queryParam("format", "bogus").when().get("/api/v1/rules/image-not-found")
                .then().statusCode(200).body("id", equalTo("image-not-found"));
    }
}
