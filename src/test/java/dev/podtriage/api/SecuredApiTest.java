package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.podtriage.chatops.ChatOpsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** The API behind the tokens of {@link ChatOpsProfile} (shared with the chat tests: one boot for both). */
@QuarkusTest
@TestProfile(ChatOpsProfile.class)
class SecuredApiTest {
    private static final String PROBLEM = "application/problem+json";

    @Test
    void apiNeedsAToken() {
        given().when().get("/api/v1/rules")
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer wrong-token").when().get("/api/v1/rules")
                .then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", "Basic ZGFzaDpkYXNo").when().get("/api/v1/rules")
                .then().statusCode(401);
    }

    @Test
    void everyConfiguredTokenIsAccepted() {
        given().header("Authorization", "Bearer dash-7f3a9c1e").when().get("/api/v1/rules").then().statusCode(200);
        given().header("Authorization", "bearer bot-00d1e5b2").when().get("/api/v1/rules/image-not-found").then().statusCode(200);
    }

    @Test
    void healthStaysOpenAndManagementFollowsTheSetting() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(401);
        given().when().get("/q/openapi").then().statusCode(401);
        given().header("Authorization", "Bearer dash-7f3a9c1e").when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void deniedNamespacesAre403() {
        given().header("Authorization", "Bearer dash-7f3a9c1e").when().get("/api/v1/namespaces/kube-system/diagnoses")
                .then().statusCode(403).contentType(PROBLEM)
                .body("status", equalTo(403))
                .body("detail", containsString("kube-system"));
        given().header("Authorization", "Bearer dash-7f3a9c1e").when().get("/api/v1/namespaces/secret-team/pods/x/diagnosis")
                .then().statusCode(403);
    }
}
