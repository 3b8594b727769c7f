package dev.podtriage.notify;

import static dev.podtriage.notify.Harness.replicas;
import static dev.podtriage.notify.Harness.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.OptOut;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.incidents.IncidentAlert;
import dev.podtriage.notify.NotifyConfig.SinkType;
import dev.podtriage.notify.WebhookSender.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One message per incident and sink: opened after the delay, grown past a threshold, resolved; claimed once. */
class IncidentNotificationsTest {
    private static final String CRASH = "container-crash-loop/deployment/shop/web";
    private static final Duration DELAY = Duration.ofMinutes(2);

    private final Receiver receiver = new Receiver(200);
    private final List<Harness> harnesses = new ArrayList<>();

    @AfterEach
    void close() {
        harnesses.forEach(Harness::close);
        receiver.close();
    }

    private Harness harness(SinkSettings... sinks) {
        Harness h = new Harness(List.of(sinks));
        harnesses.add(h);
        return h;
    }

    private List<String> events(String sink) {
        return receiver.requests("/" + sink).stream().map(r -> r.json().get("event").asText()
                + (r.json().has("threshold") ? ":" + r.json().get("threshold").asInt() : "")).toList();
    }

    private static Duration min(int m) {
        return Duration.ofMinutes(m);
    }

    @Test
    void fiftyCrashLoopingReplicasAreOneMessage() {
        Harness h = harness(webhook("hook", receiver, DELAY));
        List<Diagnosis> fifty = replicas("shop", "web", 50);
        for (int m = 0; m <= 6; m++) {
            h.evaluate(min(m), fifty);
        }
        assertEquals(List.of("opened"), events("hook"));
        Receiver.Request opened = receiver.requests("/hook").get(0);
        assertEquals(CRASH, opened.json().at("/incident/id").asText());
        assertEquals(50, opened.json().at("/incident/scope/pods").asInt());
        assertEquals(50, opened.json().at("/incident/members").size());
        assertEquals(T0plus(DELAY), opened.json().get("at").asText(), "sent when the delay ended");
    }

    @Test
    void anIncidentShorterThanTheDelayIsNotSentNorResolved() {
        Harness h = harness(webhook("hook", receiver, DELAY));
        h.evaluate(min(0), replicas("shop", "web", 3));
        h.evaluate(min(1), List.of());
        h.evaluate(min(5), List.of());
        assertEquals(List.of(), events("hook"));
    }

    @Test
    void growthPastAThresholdIsOneFollowUpEach() {
        Harness h = harness(webhook("hook", receiver, Duration.ZERO));
        h.evaluate(min(0), replicas("shop", "web", 5));
        h.evaluate(min(1), replicas("shop", "web", 8));
        h.evaluate(min(2), replicas("shop", "web", 12));
        h.evaluate(min(3), replicas("shop", "web", 14));
        h.evaluate(min(4), replicas("shop", "web", 9));
        h.evaluate(min(5), replicas("shop", "web", 13));
        assertEquals(List.of("opened", "grew:10"), events("hook"), "past 10 once, however it wavers");
        // past two thresholds between evaluations: one follow-up, naming the higher
        h.evaluate(min(6), replicas("shop", "web", 120));
        assertEquals(List.of("opened", "grew:10", "grew:100"), events("hook"));
        assertEquals(120, receiver.requests("/hook").get(2).json().at("/incident/scope/pods").asInt());
    }

    /** The replicas, the first {@code optedOut} of them with their findings covered by an opt-out annotation. */
    private static List<Diagnosis> optedOut(List<Diagnosis> replicas, int optedOut) {
        OptOut ignore = new OptOut("Deployment shop/web", null, Harness.T0.plus(Duration.ofDays(30)), "known flaky");
        List<Diagnosis> out = new ArrayList<>(replicas);
        for (int i = 0; i < optedOut; i++) {
            Diagnosis d = out.get(i);
            out.set(i, d.withFindings(d.findings().stream().map(f -> f.withOptOut(ignore)).toList()));
        }
        return out;
    }

