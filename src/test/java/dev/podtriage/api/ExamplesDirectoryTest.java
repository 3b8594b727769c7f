package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample inputs the README shows with `curl --data-binary @examples/…` diagnose as it says. */
@QuarkusTest
class ExamplesDirectoryTest {

    @ParameterizedTest
    @CsvSource({"crash-loop.json, container-crash-loop", "image-pull-failure.json, image-not-found"})
    void eachExampleNamesItsRule(String file, String rule) throws Exception {
        given().contentType("application/json").body(Files.readAllBytes(Path.of("examples", file)))
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body("diagnoses[0].findings[0].rule", equalTo(rule));
    }
}
