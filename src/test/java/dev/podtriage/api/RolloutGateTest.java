package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.podtriage.cluster.ClusterCache;
import dev.podtriage.cluster.TestCluster;
import dev.podtriage.cluster.sandbox.Seeder;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The rollout gate against the mock API server: complete, failed by a bad image tag, still progressing. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class RolloutGateTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String ROLLOUT = "/api/v1/namespaces/{ns}/workloads/deployment/web/rollout";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterCache cache;

    @Inject
    RolloutGate gate;

    private KubernetesClient client() {
        return server.getClient();
    }

    /** A Deployment `web` of one replica, its status as the controller would have written it (having seen the latest spec). */
    private Deployment deployment(String namespace, int updated, int available) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("main-app").withImage("nginx:1.99").endContainer().endSpec().endTemplate()
                .endSpec()
                .withNewStatus().withObservedGeneration(1000L).withReplicas(1).withUpdatedReplicas(updated).withAvailableReplicas(available).withReadyReplicas(available)
                .endStatus().build();
    }

    private void awaitDeployment(String namespace, int available) {
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.live() && Integer.valueOf(available).equals(given()
                .when().get("/api/v1/namespaces/" + namespace + "/workloads/deployment/web/diagnosis").then().extract().path("workload.readyReplicas")));
    }

    private static ValidatableResponse rollout(String namespace, String timeout) {
        return given().pathParam("ns", namespace).queryParam("timeout", timeout).when().get(ROLLOUT).then();
    }

    @Test
    void aDeploymentThatBecomesReadyIs200() {
        TestCluster.namespace(client(), "gate-ready");
        client().apps().deployments().inNamespace("gate-ready").resource(deployment("gate-ready", 0, 0)).create();
        awaitDeployment("gate-ready", 0);
        rollout("gate-ready", "0s").statusCode(504).body("rollout", equalTo("progressing"));

        CompletableFuture<ValidatableResponse> waiting = CompletableFuture.supplyAsync(() -> rollout("gate-ready", "120s"));
        await().atMost(Duration.ofSeconds(20)).until(() -> gate.waiting() == 1);
        client().apps().deployments().inNamespace("gate-ready").resource(deployment("gate-ready", 1, 1)).update();

        waiting.join().statusCode(200)
                .body("rollout", equalTo("complete"))
                .body("workload.kind", equalTo("Deployment"))
                .body("workload.name", equalTo("web"))
                .body("workload.readyReplicas", equalTo(1))
                .body("rolloutDetail", containsString("1 of 1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.waiting() == 0);
    }

    @Test
    void aNewReplicaSetPullingATagThatDoesNotExistIs422NamingTheCause() {
        String ns = "gate-bad-tag";
        TestCluster.namespace(client(), ns);
        Deployment web = client().apps().deployments().inNamespace(ns).resource(deployment(ns, 1, 0)).create();
        ReplicaSet rs = client().apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web-7d9c8b5f4d").withNamespace(ns)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("web")
                .withUid(web.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec()
                .withNewStatus().withReplicas(1).endStatus().build()).create();
        // the new ReplicaSet's pod and its events, as kubelet and containerd word a tag that does not exist
        List<HasMetadata> objects = new ManifestReader().read(Fixtures.read("image/not-found-containerd.json"), false);
        for (HasMetadata o : objects) {
            o.getMetadata().setNamespace(ns);
            if (o instanceof Pod pod) {
                pod.getMetadata().getOwnerReferences().get(0).setUid(rs.getMetadata().getUid());
            } else if (o instanceof Event e) {
                e.getInvolvedObject().setNamespace(ns);
            }
        }
        Seeder.seed(client(), objects);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/api/v1/namespaces/" + ns + "/workloads/deployment/web/diagnosis").then()
                .body("pods.pod.name", hasItem("web-7d9c8b5f4d-x2v9k")));

        rollout(ns, "120s").statusCode(422)
                .body("rollout", equalTo("failed"))
                .body("rolloutDetail", allOf(containsString("image-not-found"), containsString("nginx:1.99")))
                .body("pods.findings[0].rule", hasItem("image-not-found"))
                .body("workload.name", equalTo("web"));
        given().pathParam("ns", ns).queryParam("timeout", "120s").queryParam("format", "markdown").when().get(ROLLOUT)
                .then().statusCode(422).contentType(startsWith("text/markdown"))
                .body(startsWith("## 🔴 Rollout failed: Deployment gate-bad-tag/web"))
                .body(containsString("image-not-found"));
    }

    @Test
    void aRolloutThatStaysProgressingIs504WithTheReport() {
        TestCluster.namespace(client(), "gate-slow");
        client().apps().deployments().inNamespace("gate-slow").resource(deployment("gate-slow", 1, 0)).create();
        awaitDeployment("gate-slow", 0);
        rollout("gate-slow", "2s").statusCode(504)
                .body("rollout", equalTo("progressing"))
                .body("rolloutDetail", equalTo("0 of 1 updated replicas available"))
                .body("workload.name", equalTo("web"));
    }

    @Test
    void badTimeoutUnknownWorkloadAndKindAreProblems() {
        TestCluster.namespace(client(), "gate-bad");
        rollout("gate-bad", "soon").statusCode(400).contentType(PROBLEM).body("detail", containsString("'soon'"));
        rollout("gate-bad", "-5s").statusCode(400).contentType(PROBLEM);
        rollout("gate-bad", "10s").statusCode(404).contentType(PROBLEM).body("detail", containsString("web"));
        given().queryParam("timeout", "1s").when().get("/api/v1/namespaces/gate-bad/workloads/crontab/web/rollout")
                .then().statusCode(400).contentType(PROBLEM);
        rollout("no-such-namespace", "1s").statusCode(404).contentType(PROBLEM).body("detail", containsString("no-such-namespace"));
    }
}
