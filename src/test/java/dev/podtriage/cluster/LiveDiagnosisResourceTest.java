package dev.podtriage.cluster;

import dev.podtriage.testing.ManagementPort;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class LiveDiagnosisResourceTest {
    private static final String PROBLEM = "application/problem+json";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterCache cache;

    @Inject
    ApiCallCounter calls;

    private KubernetesClient client() {
        return server.getClient();
    }

    private void awaitCached(String namespace, int pods) {
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.live()
                && cache.kinds().pods().inNamespace(namespace).size() == pods);
    }

    @Test
    void diagnosesOneLivePod() {
        TestCluster.load(client(), "image/not-found-containerd.json", "live-one");
        awaitCached("live-one", 1);
        given().queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/live-one/pods/web-7d9c8b5f4d-x2v9k/diagnosis")
                .then().statusCode(200)
                .body("cluster", equalTo("test-cluster"))
                .body("pod.namespace", equalTo("live-one"))
                .body("pod.status", equalTo("ImagePullBackOff"))
                .body("pod.ready", equalTo("0/1"))
                .body("findings[0].rule", equalTo("image-not-found"))
                .body("findings[0].evidence.source", hasItem("event"));
    }

    @Test
    void unknownPodAndNamespaceAre404() {
        TestCluster.namespace(client(), "live-empty");
        given().when().get("/api/v1/namespaces/live-empty/pods/nope/diagnosis")
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString("nope"));
        given().when().get("/api/v1/namespaces/no-such-ns/pods/nope/diagnosis")
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString("no-such-ns"));
        given().when().get("/api/v1/namespaces/no-such-ns/diagnoses")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void namespaceReportListsFailingPodsAndCountsAll() {
        TestCluster.load(client(), "image/not-found-containerd.json", "live-report");
        client().pods().inNamespace("live-report").resource(TestCluster.healthyPod("live-report", "ok-1")).create();
        awaitCached("live-report", 2);
        given().queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/live-report/diagnoses")
                .then().statusCode(200)
                .body("summary.pods", equalTo(2))
                .body("summary.critical", equalTo(1))
                .body("diagnoses.size()", equalTo(1))
                .body("diagnoses[0].findings[0].rule", equalTo("image-not-found"));
        given().queryParam("all", true).when().get("/api/v1/namespaces/live-report/diagnoses")
                .then().statusCode(200).body("diagnoses.size()", equalTo(2));
        given().queryParam("labelSelector", "app=ok").queryParam("all", true)
                .when().get("/api/v1/namespaces/live-report/diagnoses")
                .then().statusCode(200).body("summary.pods", equalTo(1)).body("diagnoses[0].pod.name", equalTo("ok-1"));
        given().queryParam("labelSelector", "app in (web,ok),tier!=db")
                .when().get("/api/v1/namespaces/live-report/diagnoses")
                .then().statusCode(200).body("summary.pods", equalTo(2));
    }

    @Test
    void namespaceReportListsWorkloadsWithFindingsOfTheirOwnAlsoWithoutPods() {
        TestCluster.load(client(), "workload/podsecurity-no-pods.json", "live-workloads");
        TestCluster.load(client(), "wordings/admission-denied.podsecurity-1.25-daemonset-controller.workload.json", "live-workloads");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/live-workloads/diagnoses").then().extract().path("workloads.size()"), equalTo(2));
        given().queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/live-workloads/diagnoses")
                .then().statusCode(200)
                .body("summary.pods", equalTo(0))
                .body("counts.pods", equalTo(0))
                .body("workloads.workload.kind", hasItems("Deployment", "DaemonSet"))
                // one shape per name: ready is kubectl's READY column as in a pod, the number is readyReplicas
                .body("workloads.find { it.workload.kind == 'Deployment' }.workload.ready", equalTo("0/1"))
                .body("workloads.find { it.workload.kind == 'Deployment' }.workload.readyReplicas", equalTo(0))
                .body("workloads.find { it.workload.kind == 'Deployment' }.workload.desired", equalTo(1))
                .body("workloads.healthy", everyItem(equalTo(false)))
                .body("workloads.find { it.workload.kind == 'DaemonSet' }.findings[0].rule", equalTo("admission-denied"))
                .body("workloads.find { it.workload.kind == 'Deployment' }.findings.rule", hasItem("admission-denied"));
        // the DaemonSet refused by PodSecurity is not healthy on its own endpoint either
        given().queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/live-workloads/workloads/daemonset/node-agent/diagnosis")
                .then().statusCode(200).body("healthy", equalTo(false)).body("findings[0].rule", equalTo("admission-denied"));
        // and the markdown report shows them
        given().queryParam("at", "2026-11-27T10:00:00Z").queryParam("format", "markdown")
                .when().get("/api/v1/namespaces/live-workloads/diagnoses")
                .then().statusCode(200).body(containsString("DaemonSet live-workloads/node-agent"));
    }

    @Test
    void allNamespacesReport() {
        TestCluster.load(client(), "image/not-found-containerd.json", "live-all");
        awaitCached("live-all", 1);
        given().queryParam("severity", "critical").when().get("/api/v1/diagnoses")
                .then().statusCode(200)
                .body("cluster", equalTo("test-cluster"))
                .body("diagnoses.pod.namespace", hasItem("live-all"))
                .body("diagnoses.severity", not(hasItem("warning")));
    }

    @Test
    void badParametersAre400() {
        given().queryParam("labelSelector", "app in (web").when().get("/api/v1/diagnoses")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("labelSelector"));
        given().queryParam("labelSelector", "a=b=c").when().get("/api/v1/diagnoses")
                .then().statusCode(400).contentType(PROBLEM);
        given().queryParam("severity", "urgent").when().get("/api/v1/diagnoses")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("critical, warning or info"));
        given().when().get("/api/v1/namespaces/x/workloads/CronTab/y/diagnosis")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("Deployment"));
    }

    @Test
    void warmReportsCostNoApiCallWhateverThePodCount() {
        TestCluster.namespace(client(), "live-scale");
        for (int i = 0; i < 5; i++) {
            client().pods().inNamespace("live-scale").resource(TestCluster.healthyPod("live-scale", "small-" + i)).create();
        }
        awaitCached("live-scale", 5);
        long before = calls.total();
        given().queryParam("all", true).when().get("/api/v1/namespaces/live-scale/diagnoses").then().statusCode(200)
                .body("summary.pods", equalTo(5));
        long withFive = calls.total() - before;
        for (int i = 5; i < 60; i++) {
            client().pods().inNamespace("live-scale").resource(TestCluster.healthyPod("live-scale", "small-" + i)).create();
        }
        awaitCached("live-scale", 60);
        before = calls.total();
        given().queryParam("all", true).when().get("/api/v1/namespaces/live-scale/diagnoses").then().statusCode(200)
                .body("summary.pods", equalTo(60));
        long withSixty = calls.total() - before;
        assertEquals(0, withFive, "a warm report reads the caches only");
        assertEquals(withFive, withSixty, "API calls per report must not grow with the number of pods");
    }

    @Test
    void metricsCountFindingsApiCallsAndReportLatency() {
        TestCluster.load(client(), "image/not-found-containerd.json", "live-metrics");
        awaitCached("live-metrics", 1);
        given().when().get("/api/v1/namespaces/live-metrics/diagnoses").then().statusCode(200);
        ManagementPort.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("triage_findings_total{namespace=\"live-metrics\",rule=\"image-not-found\",severity=\"critical\"}"))
                .body(containsString("triage_kubernetes_api_requests_total{verb=\"get\"}"))
                .body(containsString("triage_report_latency_seconds_count{scope=\"namespace\"}"));
    }

    @Test
    void everyLiveEndpointAnswersMarkdownAndPlainText() {
        TestCluster.load(client(), "image/not-found-containerd.json", "live-render");
        client().apps().deployments().inNamespace("live-render").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("live-render").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("main-app").withImage("nginx:1.99").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        awaitCached("live-render", 1);
        given().accept("text/markdown").queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/live-render/pods/web-7d9c8b5f4d-x2v9k/diagnosis")
                .then().statusCode(200).contentType(startsWith("text/markdown"))
                .body(startsWith("## 🔴 Critical: live-render/web-7d9c8b5f4d-x2v9k"))
                .body(containsString("### 🔴 Root cause: `image-not-found` Image or tag not found · container `main-app`"))
                .body(containsString("Cluster: test-cluster"))
                .body(containsString("web-7d9c8b5f4d-x2v9k   0/1     ImagePullBackOff   0"));
        given().queryParam("format", "text").queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/live-render/diagnoses")
                .then().statusCode(200).contentType(startsWith("text/plain"))
                .body(containsString("[critical] live-render/web-7d9c8b5f4d-x2v9k · image-not-found · container main-app"));
        given().queryParam("format", "markdown").queryParam("severity", "critical")
                .when().get("/api/v1/diagnoses")
                .then().statusCode(200).contentType(startsWith("text/markdown"))
                .body(containsString("`live-render/web-7d9c8b5f4d-x2v9k` · `image-not-found`"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().accept("text/plain")
                .when().get("/api/v1/namespaces/live-render/workloads/deployment/web/diagnosis")
                .then().statusCode(200).contentType(startsWith("text/plain"))
                .body(containsString("Deployment live-render/web"))
                .body(containsString("Workload: Deployment web")));
        given().queryParam("format", "bogus").when().get("/api/v1/namespaces/live-render/diagnoses")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("'bogus'"));
        given().accept("text/markdown").when().get("/api/v1/namespaces/live-render/pods/nope/diagnosis")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void readinessIsUpWhenTheCachesAreLive() {
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.live());
        ManagementPort.given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        ManagementPort.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
