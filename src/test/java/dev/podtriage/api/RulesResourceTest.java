package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RulesResourceTest {

    @Test
    void listsTheCatalog() {
        given().when().get("/api/v1/rules")
                .then().statusCode(200)
                .body("id", hasItems("image-not-found", "image-pull-unauthorized", "image-pull-failed"))
                .body("find { it.id == 'image-not-found' }.severity", equalTo("critical"))
                .body("find { it.id == 'image-not-found' }.title", not(emptyString()))
                .body("find { it.id == 'image-not-found' }.detection", containsString("manifest unknown"));
    }

    @Test
    void servesOneRule() {
        given().when().get("/api/v1/rules/image-pull-rate-limited")
                .then().statusCode(200)
                .body("id", equalTo("image-pull-rate-limited"))
                .body("fixes.size()", equalTo(1));
    }

    @Test
    void unknownRuleIs404Problem() {
        given().when().get("/api/v1/rules/no-such-rule")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("no-such-rule"));
    }
}
