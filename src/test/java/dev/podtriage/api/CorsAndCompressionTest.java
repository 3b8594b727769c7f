package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.podtriage.diagnosis.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A browser dashboard on a listed origin may call the API; large reports come gzipped. */
@QuarkusTest
@TestProfile(CorsAndCompressionTest.DashboardOrigin.class)
class CorsAndCompressionTest {
    private static final String ORIGIN = "https://dash.example.com";

    public static class DashboardOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", ORIGIN);
        }
    }

    @Test
    void aListedOriginIsAllowedAnotherIsNot() {
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/rules")
                .then().header("Access-Control-Allow-Origin", equalTo(ORIGIN));
        given().header("Origin", "https://evil.example.org").when().get("/api/v1/rules")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void reportsAreGzippedWhenAsked() {
        given().config(RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "gzip").contentType("application/json")
                .body(Fixtures.read("image/not-found-containerd.json"))
                .when().post("/api/v1/diagnose")
                .then().statusCode(200).header("Content-Encoding", equalTo("gzip"));
    }
}
