package dev.podtriage.cluster.sandbox;

import dev.podtriage.testing.ManagementPort;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.cluster.ClusterCache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The service started on its built-in sandbox cluster, as the README's run command does. */
@QuarkusTest
@TestProfile(SandboxClusterTest.Sandbox.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxClusterTest {

    public static class Sandbox implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.sandbox.enabled", "true", "triage.cluster.name", "",
                    "triage.cluster.request-timeout", "2s");
        }
    }

    @Inject
    SandboxCluster sandbox;

    @Inject
    ClusterCache cache;

    @Test
    @Order(1)
    void servesTheSandboxScenarios() {
        await().atMost(Duration.ofSeconds(20)).until(() -> cache.live());
        given().when().get("/api/v1/namespaces/shop/diagnoses")
                .then().statusCode(200)
                .body("cluster", equalTo("sandbox"))
                .body("summary.pods", greaterThan(2))
                .body("diagnoses.findings.flatten().rule", hasItem("image-not-found"));
        given().when().get("/api/v1/diagnoses")
                .then().statusCode(200)
                .body("cluster", equalTo("sandbox"))
                .body("diagnoses.findings.flatten().rule", hasItem("image-pull-unauthorized"));
        ManagementPort.given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    @Order(2)
    void aCrashLoopQuotesThePreviousLog() {
        await().atMost(Duration.ofSeconds(20)).until(() -> cache.live());
        given().when().get("/api/v1/namespaces/payments/pods/settlement-8d6f5c7b9-q7wz4/diagnosis")
                .then().statusCode(200)
                .body("pod.status", equalTo("CrashLoopBackOff"))
                .body("findings[0].rule", equalTo("container-crash-loop"))
                .body("findings[0].evidence.source", hasItem("log"))
                .body("findings[0].evidence.find { it.source == 'log' }.text", containsString("Traceback"));
    }

    @Test
    @Order(3)
    void aDeploymentBlockedByAQuotaIsDiagnosedWithoutAnyPod() {
        await().atMost(Duration.ofSeconds(20)).until(() -> cache.live());
        given().when().get("/api/v1/namespaces/payments/workloads/deployment/api/diagnosis")
                .then().statusCode(200)
                .body("cluster", equalTo("sandbox"))
                .body("workload.kind", equalTo("Deployment"))
                .body("workload.name", equalTo("api"))
                .body("healthy", equalTo(false))
                .body("pods.size()", equalTo(0))
                .body("findings[0].rule", equalTo("quota-exceeded"))
                .body("findings[0].fixes.join(' ')", containsString("payments-quota"));
        given().when().get("/api/v1/namespaces/shop/workloads/Deployment/web/diagnosis")
                .then().statusCode(200).body("healthy", equalTo(true)).body("pods.size()", equalTo(2));
        given().when().get("/api/v1/namespaces/shop/workloads/deployment/nope/diagnosis")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    @Order(4)
    void anOutageAnswers503WithinTheTimeoutAndRecoversByItself() {
        await().atMost(Duration.ofSeconds(20)).until(() -> cache.live());
        sandbox.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> !cache.live());
        long start = System.nanoTime();
        given().when().get("/api/v1/namespaces/shop/diagnoses")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("unreachable"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "503 must come within the configured timeout, took " + millis + " ms");
        ManagementPort.given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        ManagementPort.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // after repeated failures the circuit opens: answers come at once, still as 503 problems
        for (int i = 0; i < 4; i++) {
            given().when().get("/api/v1/namespaces/shop/pods/x/diagnosis").then().statusCode(503);
        }
        given().when().get("/api/v1/namespaces/shop/pods/x/diagnosis")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("failed repeatedly"));

        sandbox.url(); // the API server comes back
        await().atMost(Duration.ofSeconds(30)).until(() -> cache.live());
        given().when().get("/api/v1/namespaces/shop/diagnoses").then().statusCode(200);
        given().when().get("/api/v1/namespaces/shop/pods/storefront-58d6c9f7b4-x2v9k/diagnosis").then().statusCode(200);
        ManagementPort.given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