    @Test
    void anIncidentAllOfWhoseMembersAreOptedOutIsNotAnnouncedAndGrowthCountsTheOthers() {
        Harness h = harness(webhook("hook", receiver, Duration.ZERO));
        h.evaluate(min(0), optedOut(replicas("shop", "web", 3), 3));
        h.evaluate(min(5), optedOut(replicas("shop", "web", 12), 12));
        assertEquals(List.of(), events("hook"), "every member opted out: not news, however wide");
        assertEquals(12, h.view.of(h.tracker.get(CRASH).orElseThrow(), ns -> true).orElseThrow().optedOut());

        h.evaluate(min(6), optedOut(replicas("shop", "web", 12), 11));
        assertEquals(List.of("opened"), events("hook"), "one member not opted out: announced");
        Receiver.Request opened = receiver.requests("/hook").get(0);
        assertEquals(11, opened.json().at("/incident/optedOut").asInt());
        assertEquals("known flaky", opened.json().at("/incident/members/0/optOut/reason").asText());
        h.evaluate(min(7), optedOut(replicas("shop", "web", 14), 11));
        assertEquals(List.of("opened"), events("hook"), "3 pods not opted out: below the threshold of 10");

        h.evaluate(min(8), replicas("shop", "web", 14));
        assertEquals(List.of("opened", "grew:10"), events("hook"), "the opt-outs ended: 14 pods count");
        h.evaluate(min(9), List.of());
        assertEquals(List.of("opened", "grew:10", "resolved"), events("hook"));
    }

    @Test
    void anIncidentOpeningWideHasNoFollowUpForWhatTheOpeningSays() {
        Harness h = harness(webhook("hook", receiver, Duration.ZERO));
        h.evaluate(min(0), replicas("shop", "web", 60));
        h.evaluate(min(1), replicas("shop", "web", 70));
        assertEquals(List.of("opened"), events("hook"));
    }

    @Test
    void resolutionIsOneMessageThenANewEpisodeIsNewsAfterTheCooldown() {
        Harness h = harness(webhook("hook", receiver, Duration.ZERO));
        h.evaluate(min(0), replicas("shop", "web", 4));
        h.evaluate(min(1), List.of());
        h.evaluate(min(2), List.of());
        assertEquals(List.of("opened", "resolved"), events("hook"));
        Receiver.Request resolved = receiver.requests("/hook").get(1);
        assertEquals("resolved", resolved.json().at("/incident/state").asText());
        assertEquals(T0plus(min(1)), resolved.json().at("/incident/resolvedAt").asText());

        // it comes back within the 30-minute cooldown of the last message: held back until the cooldown ends
        h.evaluate(min(10), replicas("shop", "web", 4));
        assertEquals(List.of("opened", "resolved"), events("hook"));
        h.evaluate(min(31), replicas("shop", "web", 4));
        assertEquals(List.of("opened", "resolved", "opened"), events("hook"));
    }

    @Test
    void aFailingSinkDoesNotBlockTheOthers() {
        SinkSettings dead = new SinkSettings("dead", SinkType.WEBHOOK, URI.create("http://127.0.0.1:" + closedPort() + "/dead"), null,
                Map.of(), SinkFilter.all(Severity.WARNING), Duration.ZERO, Duration.ZERO, true);
        Harness h = harness(dead, webhook("hook", receiver, Duration.ZERO));
        List<Outcome> outcomes = h.evaluate(min(0), replicas("shop", "web", 50));
        assertEquals(List.of(Outcome.FAILED, Outcome.SENT), outcomes);
        assertEquals(List.of("opened"), events("hook"));
        assertEquals(2.0, h.metrics.counter("triage.notifications", "sink", "dead", "outcome", "retried").count(), "retried as before");
    }

    @Test
    void aSinkReceivesOnlyTheIncidentsItsFiltersMatch() {
        SinkFilter shop = new SinkFilter(List.of("shop"), List.of(), Set.of(), Set.of(), Severity.WARNING);
        SinkFilter noCrashes = new SinkFilter(List.of(), List.of(), Set.of(), Set.of("container-crash-loop"), Severity.WARNING);
        Harness h = harness(Harness.sink("shop", SinkType.WEBHOOK, receiver, shop, Duration.ZERO, Duration.ZERO),
                Harness.sink("no-crashes", SinkType.WEBHOOK, receiver, noCrashes, Duration.ZERO, Duration.ZERO),
                Harness.sink("critical", SinkType.WEBHOOK, receiver, SinkFilter.all(Severity.CRITICAL), Duration.ZERO, Duration.ZERO));
        h.evaluate(min(0), Stream.concat(replicas("shop", "web", 3).stream(), replicas("billing", "api", 2).stream()).toList());
        assertEquals(List.of(CRASH), receiver.requests("/shop").stream().map(r -> r.json().at("/incident/id").asText()).toList());
        assertEquals(List.of(), events("no-crashes"));
        assertEquals(2, events("critical").size(), "both crash loops are critical");
    }

