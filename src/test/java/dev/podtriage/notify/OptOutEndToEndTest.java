package dev.podtriage.notify;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.diagnosis.IgnoreAnnotation;
import dev.podtriage.incidents.Replicas;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The opt-out annotation live: the service with notifications on, the Kubernetes mock server and a
 * receiver on loopback. Three crash-looping replicas of an annotated Deployment are one incident
 * whose members are listed with their opt-out, and nothing is announced; when the opt-out ends (its
 * {@code until} passes, with no other change in the cluster) the incident is announced.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(OptOutEndToEndTest.Notify.class)
class OptOutEndToEndTest {
    private static final String PORT = "pod-triage.test.optout-receiver-port";
    private static final String NS = "optout-e2e";
    private static final String INCIDENT = "container-crash-loop/deployment/" + NS + "/checkout";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static class Notify implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("triage.incidents.interval", "300ms"),
                    Map.entry("triage.notify.enabled", "true"),
                    Map.entry("triage.notify.interval", "300ms"),
                    Map.entry("triage.notify.delivery.initial-backoff", "100ms"),
                    Map.entry("triage.notify.sinks.hook.type", "webhook"),
                    Map.entry("triage.notify.sinks.hook.url", "http://127.0.0.1:" + Receiver.reservedPort(PORT) + "/hook"),
                    Map.entry("triage.notify.sinks.hook.namespaces", NS),
                    Map.entry("triage.notify.sinks.hook.delay", "0s"));
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    private static List<String> events(Receiver receiver) {
        return receiver.requests("/hook").stream().filter(r -> r.body().contains(INCIDENT)).map(r -> r.json().get("event").asText()).toList();
    }

    private static JsonNode get(String path) {
        try {
            return JSON.readTree(given().when().get(path).then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode incident() {
        return get("/api/v1/incidents/" + INCIDENT);
    }

    /** The Deployment of the fixture's pods, annotated with {@code ignore}, and their ReplicaSet. */
    private static List<HasMetadata> owners(String ignore) {
        return List.of(new DeploymentBuilder().withNewMetadata().withName("checkout").withNamespace(NS)
                .withUid("optout-deploy").addToAnnotations(IgnoreAnnotation.KEY, ignore).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "checkout").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "checkout").endMetadata()
                .withNewSpec().addNewContainer().withName("checkout").withImage("shop/checkout:2.3.1").endContainer().endSpec()
                .endTemplate().endSpec().build(),
                new ReplicaSetBuilder().withNewMetadata().withName("checkout-7b8c9d6e5")
                .withNamespace(NS).withUid("dc598907-79f5-e587-0985-c7c265534197").addNewOwnerReference().withApiVersion("apps/v1")
                .withKind("Deployment").withName("checkout").withUid("optout-deploy").withController(true).endOwnerReference().endMetadata()
                .build());
    }

    @Test
    void anOptedOutIncidentIsListedButNotAnnouncedUntilItsOptOutEnds() {
        try (Receiver receiver = new Receiver(200, Receiver.reservedPort(PORT))) {
            optedOutThenAnnounced(server.getClient(), receiver);
        }
    }

    private static void optedOutThenAnnounced(KubernetesClient client, Receiver receiver) {
        Replicas.seed(client, "containers/crash-loop-exit1.json", NS, 3, owners("rule=container-crash-loop; until=2099-12-31; reason=known flaky"));

        await().atMost(Duration.ofSeconds(60)).until(() -> given().when().get("/api/v1/incidents/" + INCIDENT).statusCode() == 200
                && incident().at("/optedOut").asInt() == 3);
        JsonNode incident = incident();
        assertEquals(3, incident.at("/members").size());
        for (JsonNode m : incident.at("/members")) {
            assertEquals("Deployment " + NS + "/checkout", m.at("/optOut/object").asText());
            assertEquals("container-crash-loop", m.at("/optOut/rule").asText());
            assertEquals("2100-01-01T00:00:00Z", m.at("/optOut/until").asText());
            assertEquals("known flaky", m.at("/optOut/reason").asText());
        }

        JsonNode report = get("/api/v1/namespaces/" + NS + "/diagnoses");
        assertEquals(3, report.at("/counts/optedOut").asInt());
        assertEquals(3, report.at("/diagnoses").size());
        for (JsonNode d : report.at("/diagnoses")) {
            assertEquals("critical", d.at("/severity").asText(), "the pod's health stays truthful");
            JsonNode crash = findings(d, "container-crash-loop");
            assertEquals("known flaky", crash.at("/optOut/reason").asText());
        }

        // the notifier has looked at the incident many times by now: an incident all of whose members are opted out is not news
        long seen = receiver.requests().size();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertEquals(List.of(), events(receiver), "nothing announced while every member is opted out");
        assertEquals(seen, receiver.requests().size());

        // the opt-out now ends a few seconds from now; then nothing else changes in the cluster
        Instant until = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        client.apps().deployments().inNamespace(NS).withName("checkout").edit(d -> new DeploymentBuilder(d).editMetadata()
                .addToAnnotations(IgnoreAnnotation.KEY, "rule=container-crash-loop; until=" + until + "; reason=until the hotfix").endMetadata().build());
        await().atMost(Duration.ofSeconds(30)).until(() -> "until the hotfix".equals(incident().at("/members/0/optOut/reason").asText()));
        assertTrue(Instant.now().isBefore(until) ? events(receiver).isEmpty() : true);

        await().atMost(Duration.ofSeconds(30)).until(() -> events(receiver).contains("opened"));
        assertEquals(List.of("opened"), events(receiver));
        assertTrue(!Instant.now().isBefore(until), "announced once the opt-out ended, not before");
        JsonNode opened = receiver.requests("/hook").stream().filter(r -> r.body().contains(INCIDENT)).findFirst().orElseThrow().json();
        assertEquals(0, opened.at("/incident/optedOut").asInt());
        assertTrue(opened.at("/incident/members/0/optOut").isMissingNode());
        assertEquals(0, incident().at("/optedOut").asInt());
        JsonNode after = get("/api/v1/namespaces/" + NS + "/diagnoses");
        assertEquals(0, after.at("/counts/optedOut").asInt());
        assertTrue(after.at("/diagnoses/0/optOutProblems/0").asText().startsWith("Deployment " + NS + "/checkout: pod-triage.dev/ignore expired at "),
                after.toString());

        // the namespace is annotated: its pods are recomputed (a namespace change touches them) and opted out again
        client.namespaces().withName(NS).edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToAnnotations(IgnoreAnnotation.KEY, "until=2099-01-01T00:00:00Z; reason=team offsite").endMetadata().build());
        await().atMost(Duration.ofSeconds(30)).until(() -> incident().at("/optedOut").asInt() == 3);
        assertEquals("Namespace " + NS, incident().at("/members/0/optOut/object").asText());
        assertEquals("team offsite", incident().at("/members/0/optOut/reason").asText());
    }

    private static JsonNode findings(JsonNode diagnosis, String rule) {
        for (JsonNode f : diagnosis.at("/findings")) {
            if (rule.equals(f.at("/rule").asText())) {
                return f;
            }
        }
        throw new AssertionError("no " + rule + " in " + diagnosis);
    }
}
