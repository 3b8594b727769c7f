package dev.podtriage.notify;

import dev.podtriage.testing.ManagementPort;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podtriage.cluster.TestCluster;
import dev.podtriage.incidents.Replicas;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
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
    private static final String WORKLOADS_NS = "notify-e2e-workloads";

    /** The receiver's port is chosen before the service starts (its URL is configuration) and bound after. */
    public static class Notify implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String base = "http://127.0.0.1:" + port();
            return Map.ofEntries(
                    Map.entry("triage.incidents.interval", "300ms"),
                    Map.entry("triage.notify.enabled", "true"),
                    Map.entry("triage.notify.interval", "300ms"),
                    Map.entry("triage.notify.delivery.initial-backoff", "100ms"),
                    Map.entry("triage.notify.sinks.hook.type", "webhook"),
                    Map.entry("triage.notify.sinks.hook.url", base + "/hook"),
                    Map.entry("triage.notify.sinks.hook.headers.X-Triage-Token", "e2e-token"),
                    Map.entry("triage.notify.sinks.hook.namespaces", NS + "," + WORKLOADS_NS),
                    Map.entry("triage.notify.sinks.hook.delay", "0s"),
                    Map.entry("triage.notify.sinks.ops-teams.type", "teams"),
                    Map.entry("triage.notify.sinks.ops-teams.url", base + "/workflows/abc/triggers/manual/paths/invoke"),
                    Map.entry("triage.notify.sinks.ops-teams.namespaces", NS),
                    Map.entry("triage.notify.sinks.ops-teams.min-severity", "critical"),
                    Map.entry("triage.notify.sinks.ops-teams.delay", "1s"),
                    Map.entry("triage.notify.sinks.ops-teams.exclude-rules", "pod-evicted"),
                    Map.entry("triage.notify.sinks.payments.type", "webhook"),
                    Map.entry("triage.notify.sinks.payments.url", base + "/payments"),
                    Map.entry("triage.notify.sinks.payments.labels", "team=payments"),
                    Map.entry("triage.notify.sinks.payments.delay", "0s"));
        }
    }

    static int port() {
        return Receiver.reservedPort(PORT);
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

    /** What one sink received about the incident of this rule: the webhook's events, the Teams card's titles. */
    private static List<String> events(String path, String rule) {
        return receiver.requests(path).stream().filter(r -> r.body().contains(rule))
                .map(r -> !r.path().startsWith("/workflows") ? r.json().get("event").asText() : r.json().at("/attachments/0/content/body/0/text").asText())
                .toList();
    }

    /** Eight replicas (below the first growth threshold, however the caches fill) that cannot pull their image: one message per sink, one resolved message each when they are deleted. */
    @Test
    void replicasFailingAlikeAreOneIncidentAndOneMessagePerSink() {
        String rule = "image-not-found";
        Replicas.seed(server.getClient(), "image/not-found-containerd.json", NS, 8);

        // the Teams sink waits a second: by then the webhook has seen many evaluations of the incident
        String teams = "/workflows/abc/triggers/manual/paths/invoke";
        // (while the caches still fill, a pod may briefly be diagnosed without its events: other incidents may come and go)
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(teams, rule).isEmpty());
        assertEquals(List.of("opened"), events("/hook", rule));
        Receiver.Request opened = receiver.requests("/hook").stream().filter(r -> r.body().contains(rule)).findFirst().orElseThrow();
        JsonNode body = opened.json();
        String incident = body.at("/incident/id").asText();
        assertEquals("image-not-found/image/docker.io/library/nginx:1.99", incident);
        assertTrue(body.at("/incident/scope/pods").asInt() >= 1);
        assertEquals("e2e-token", opened.header("X-Triage-Token"));
        assertEquals(List.of("Critical: incident " + incident), events(teams, rule));

        ManagementPort.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("triage_notifications_total{outcome=\"sent\",sink=\"hook\"}"))
                .body(containsString("triage_notifications_total{outcome=\"sent\",sink=\"ops-teams\"}"));

        server.getClient().pods().inNamespace(NS).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> events(teams, rule).size() >= 2);
        assertEquals(List.of("opened", "resolved"), events("/hook", rule));
        assertEquals(List.of("Critical: incident " + incident, "Resolved: incident " + incident), events(teams, rule));
        assertTrue(receiver.requests().stream().noneMatch(r -> r.body().contains("\"namespace\":\"other\"")));
    }

    @Test
    void aDeploymentThatCannotCreatePodsIsAnIncidentPostedAndResolved() {
        // a Deployment and its ReplicaSet, refused by a ResourceQuota: a FailedCreate event, no pod at all
        String rule = "quota-exceeded";
        TestCluster.load(server.getClient(), "workload/quota-deployment-no-pods.json", WORKLOADS_NS);
        // the namespace belongs to the payments team: the sink routed by that label receives its incidents, and only those
        server.getClient().namespaces().withName(WORKLOADS_NS).edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToLabels("team", "payments").endMetadata().build());
        assertTrue(server.getClient().pods().inNamespace(WORKLOADS_NS).list().getItems().isEmpty());

        await().atMost(Duration.ofSeconds(30)).until(() -> events("/hook", rule).size() == 1);
        JsonNode body = receiver.requests("/hook").stream().filter(r -> r.body().contains(rule)).findFirst().orElseThrow().json();
        assertEquals("opened", body.get("event").asText());
        assertEquals("quota-exceeded/resourcequota/" + WORKLOADS_NS + "/payments-quota", body.at("/incident/id").asText());
        assertEquals("Deployment", body.at("/incident/members/0/kind").asText());
        assertEquals("api", body.at("/incident/members/0/name").asText());
        assertEquals(0, body.at("/incident/scope/pods").asInt());

        server.getClient().apps().deployments().inNamespace(WORKLOADS_NS).withName("api").delete();
        server.getClient().apps().replicaSets().inNamespace(WORKLOADS_NS).withName("api-5f6d7c8b9a").delete();
        await().atMost(Duration.ofSeconds(90)).until(() -> events("/hook", rule).size() == 2 && events("/payments", rule).size() == 2);
        assertEquals(List.of("opened", "resolved"), events("/hook", rule));
        assertEquals(List.of("opened", "resolved"), events("/payments", rule));
        assertTrue(receiver.requests("/payments").stream().noneMatch(r -> r.body().contains("image-not-found")), "not the team's");
    }
}
