package dev.podtriage.notify;

import static dev.podtriage.notify.Harness.replicas;
import static dev.podtriage.notify.Harness.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.incidents.Incident;
import dev.podtriage.store.TestStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restart of the service over the same history database (H2): new tracker, announcer and ledger objects
 * that find what the previous run left open. A still-failing incident is not announced again; one that
 * ended while the service was down is announced resolved once, when the restarted service settles.
 */
class RestartNotificationsTest {
    private static final String WEB = "container-crash-loop/deployment/shop/web";
    private static final String API = "container-crash-loop/deployment/shop/api";

    private final Receiver receiver = new Receiver(200);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        receiver.close();
    }

    /** One run of the service over {@code store}: it records every incident change and restores what was left open. */
    private Harness run(TestStore store) throws Exception {
        Harness h = new Harness(List.of(webhook("hook", receiver, Duration.ZERO)), List.of(10), store.ledger());
        h.observer = store::record;
        h.tracker.restore(store.openIncidents());
        closing.add(h);
        closing.add(store);
        return h;
    }

    private List<String> events() {
        return receiver.requests("/hook").stream().map(r -> r.json().get("event").asText() + " " + r.json().at("/incident/id").asText()).toList();
    }

    private static List<Diagnosis> failing(int web, int api) {
        return Stream.concat(replicas("shop", "web", web).stream(), replicas("shop", "api", api).stream()).toList();
    }

    @Test
    void aRestartAnnouncesNoStillFailingIncidentAgainAndWhatEndedWhileDownResolvesOnce() throws Exception {
        TestStore first = new TestStore();
        Harness before = run(first);
        before.evaluate(Duration.ofMinutes(0), failing(3, 2));
        before.evaluate(Duration.ofMinutes(1), failing(3, 2));
        assertEquals(List.of("opened " + API, "opened " + WEB), events().stream().sorted().toList());
        Incident web = before.view.of(before.tracker.get(WEB).orElseThrow(), ns -> true).orElseThrow();

        // down from minute 2 to minute 10; meanwhile api was fixed, web still crash-loops
        TestStore second = first.restart();
        Harness after = run(second);
        after.evaluate(Duration.ofMinutes(10), failing(3, 0));
        after.evaluate(Duration.ofMinutes(11), failing(3, 0));
        assertEquals(2, events().size(), "nothing announced again: " + events());
        assertEquals(web.firstSeen(), after.tracker.get(WEB).orElseThrow().firstSeen(), "the incident continues, same firstSeen");
        assertEquals(web.members().get(0).since(), after.tracker.get(WEB).orElseThrow().members().get(0).member().since(),
                "members keep their since");

        after.settle(Duration.ofMinutes(15));
        after.settle(Duration.ofMinutes(16));
        assertEquals(List.of("resolved " + API), events().subList(2, events().size()), "the fix made while down, announced once");
        Receiver.Request resolved = receiver.requests("/hook").get(2);
        assertEquals("resolved", resolved.json().at("/incident/state").asText());

        // a second restart: web still failing, api resolved in the store; nothing new, and web resolves normally once
        Harness again = run(second.restart());
        assertEquals(1, again.tracker.unsettled(), "only web is left open");
        again.evaluate(Duration.ofMinutes(20), failing(3, 0));
        again.settle(Duration.ofMinutes(25));
        again.evaluate(Duration.ofMinutes(26), List.of());
        again.evaluate(Duration.ofMinutes(27), List.of());
        assertEquals(List.of("resolved " + API, "resolved " + WEB), events().subList(2, events().size()));
    }

    @Test
    void anIncidentNeverAnnouncedBeforeTheRestartIsNotAnnouncedResolved() throws Exception {
        TestStore first = new TestStore();
        Harness before = new Harness(List.of(webhook("hook", receiver, Duration.ofMinutes(30))), List.of(10), first.ledger());
        before.observer = first::record;
        closing.add(before);
        before.evaluate(Duration.ofMinutes(0), failing(0, 2));
        assertTrue(events().isEmpty(), "still within the sink's delay");

        Harness after = run(first.restart());
        assertEquals(1, after.tracker.unsettled());
        after.evaluate(Duration.ofMinutes(10), List.of());
        after.settle(Duration.ofMinutes(15));
        assertTrue(events().isEmpty(), "never announced opened, so no resolution: " + events());
        assertEquals(0, after.tracker.unsettled());
    }
}