    @Test
    void aSinkRoutedByLabelReceivesTheIncidentsOfTheMembersThatCarryIt() {
        SinkFilter payments = new SinkFilter(List.of(), List.of(), Set.of(), Set.of(), Severity.WARNING, List.of("team=payments", "tier"));
        SinkSettings sink = Harness.sink("payments", SinkType.WEBHOOK, receiver, payments, Duration.ZERO, Duration.ZERO);
        Map<String, Map<String, String>> byNamespace = Map.of("billing", Map.of("team", "payments", "tier", "backend"),
                "shop", Map.of("team", "payments"), "search", Map.of("team", "search", "tier", "backend"));
        Harness h = new Harness(List.of(sink), List.of(10), new MemoryLedger(), m -> byNamespace.getOrDefault(m.namespace(), Map.of()));
        harnesses.add(h);
        h.evaluate(min(0), Stream.of(replicas("shop", "web", 2), replicas("billing", "api", 2), replicas("search", "index", 2))
                .flatMap(List::stream).toList());
        assertEquals(List.of("container-crash-loop/deployment/billing/api"),
                receiver.requests("/payments").stream().map(r -> r.json().at("/incident/id").asText()).toList(), "every selector must hold");
    }

    @Test
    void aReplicaThatDoesNotLeadSendsNothingAndAClaimIsNeverMadeTwice() {
        SinkSettings sink = webhook("hook", receiver, Duration.ZERO);
        MemoryLedger shared = new MemoryLedger();
        Harness follower = new Harness(List.of(sink), List.of(10), shared);
        Harness leader = new Harness(List.of(sink), List.of(10), shared);
        harnesses.add(follower);
        harnesses.add(leader);
        follower.leading = false;
        follower.evaluate(min(0), replicas("shop", "web", 4));
        assertEquals(List.of(), events("hook"));
        leader.evaluate(min(0), replicas("shop", "web", 4));
        // the follower takes over: what the leader claimed is not sent again
        follower.leading = true;
        follower.evaluate(min(1), replicas("shop", "web", 4));
        follower.evaluate(min(2), replicas("shop", "web", 11));
        leader.evaluate(min(2), replicas("shop", "web", 11));
        assertEquals(List.of("opened", "grew:10"), events("hook"));
    }

    @Test
    void alertsAnIncidentExplainsAreForwardedOnce() {
        Harness h = harness(webhook("hook", receiver, Duration.ZERO), Harness.sink("slack", SinkType.SLACK, receiver,
                SinkFilter.all(Severity.WARNING), Duration.ZERO, Duration.ZERO));
        h.evaluate(min(0), replicas("shop", "web", 4));
        List<IncidentAlert> alerts = List.of(new IncidentAlert("KubePodCrashLooping", "a1", "firing"),
                new IncidentAlert("KubePodCrashLooping", "a2", "firing"), new IncidentAlert("KubeDeploymentReplicasMismatch", "a3", "firing"));
        h.attach(min(1), CRASH, alerts);
        h.attach(min(2), CRASH, List.of(alerts.get(0), new IncidentAlert("KubePodNotReady", "a4", "firing")));
        h.evaluate(min(3), replicas("shop", "web", 4));
        assertEquals(List.of("opened", "alerts"), events("hook"));
        assertEquals(List.of("a1", "a2", "a3"), receiver.requests("/hook").get(1).json().at("/incident/alerts").findValuesAsText("fingerprint"));
        String slack = receiver.requests("/slack").get(1).json().get("text").asText();
        assertTrue(slack.contains("KubePodCrashLooping ×2 and KubeDeploymentReplicasMismatch ×1: one cause, incident " + CRASH), slack);

        // alerts known before the incident is announced are in the opening message: no second message for them
        Harness later = harness(webhook("later", receiver, DELAY));
        later.evaluate(min(0), replicas("shop", "web", 4));
        later.attach(min(1), CRASH, alerts);
        later.evaluate(min(2), replicas("shop", "web", 4));
        later.evaluate(min(3), replicas("shop", "web", 4));
        assertEquals(List.of("opened"), events("later"));
        assertEquals(3, receiver.requests("/later").get(0).json().at("/incident/alerts").size());
    }

    @Test
    void theMemoryLedgerIsBounded() {
        MemoryLedger ledger = new MemoryLedger(100);
        Instant at = Harness.T0;
        for (int i = 0; i < 1000; i++) {
            assertTrue(ledger.claim("incident-" + i, "hook", "opened", at));
        }
        assertEquals(100, ledger.size());
        assertTrue(!ledger.claim("incident-999", "hook", "opened", at), "the newest claims are kept");
        assertTrue(ledger.lastClaimed("incident-999", "hook").isPresent());
        assertTrue(ledger.lastClaimed("incident-0", "hook").isEmpty(), "the oldest are dropped");
    }

    private static String T0plus(Duration d) {
        return Harness.T0.plus(d).toString();
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
