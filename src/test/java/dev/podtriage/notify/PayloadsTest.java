package dev.podtriage.notify;

import static dev.podtriage.notify.Harness.replicas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.notify.NotifyConfig.SinkType;
import dev.podtriage.testing.Golden;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bodies as posted for an incident: a Teams card (golden files), Slack Block Kit, the webhook envelope, PagerDuty events. */
class PayloadsTest {
    private final Receiver receiver = new Receiver(202); // what Teams Workflows answer
    private Harness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
        receiver.close();
    }

    /** A sink of this type while a crash loop opens with 4 replicas, grows to 12 (past 10) and resolves. */
    private List<Receiver.Request> openGrowResolve(SinkType type) {
        h = new Harness(List.of(Harness.sink("ops", type, receiver, SinkFilter.all(Severity.WARNING), Duration.ZERO, Duration.ZERO)));
        h.evaluate(Duration.ZERO, replicas("shop", "web", 4));
        h.evaluate(Duration.ofMinutes(1), replicas("shop", "web", 12));
        h.evaluate(Duration.ofMinutes(2), List.of());
        List<Receiver.Request> posted = receiver.requests("/ops");
        assertEquals(3, posted.size());
        return posted;
    }

    @Test
    void teamsCardAsPosted() {
        List<Receiver.Request> posted = openGrowResolve(SinkType.TEAMS);
        assertEquals(3, h.metrics.counter("triage.notifications", "sink", "ops", "outcome", "sent").count(), "202 is success");
        JsonNode opened = posted.get(0).json();
        assertEquals("message", opened.get("type").asText());
        JsonNode card = opened.at("/attachments/0/content");
        assertEquals("application/vnd.microsoft.card.adaptive", opened.at("/attachments/0/contentType").asText());
        assertEquals("AdaptiveCard", card.get("type").asText());
        assertEquals("Critical: incident container-crash-loop/deployment/shop/web", card.at("/body/0/text").asText());
        assertEquals("attention", card.at("/body/0/color").asText());
        Golden.assertJson("notify", "teams-opened.json", opened);

        assertEquals("Grew past 10 pods: incident container-crash-loop/deployment/shop/web",
                posted.get(1).json().at("/attachments/0/content/body/0/text").asText());
        JsonNode resolved = posted.get(2).json();
        assertEquals("Resolved: incident container-crash-loop/deployment/shop/web", resolved.at("/attachments/0/content/body/0/text").asText());
        assertEquals("good", resolved.at("/attachments/0/content/body/0/color").asText());
        Golden.assertJson("notify", "teams-resolved.json", resolved);
    }

    @Test
    void slackBlockKitAsPosted() {
        List<Receiver.Request> posted = openGrowResolve(SinkType.SLACK);
        JsonNode opened = posted.get(0).json();
        assertTrue(opened.get("text").asText().contains("Critical: incident container-crash-loop/deployment/shop/web"), opened.get("text").asText());
        assertEquals("header", opened.at("/blocks/0/type").asText());
        assertTrue(opened.toString().contains("`container-crash-loop`"));
        assertTrue(opened.get("blocks").size() <= 50);
        assertFalse(opened.has("response_type"), "an incoming webhook message, not a slash-command reply");
        assertTrue(posted.get(1).json().toString().contains("12 pods"), posted.get(1).body());
        assertTrue(posted.get(2).json().get("text").asText().contains("Resolved: incident container-crash-loop/deployment/shop/web"));
    }

    @Test
    void webhookEnvelopeCarriesTheIncidentJson() {
        List<Receiver.Request> posted = openGrowResolve(SinkType.WEBHOOK);
        JsonNode grew = posted.get(1).json();
        assertEquals("grew", grew.get("event").asText());
        assertEquals(10, grew.get("threshold").asInt());
        assertEquals(Harness.T0.plusSeconds(60).toString(), grew.get("at").asText());
        assertEquals("container-crash-loop/deployment/shop/web", grew.at("/incident/id").asText());
        assertEquals(12, grew.at("/incident/members").size());
        assertEquals("resolved", posted.get(2).json().get("event").asText());
        assertFalse(posted.get(0).json().has("threshold"));
    }

    /** The Events API v2 bodies PagerDuty documents: trigger, trigger again with the same dedup_key, resolve. */
    @Test
    void pagerDutyEventsAsPosted() throws Exception {
        List<Receiver.Request> posted = openGrowResolve(SinkType.PAGERDUTY);
        String id = "container-crash-loop/deployment/shop/web";
        JsonNode trigger = posted.get(0).json();
        List<String> members = java.util.stream.IntStream.range(0, 4).mapToObj(i -> "\"Pod shop/web-7d9c8b5f4d-" + i + "\"").toList();
        String fixes = Harness.MAPPER.writeValueAsString(h.view.of(h.tracker.all().get(0), ns -> true).orElseThrow().fixes());
        JsonNode expected = Harness.MAPPER.readTree("""
                {"routing_key": "R0UT1NGKEY0123456789ABCDEFGHIJKL",
                 "event_action": "trigger",
                 "dedup_key": "%s",
                 "payload": {
                   "summary": "Container crash-looping (deployment `shop/web`): 4 pods in namespace `shop`",
                   "source": "shop/web",
                   "severity": "critical",
                   "timestamp": "2026-11-27T10:00:00Z",
                   "component": "deployment",
                   "class": "container-crash-loop",
                   "custom_details": {
                     "root_cause": "container-crash-loop",
                     "root_cause_detail": %s,
                     "evidence": [
                       "status CrashLoopBackOff: back-off 5m0s restarting failed container=checkout pod=checkout-7b8c9d6e5-a1s2d_shop(8ba70d71-0a30-8bb4-fa1f-18ddc767afcc)",
                       "status Error: exitCode=1 reason=Error finishedAt=2026-11-27T09:57:43Z message=config error: required setting STRIPE_API_KEY is empty",
                       "event BackOff ×171: Back-off restarting failed container checkout in pod checkout-7b8c9d6e5-a1s2d_shop(8ba70d71-0a30-8bb4-fa1f-18ddc767afcc)"],
                     "key": {"kind": "deployment", "namespace": "shop", "name": "web"},
                     "scope": {"pods": 4, "workloads": 1, "namespaces": 1, "nodes": 1},
                     "members": [%s],
                     "fixes": %s}},
                 "client": "pod-triage"}
                """.formatted(id, Harness.MAPPER.writeValueAsString(Harness.CRASH_LOOP.findings().get(0).message() + " (Pod shop/web-7d9c8b5f4d-0)"),
                String.join(", ", members), fixes));
        assertEquals(expected, trigger);
        assertTrue(posted.get(0).header("Content-Type").startsWith("application/json"));

        JsonNode again = posted.get(1).json();
        assertEquals("trigger", again.get("event_action").asText());
        assertEquals(id, again.get("dedup_key").asText());
        assertEquals(10, again.at("/payload/custom_details/grew_past_pods").asInt());
        assertEquals(12, again.at("/payload/custom_details/scope/pods").asInt());

        assertEquals(Harness.MAPPER.readTree("""
                {"routing_key": "R0UT1NGKEY0123456789ABCDEFGHIJKL", "event_action": "resolve", "dedup_key": "%s"}
                """.formatted(id)), posted.get(2).json());
    }
}
