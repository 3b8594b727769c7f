package dev.podtriage.notify;

import static dev.podtriage.notify.Harness.sink;
import static dev.podtriage.notify.Harness.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podtriage.notify.NotifyConfig.SinkType;
import dev.podtriage.diagnosis.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The notifier with a clock the test moves, a fake cluster and a receiver on loopback. */
class NotifierTest extends NotifierTestBase {
    private static final String IMAGE_NOT_FOUND = "image/not-found-containerd.json";
    private static final String UNSCHEDULABLE = "scheduling/insufficient-cpu-mixed.json";
    private static final String HEALTHY = "healthy/running-ready.json";

    @Test
    void aPendingPodScheduledWithinTheDelayIsNotSent() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.put("shop", "batch-1", UNSCHEDULABLE);
        h.tickAt(min(0), min(1));
        assertEquals(1, h.tracker.size(), "an unschedulable pod is tracked while its delay runs");
        h.cluster.put("shop", "batch-1", HEALTHY); // scaled up: scheduled and running
        h.tickAt(min(1.5), min(5), min(60));
        assertEquals(List.of(), h.posted("hook"));
        assertEquals(0, h.tracker.size(), "a pod that recovered before any alert leaves no state");
    }

    @Test
    void aPodFailingLongerThanTheDelayIsSentOnce() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.put("shop", "web-1", IMAGE_NOT_FOUND);
        h.tickAt(min(0), Duration.ofSeconds(119));
        assertEquals(List.of(), h.posted("hook"), "not news before the delay");
        h.tickAt(min(2), min(3), min(45), min(240));
        assertEquals(List.of("firing web-1 image-not-found"), h.posted("hook"), "once, however long it fails");
        JsonNode body = receiver.requests("/hook").get(0).json();
        assertEquals("firing", body.get("event").asText());
        assertEquals("image-not-found", body.get("rule").asText());
        assertEquals("shop", body.get("namespace").asText());
        assertEquals("2026-11-27T10:00:00Z", body.get("since").asText());
        assertEquals("2026-11-27T10:02:00Z", body.get("at").asText());
        assertEquals("web-1", body.at("/diagnosis/pod/name").asText());
        assertEquals("image-not-found", body.at("/diagnosis/findings/0/rule").asText());
        assertEquals("critical", body.at("/diagnosis/severity").asText());
        assertEquals("2026-11-27T10:02:00Z", body.at("/diagnosis/evaluatedAt").asText(), "diagnosed at the clock's instant");
        assertTrue(body.at("/diagnosis/findings/0/evidence").size() > 0);
        assertEquals("application/json; charset=utf-8", receiver.requests("/hook").get(0).header("Content-Type"));
        assertEquals(1, h.count("hook", "sent"));
    }

    @Test
    void cooldownSuppressesTheRepeatsOfAFlappingPod() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.put("shop", "web-1", IMAGE_NOT_FOUND);
        h.tickAt(min(0));
        h.tickAt(min(2));    // firing
        h.cluster.put("shop", "web-1", HEALTHY);
        h.tickAt(min(5));    // resolved
        h.cluster.put("shop", "web-1", IMAGE_NOT_FOUND);
        h.tickAt(min(6), min(9), min(31)); // failing for 3m again at 10:09, but the last firing message was 7m ago
        assertEquals(List.of("firing web-1 image-not-found", "resolved web-1 image-not-found"), h.posted("hook"));
        h.tickAt(min(32), min(33)); // the cooldown (30m after 10:02) has run out and it still fails
        assertEquals(List.of("firing web-1 image-not-found", "resolved web-1 image-not-found", "firing web-1 image-not-found"),
                h.posted("hook"));
        assertEquals("2026-11-27T10:06:00Z", receiver.requests("/hook").get(2).json().get("since").asText(),
                "the second episode started at 10:06");
    }

    @Test
    void resolvedIsSentWhenThePodRecoversOrIsDeleted() {
        SinkSettings quiet = sink("quiet", SinkType.WEBHOOK, receiver, SinkFilter.all(Severity.WARNING), min(2), min(30), false);
        h = new Harness(receiver, List.of(webhook("hook", receiver), quiet));
        h.cluster.put("shop", "web-1", IMAGE_NOT_FOUND);
        h.cluster.put("shop", "web-2", IMAGE_NOT_FOUND);
        h.tickAt(min(0), min(2));
        h.cluster.put("shop", "web-1", HEALTHY);
        h.cluster.delete("shop", "web-2");
        h.tickAt(min(4));
        assertEquals(Set.of("firing web-1 image-not-found", "firing web-2 image-not-found", "resolved web-1 image-not-found",
                "resolved web-2 image-not-found"), Set.copyOf(h.posted("hook")));
        assertEquals(4, h.posted("hook").size());
        assertEquals(2, h.posted("quiet").size(), "send-resolved=false: the firing messages only");
        assertTrue(h.posted("quiet").stream().allMatch(p -> p.startsWith("firing")));

        JsonNode recovered = resolved("web-1");
        assertEquals("recovered", recovered.get("reason").asText());
        assertTrue(recovered.at("/diagnosis/healthy").asBoolean(), "the current, healthy diagnosis");
        assertEquals("2026-11-27T10:04:00Z", recovered.get("at").asText());
        JsonNode deleted = resolved("web-2");
        assertEquals("deleted", deleted.get("reason").asText());
        assertEquals("image-not-found", deleted.at("/diagnosis/findings/0/rule").asText(), "the last diagnosis seen");
        assertEquals(1, h.tracker.size(), "the deleted pod is forgotten; the recovered one keeps its cooldown");
        h.tickAt(min(32));
        assertEquals(0, h.tracker.size(), "until it ran out");
    }

    private JsonNode resolved(String pod) {
        return receiver.requests("/hook").stream().map(Receiver.Request::json)
                .filter(j -> j.get("event").asText().equals("resolved") && j.get("pod").asText().equals(pod)).findFirst().orElseThrow();
    }

    @Test
    void stateOfDeletedAndRecoveredPodsIsForgotten() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        for (int i = 0; i < 20; i++) {
            h.cluster.put("shop", "web-" + i, IMAGE_NOT_FOUND);
        }
        h.notifier.sweep();
        h.tickAt(min(2));
        assertEquals(20, h.tracker.size());
        for (int i = 0; i < 10; i++) {
            h.cluster.delete("shop", "web-" + i);
        }
        for (int i = 10; i < 20; i++) {
            h.cluster.put("shop", "web-" + i, HEALTHY);
        }
        h.sweepAfter(min(1));
        assertEquals(10, h.tracker.size(), "deleted pods are forgotten at once; recovered ones keep their cooldown");
        h.tickAt(min(33));
        assertEquals(0, h.tracker.size(), "and forget it when it ran out");
    }

    @Test
    void filtersByNamespaceRuleAndSeverity() {
        h = new Harness(receiver, Harness.filteringSinks(receiver, "image-not-found"));
        h.cluster.put("team-a", "web", IMAGE_NOT_FOUND);
        h.cluster.put("team-secret", "web", IMAGE_NOT_FOUND);
        h.cluster.put("other", "web", IMAGE_NOT_FOUND);
        h.cluster.put("team-a", "ui", "containers/readiness-failing-briefly.json");
        h.cluster.put("other", "checkout", "containers/crash-loop-exit1.json");
        h.cluster.put("other", "ok", HEALTHY);
        h.notifier.sweep();
        h.sweepAfter(min(2));

        assertEquals(Set.of("firing web image-not-found", "firing ui readiness-probe-failed"), Set.copyOf(h.posted("teams-only")));
        assertEquals("team-a", receiver.requests("/teams-only").get(0).json().get("namespace").asText());
        assertEquals(List.of("firing checkout container-crash-loop"), h.posted("crashes"));
        assertEquals(Set.of("firing ui readiness-probe-failed", "firing checkout container-crash-loop"), Set.copyOf(h.posted("excluding")));
        assertEquals(Set.of("team-a/web", "team-secret/web", "other/web", "other/checkout"),
                Set.copyOf(receiver.requests("/critical").stream()
                        .map(r -> r.json().get("namespace").asText() + "/" + r.json().get("pod").asText()).toList()),
                "the readiness pod unready for a minute only is a warning, below critical");
    }

    @Test
    void nothingIsDecidedWhileTheCachesAreNotLive() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.put("shop", "web-1", IMAGE_NOT_FOUND);
        h.tickAt(min(0), min(2));
        h.cluster.ready = false;          // an outage: the caches are stale
        h.cluster.delete("shop", "web-1");
        h.tickAt(min(3));
        h.sweepAfter(Duration.ZERO);
        assertEquals(List.of("firing web-1 image-not-found"), h.posted("hook"), "no resolved message from an outage");
        h.cluster.ready = true;
        h.tickAt(min(4));
        assertEquals(List.of("firing web-1 image-not-found", "resolved web-1 image-not-found"), h.posted("hook"));
    }

    @Test
    void aRecreatedPodOfTheSameNameIsANewPod() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.put("db", "postgres-0", IMAGE_NOT_FOUND);
        h.tickAt(min(0), min(2));
        h.cluster.put("db", "postgres-0", IMAGE_NOT_FOUND);
        h.cluster.pods.get("db/postgres-0").pod().getMetadata().setUid("uid-recreated");
        h.tickAt(min(3));
        assertEquals(List.of("firing postgres-0 image-not-found", "resolved postgres-0 image-not-found"), h.posted("hook"));
        assertEquals("deleted", receiver.requests("/hook").get(1).json().get("reason").asText());
        h.tickAt(min(5));
        assertEquals(3, h.posted("hook").size(), "the new pod fires after its own delay");
    }

    @Test
    void rulesStartingToFireTogetherGoInOneMessage() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.put("shop", "two", "containers/multi-container-crash-and-oom.json");
        h.tickAt(min(0), min(2));
        List<Receiver.Request> posted = receiver.requests("/hook");
        assertEquals(1, posted.size());
        JsonNode rules = posted.get(0).json().get("rules");
        assertTrue(rules.size() >= 2, "both containers' causes: " + rules);
        assertEquals(posted.get(0).json().at("/diagnosis/findings/0/rule").asText(), rules.get(0).asText(), "root cause first");
    }
}
