package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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

    /** The quota-blocked Deployment: its ReplicaSet could not create a pod, which the Deployment's own report says. */
    @Test
    void theQuotaBlockedDeploymentIsAnsweredUnderWorkloads() throws Exception {
        given().contentType("application/json").body(Files.readAllBytes(Path.of("examples", "quota-blocked-deployment.json")))
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body("cluster", equalTo("offline"))
                .body("workloads", hasSize(1))
                .body("counts.pods", equalTo(0))
                .body("workloads[0].workload.kind", equalTo("Deployment"))
                .body("workloads[0].workload.namespace", equalTo("payments"))
                .body("workloads[0].workload.name", equalTo("api"))
                .body("workloads[0].workload.ready", equalTo("0/2"))
                .body("workloads[0].healthy", equalTo(false))
                .body("workloads[0].findings[0].rule", equalTo("quota-exceeded"))
                .body("workloads[0].findings[0].message", containsString("payments-quota"));
    }
}
