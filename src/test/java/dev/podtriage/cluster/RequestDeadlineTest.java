package dev.podtriage.cluster;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Log tails against a stalled API server: one deadline per request covers them all. The client
 * gives up after 15 s, where fetching ten stalled logs one after another takes 40 s (10 × the 4 s
 * call timeout) and the request deadline is 2 s.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(RequestDeadlineTest.ShortDeadline.class)
class RequestDeadlineTest {
    private static final RestAssuredConfig PATIENCE = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 15_000).setParam("http.connection.timeout", 5_000));

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.cluster.request-deadline", "2s");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterCache cache;

    private KubernetesClient client() {
        return server.getClient();
    }

    /** A pod whose containers all crashed and restarted: each has a previous log to fetch. */
    private Pod crashedPod(String namespace, String name, int containers) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withUid(name + "-uid")
                .withCreationTimestamp("2026-11-27T08:00:00Z").endMetadata();
        var spec = b.withNewSpec().withNodeName("node-1");
        for (int i = 0; i < containers; i++) {
            spec.addNewContainer().withName("c" + i).withImage("busybox:1.36").endContainer();
        }
        var status = spec.endSpec().withNewStatus().withPhase("Running");
        for (int i = 0; i < containers; i++) {
            status.addNewContainerStatus().withName("c" + i).withImage("busybox:1.36").withReady(false).withRestartCount(5)
                    .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 5m0s restarting failed container=c" + i + " pod=" + name + "_" + namespace + "(" + name + "-uid)")
                    .endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                    .withStartedAt("2026-11-27T09:58:00Z").withFinishedAt("2026-11-27T09:58:01Z").endTerminated().endLastState()
                    .endContainerStatus();
        }
        return status.endStatus().build();
    }

    private String logPath(String namespace, String pod, int container) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?pretty=false&container=c" + container + "&previous=true&tailLines=20";
    }

    private void stallLogs(String namespace, String pod, int containers) {
        for (int i = 0; i < containers; i++) {
            server.expect().get().delay(20, TimeUnit.SECONDS).withPath(logPath(namespace, pod, i))
                    .andReturn(200, "panic: never seen\n").always();
        }
    }

    @Test
    void aLogThatAnswersIsEvidence() {
        TestCluster.namespace(client(), "talk-one");
        client().pods().inNamespace("talk-one").resource(crashedPod("talk-one", "talky", 1)).create();
        server.expect().get().withPath(logPath("talk-one", "talky", 0)).andReturn(200, "panic: boom\n").always();
        await().atMost(Duration.ofSeconds(40)).until(() -> cache.live() && cache.kinds().pods().get("talk-one", "talky").isPresent());
        // the stalled tests may have opened the circuit breaker: it closes again within seconds
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().config(PATIENCE).queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/talk-one/pods/talky/diagnosis")
                .then().statusCode(200)
                .body("findings.evidence.flatten().source", hasItem("log")));
    }

    @Test
    void tenStalledLogsDoNotHoldThePodDiagnosisPastTheDeadline() {
        TestCluster.namespace(client(), "stall-one");
        client().pods().inNamespace("stall-one").resource(crashedPod("stall-one", "crashy", 10)).create();
        stallLogs("stall-one", "crashy", 10);
        await().atMost(Duration.ofSeconds(40)).until(() -> cache.live() && cache.kinds().pods().get("stall-one", "crashy").isPresent());
        given().config(PATIENCE).queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/stall-one/pods/crashy/diagnosis")
                .then().statusCode(200)
                .body("findings[0].rule", equalTo("container-crash-loop"))
                .body("findings.evidence.flatten().source", not(hasItem("log")));
    }

    @Test
    void aNamespaceReportWithLogsHoldsItsDeadline() {
        TestCluster.namespace(client(), "stall-ns");
        for (int p = 0; p < 6; p++) {
            client().pods().inNamespace("stall-ns").resource(crashedPod("stall-ns", "crashy-" + p, 2)).create();
            stallLogs("stall-ns", "crashy-" + p, 2);
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> cache.live() && cache.kinds().pods().inNamespace("stall-ns").size() == 6);
        given().config(PATIENCE).queryParam("logs", true).queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/api/v1/namespaces/stall-ns/diagnoses")
                .then().statusCode(200).body("summary.pods", equalTo(6));
    }
}
