package dev.podtriage.notify;

import dev.podtriage.testing.ManagementPort;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podtriage.cluster.TestCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service with notifications on, the Kubernetes mock server, and a receiver on loopback. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(NotifyEndToEndTest.Notify.class)
class NotifyEndToEndTest {
    private static final String PORT = "pod-triage.test.notify-receiver-port";
    private static final String NS = "notify-e2e";
    private static final String POD = "web-7d9c8b5f4d-x2v9k";
    private static final String WORKLOADS_NS = "notify-e2e-workloads";

    /** The receiver's port is chosen before the service starts (its URL is configuration) and bound after. */
    public static class Notify implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String base = "http://127.0.0.1:" + port();
            return Map.ofEntries(
                    Map.entry("triage.notify.enabled", "true"),
                    Map.entry("triage.notify.interval", "500ms"),
                    Map.entry("triage.notify.sweep-interval", "2s"),
                    Map.entry("triage.notify.delivery.initial-backoff", "100ms"),
                    Map.entry("triage.notify.sinks.hook.type", "webhook"),
                    Map.entry("triage.notify.sinks.hook.url", base + "/hook"),
                    Map.entry("triage.notify.sinks.hook.headers.X-Triage-Token", "e2e-token"),
                    Map.entry("triage.notify.sinks.hook.namespaces", NS),
                    Map.entry("triage.notify.sinks.hook.delay", "1s"),
                    Map.entry("triage.notify.sinks.workloads.type", "webhook"),
                    Map.entry("triage.notify.sinks.workloads.url", base + "/workloads"),
                    Map.entry("triage.notify.sinks.workloads.namespaces", WORKLOADS_NS),
                    Map.entry("triage.notify.sinks.workloads.delay", "1s"),
                    Map.entry("triage.notify.sinks.ops-teams.type", "teams"),
                    Map.entry("triage.notify.sinks.ops-teams.url", base + "/workflows/abc/triggers/manual/paths/invoke"),
                    Map.entry("triage.notify.sinks.ops-teams.namespaces", NS),
                    Map.entry("triage.notify.sinks.ops-teams.min-severity", "critical"),
                    Map.entry("triage.notify.sinks.ops-teams.delay", "1s"),
                    Map.entry("triage.notify.sinks.ops-teams.exclude-rules", "pod-evicted"));
        }
    }

    static synchronized int port() {
        String p = System.getProperty(PORT);
        if (p == null) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = Integer.toString(s.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PORT, p);
        }
        return Integer.parseInt(p);
    }

    @KubernetesTestServer
    KubernetesServer server;

    static Receiver receiver;

    @BeforeAll
    static void listen() {
        receiver = new Receiver(202, port()); // Workflows answer 202: success
    }

    @AfterAll
    static void close() {
        receiver.close();
    }

    @Test
    void aFailingPodIsPostedAndItsDeletionResolvesIt() {
        TestCluster.load(server.getClient(), "image/not-found-containerd.json", NS);

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/hook").stream()
                .anyMatch(r -> r.body().contains("image-not-found")));
        List<Receiver.Request> hook = receiver.requests("/hook");
        assertEquals(1, hook.size(), "one firing message");
        JsonNode body = hook.get(0).json();
        assertEquals("firing", body.get("event").asText());
        assertEquals("image-not-found", body.get("rule").asText());
        assertEquals(NS, body.get("namespace").asText());
        assertEquals(POD, body.get("pod").asText());
        assertEquals("test-cluster", body.at("/diagnosis/cluster").asText());
        assertEquals("image-not-found", body.at("/diagnosis/findings/0/rule").asText());
        assertEquals("e2e-token", hook.get(0).header("X-Triage-Token"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requests("/workflows/abc/triggers/manual/paths/invoke").isEmpty());
        JsonNode card = receiver.requests("/workflows/abc/triggers/manual/paths/invoke").get(0).json();
        assertEquals("Critical: " + NS + "/" + POD, card.at("/attachments/0/content/body/0/text").asText());

        ManagementPort.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("triage_notifications_total{outcome=\"sent\",sink=\"hook\"}"))
                .body(containsString("triage_notifications_total{outcome=\"sent\",sink=\"ops-teams\"}"));

        server.getClient().pods().inNamespace(NS).withName(POD).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/hook").size() == 2);
        JsonNode resolved = receiver.requests("/hook").get(1).json();
        assertEquals("resolved", resolved.get("event").asText());
        assertEquals("deleted", resolved.get("reason").asText());
        assertEquals("image-not-found", resolved.get("rule").asText());
        assertTrue(receiver.requests().stream().noneMatch(r -> r.body().contains("\"namespace\":\"other\"")));
    }

    @Test
    void aDeploymentThatCannotCreatePodsIsPostedAndItsDeletionResolvesIt() {
        // a Deployment and its ReplicaSet, refused by a ResourceQuota: a FailedCreate event, no pod at all
        TestCluster.load(server.getClient(), "workload/quota-deployment-no-pods.json", WORKLOADS_NS);
        assertTrue(server.getClient().pods().inNamespace(WORKLOADS_NS).list().getItems().isEmpty());

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/workloads").stream()
                .anyMatch(r -> r.body().contains("quota-exceeded")));
        List<Receiver.Request> posted = receiver.requests("/workloads");
        assertEquals(1, posted.size(), "one firing message, for the Deployment (not its ReplicaSet)");
        JsonNode body = posted.get(0).json();
        assertEquals("firing", body.get("event").asText());
        assertEquals("quota-exceeded", body.get("rule").asText());
        assertEquals("Deployment", body.at("/subject/kind").asText());
        assertEquals(WORKLOADS_NS, body.at("/subject/namespace").asText());
        assertEquals("api", body.at("/subject/name").asText());
        assertEquals("test-cluster", body.at("/workload/cluster").asText());
        assertEquals("Deployment", body.at("/workload/workload/kind").asText());
        assertEquals("quota-exceeded", body.at("/workload/findings/0/rule").asText());
        assertTrue(body.at("/workload/findings/0/message").asText().contains("payments-quota"), body.toString());
        assertEquals(0, body.at("/workload/pods").size());

        server.getClient().apps().deployments().inNamespace(WORKLOADS_NS).withName("api").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests("/workloads").size() == 2);
        JsonNode resolved = receiver.requests("/workloads").get(1).json();
        assertEquals("resolved", resolved.get("event").asText());
        assertEquals("deleted", resolved.get("reason").asText());
        assertEquals("Deployment", resolved.at("/subject/kind").asText());
        assertEquals("quota-exceeded", resolved.get("rule").asText());
    }
}
