package dev.podtriage.chatops;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.podtriage.cluster.sandbox.Seeder;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Seeds the mock API server with a fixture in a namespace of the test's own, and waits until the API serves it. */
final class ChatSeed {
    private ChatSeed() {
    }

    static void load(KubernetesClient client, String fixture, String namespace, int pods) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .createOr(n -> n.update());
        List<HasMetadata> objects = new ManifestReader().read(Fixtures.read(fixture), false);
        objects.removeIf(o -> o instanceof Node);
        for (HasMetadata o : objects) {
            o.getMetadata().setNamespace(namespace);
            if (o instanceof Event e && e.getInvolvedObject() != null) {
                e.getInvolvedObject().setNamespace(namespace);
            }
        }
        Seeder.seed(client, objects);
        awaitPods(namespace, pods);
    }

    /** Until the caches hold the namespace's pods (read through the REST API, which reads the caches). */
    static void awaitPods(String namespace, int pods) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().queryParam("all", true).when().get("/api/v1/namespaces/" + namespace + "/diagnoses")
                        .then().statusCode(200).body("summary.pods", equalTo(pods)));
    }

    static Pod healthyPod(String namespace, String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", "ok")
                .withUid(UUID.randomUUID().toString()).withCreationTimestamp("2026-11-27T08:00:00Z").endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("app").withImage("nginx:1.27")
                .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("64Mi"))
                .addToLimits("memory", new Quantity("128Mi")).endResources()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withImage("nginx:1.27").withReady(true).withStarted(true)
                .withRestartCount(0).withNewState().withNewRunning().withStartedAt("2026-11-27T08:00:05Z").endRunning().endState()
                .endContainerStatus().endStatus().build();
    }
}
