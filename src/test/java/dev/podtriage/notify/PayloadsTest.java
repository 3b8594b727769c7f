package dev.podtriage.notify;

import static dev.podtriage.notify.Harness.sink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podtriage.notify.NotifyConfig.SinkType;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.testing.Golden;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bodies as posted: a Teams card (golden files), Slack Block Kit, the generic webhook envelope. */
class PayloadsTest extends NotifierTestBase {
    private static final String POD = "web-7d9c8b5f4d-x2v9k";

    PayloadsTest() {
        super(202); // what Teams Workflows answer
    }

    private Harness harness(SinkType type) {
        return new Harness(receiver, List.of(sink("ops", type, receiver, SinkFilter.all(Severity.WARNING), Duration.ofMinutes(2),
                Duration.ofMinutes(30), true)));
    }

    @Test
    void teamsCardAsPosted() {
        h = harness(SinkType.TEAMS);
        h.cluster.put("shop", POD, "image/not-found-containerd.json");
        h.tickAt(Duration.ZERO);
        h.tickAt(Duration.ofMinutes(2));
        h.cluster.put("shop", POD, "healthy/running-ready.json");
        h.tickAt(Duration.ofMinutes(7));

        List<Receiver.Request> posted = receiver.requests("/ops");
        assertEquals(2, posted.size());
        assertEquals(2, h.count("ops", "sent"), "202 is success");
        assertEquals(0, h.count("ops", "retried"), "202 is not retried");
        JsonNode firing = posted.get(0).json();
        assertEquals("message", firing.get("type").asText());
        JsonNode card = firing.at("/attachments/0/content");
        assertEquals("application/vnd.microsoft.card.adaptive", firing.at("/attachments/0/contentType").asText());
        assertEquals("AdaptiveCard", card.get("type").asText());
        assertEquals("Critical: shop/" + POD, card.at("/body/0/text").asText());
        assertEquals("attention", card.at("/body/0/color").asText());
        assertTrue(posted.get(0).body().contains("\"Failing since\""));
        Golden.assertJson("notify", "teams-firing.json", firing);

        JsonNode resolved = posted.get(1).json();
        assertEquals("Resolved: shop/" + POD, resolved.at("/attachments/0/content/body/0/text").asText());
        assertEquals("good", resolved.at("/attachments/0/content/body/0/color").asText());
        Golden.assertJson("notify", "teams-resolved.json", resolved);
    }

    @Test
    void slackBlockKitAsPosted() {
        h = harness(SinkType.SLACK);
        h.cluster.put("shop", POD, "image/not-found-containerd.json");
        h.tickAt(Duration.ZERO);
        h.tickAt(Duration.ofMinutes(2));
        h.cluster.delete("shop", POD);
        h.tickAt(Duration.ofMinutes(3));
        List<Receiver.Request> posted = receiver.requests("/ops");
        assertEquals(2, posted.size());
        JsonNode firing = posted.get(0).json();
        assertTrue(firing.get("text").asText().contains("Critical: shop/" + POD), firing.get("text").asText());
        assertEquals("header", firing.at("/blocks/0/type").asText());
        assertTrue(firing.toString().contains("`image-not-found`"));
        assertTrue(firing.get("blocks").size() <= 50);
        assertFalse(firing.has("response_type"), "an incoming webhook message, not a slash-command reply");
        JsonNode resolved = posted.get(1).json();
        assertTrue(resolved.get("text").asText().contains("Resolved: shop/" + POD));
        assertTrue(resolved.toString().contains("the pod was deleted"), resolved.toString());
    }

    @Test
    void firingMessagesQuoteThePreviousLogOfACrashedContainer() {
        h = harness(SinkType.WEBHOOK);
        h.cluster.put("shop", "checkout", "containers/crash-loop-exit1.json");
        String container = h.cluster.pods.get("shop/checkout").pod().getSpec().getContainers().get(0).getName();
        h.cluster.logs.put(container, "panic: dial tcp 10.0.0.7:5432: connect: connection refused");
        h.tickAt(Duration.ZERO);
        h.tickAt(Duration.ofMinutes(2));
        JsonNode body = receiver.requests("/ops").get(0).json();
        assertEquals("container-crash-loop", body.get("rule").asText());
        assertTrue(body.get("diagnosis").toString().contains("connect: connection refused"), body.get("diagnosis").toString());
    }

    @Test
    void teamsCardOfAWorkloadAsPosted() {
        h = harness(SinkType.TEAMS);
        h.cluster.putWorkload("payments", "workload/quota-deployment-no-pods.json");
        h.tickAt(Duration.ZERO);
        h.tickAt(Duration.ofMinutes(2));
        h.cluster.putWorkload("payments", "workload/quota-deployment-recovered.json");
        h.tickAt(Duration.ofMinutes(7));

        List<Receiver.Request> posted = receiver.requests("/ops");
        assertEquals(2, posted.size());
        JsonNode firing = posted.get(0).json();
        JsonNode card = firing.at("/attachments/0/content");
        assertEquals("AdaptiveCard", card.get("type").asText());
        assertEquals("Critical: Deployment payments/api", card.at("/body/0/text").asText());
        assertTrue(posted.get(0).body().contains("quota-exceeded"));
        assertTrue(posted.get(0).body().contains("payments-quota"));
        assertTrue(posted.get(0).body().contains("\"Failing since\""));
        Golden.assertJson("notify", "teams-workload-firing.json", firing);

        JsonNode resolved = posted.get(1).json();
        assertEquals("Resolved: Deployment payments/api", resolved.at("/attachments/0/content/body/0/text").asText());
        assertEquals("good", resolved.at("/attachments/0/content/body/0/color").asText());
        assertTrue(posted.get(1).body().contains("the Deployment is healthy (2/2 ready)"), posted.get(1).body());
        Golden.assertJson("notify", "teams-workload-resolved.json", resolved);
    }

    @Test
    void slackBlockKitOfAWorkloadAsPosted() {
        h = harness(SinkType.SLACK);
        h.cluster.putWorkload("payments", "workload/quota-deployment-no-pods.json");
        h.tickAt(Duration.ZERO);
        h.tickAt(Duration.ofMinutes(2));
        h.cluster.deleteWorkload("Deployment", "payments", "api");
        h.tickAt(Duration.ofMinutes(3));
        List<Receiver.Request> posted = receiver.requests("/ops");
        assertEquals(2, posted.size());
        JsonNode firing = posted.get(0).json();
        assertTrue(firing.get("text").asText().contains("Critical: Deployment payments/api"), firing.get("text").asText());
        assertEquals("header", firing.at("/blocks/0/type").asText());
        assertTrue(firing.toString().contains("`quota-exceeded`"), firing.toString());
        assertTrue(firing.toString().contains("Failing since"), firing.toString());
        assertTrue(firing.toString().contains("0/2 replicas"), firing.toString());
        JsonNode resolved = posted.get(1).json();
        assertTrue(resolved.get("text").asText().contains("Resolved: Deployment payments/api"), resolved.toString());
        assertTrue(resolved.toString().contains("the Deployment was deleted"), resolved.toString());
    }
}
