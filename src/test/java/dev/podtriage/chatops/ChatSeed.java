package dev.podtriage.chatops;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.podtriage.cluster.TestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/** Seeds the mock API server with a fixture in a namespace of the test's own, and waits until the API serves it. */
final class ChatSeed {
    private ChatSeed() {
    }

    static void load(KubernetesClient client, String fixture, String namespace, int pods) {
        TestCluster.load(client, fixture, namespace);
        awaitPods(namespace, pods);
    }

    /** Until the caches hold the namespace's pods (read through the REST API, which reads the caches; the profile wants a token). */
    static void awaitPods(String namespace, int pods) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + ChatOpsProfile.API_TOKEN).queryParam("all", true).when().get("/api/v1/namespaces/" + namespace + "/diagnoses")
                        .then().statusCode(200).body("summary.pods", equalTo(pods)));
    }
}
