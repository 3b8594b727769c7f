package dev.podtriage.cluster;

import dev.podtriage.testing.ManagementPort;
import dev.podtriage.diagnosis.WorkloadKind;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without caches every request reads the API server: the cold path of a report. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(DirectReadTest.NoCache.class)
class DirectReadTest {

    public static class NoCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.cluster.cache", "false");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ApiCallCounter calls;

    private KubernetesClient client() {
        return server.getClient();
    }

    @Test
    void aColdNamespaceReportCostsTwoCallsWhateverThePodCount() {
        TestCluster.load(client(), "image/not-found-containerd.json", "cold");
        for (int i = 0; i < 3; i++) {
            client().pods().inNamespace("cold").resource(TestCluster.healthyPod("cold", "p-" + i)).create();
        }
        long before = calls.total();
        given().queryParam("at", "2026-11-27T10:00:00Z").when().get("/api/v1/namespaces/cold/diagnoses")
                .then().statusCode(200).body("summary.pods", equalTo(4))
                .body("diagnoses.findings.flatten().rule", hasItem("image-not-found"));
        long withFour = calls.total() - before;
        for (int i = 3; i < 40; i++) {
            client().pods().inNamespace("cold").resource(TestCluster.healthyPod("cold", "p-" + i)).create();
        }
        before = calls.total();
        given().when().get("/api/v1/namespaces/cold/diagnoses").then().statusCode(200).body("summary.pods", equalTo(41));
        long withFortyOne = calls.total() - before;
        // pods, events, and one list per workload kind (a report lists the workloads with findings of their own)
        int lists = 2 + WorkloadKind.values().length;
        assertEquals(lists, withFour, "pods, events and each workload kind: one list each");
        assertEquals(lists, withFortyOne, "API calls per report must not grow with the number of pods");
    }

    @Test
    void forbiddenNamesTheMissingPermission() {
        server.expect().get().withPath("/api/v1/namespaces/locked/pods").andReturn(403, new StatusBuilder()
                .withStatus("Failure").withReason("Forbidden").withCode(403)
                .withMessage("pods is forbidden: User \"system:serviceaccount:pod-triage:pod-triage\" cannot list resource "
                        + "\"pods\" in API group \"\" in the namespace \"locked\"").build()).always();
        given().when().get("/api/v1/namespaces/locked/diagnoses")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("may not `list` `pods` in namespace `locked`"))
                .body("detail", containsString("cannot list resource"));
    }

    @Test
    void missingNamespaceAndPodAre404() {
        given().when().get("/api/v1/namespaces/ghost/diagnoses")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("ghost"));
        TestCluster.namespace(client(), "empty-ns");
        given().when().get("/api/v1/namespaces/empty-ns/diagnoses").then().statusCode(200).body("summary.pods", equalTo(0));
        given().when().get("/api/v1/namespaces/empty-ns/pods/nope/diagnosis")
                .then().statusCode(404).body("detail", containsString("`nope`"));
    }

    @Test
    void readinessIsUpWithoutCaches() {
        ManagementPort.given().when().get("/q/health/ready").then().statusCode(200).body("checks[0].data.cache", equalTo("off"));
    }
}
