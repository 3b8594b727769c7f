package dev.podtriage.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.rules.StandardRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opening, growing and resolving incidents over evaluations, and what a caller sees of them. */
class IncidentTrackerTest {
    private static final Instant T0 = Fixtures.AT;
    private static final Diagnosis RATE_LIMITED = Fixtures.diagnose("image/rate-limited-containerd.json");
    private static final String ID = "image-pull-rate-limited/registry/docker.io";

    private static Map<IncidentKey, List<Observation>> pods(int count) {
        List<Diagnosis> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(GroupingTest.as(RATE_LIMITED, "ns-" + (i % 3), "p-" + i, new OwnerRef("Deployment", "d-" + (i % 3))));
        }
        return Grouping.group(out, List.of());
    }

    @Test
    void anIncidentKeepsItsIdAndFirstSeenWhileItGrowsAndResolvesOnce() {
        IncidentTracker tracker = new IncidentTracker(1000, Duration.ofHours(24));
        IncidentTracker.Changes first = tracker.update(pods(2), T0);
        assertEquals(List.of(ID), first.opened().stream().map(Episode::id).toList());

        IncidentTracker.Changes grown = tracker.update(pods(5), T0.plusSeconds(15));
        assertTrue(grown.opened().isEmpty());
        assertEquals(List.of(ID), grown.changed().stream().map(Episode::id).toList(), "new members change it");
        assertTrue(tracker.update(pods(5), T0.plusSeconds(20)).changed().isEmpty(), "the same members change nothing");
        Episode open = tracker.get(ID).orElseThrow();
        assertEquals(T0, open.firstSeen());
        assertEquals(T0.plusSeconds(20), open.lastSeen());
        assertEquals(5, open.members().size());
        // members keep when they were first seen; new ones start at this evaluation
        assertEquals(T0, open.members().stream().filter(o -> o.member().name().equals("p-0")).findFirst().orElseThrow().member().since());
        assertEquals(T0.plusSeconds(15), open.members().stream().filter(o -> o.member().name().equals("p-4")).findFirst().orElseThrow().member().since());

        IncidentTracker.Changes gone = tracker.update(Map.of(), T0.plusSeconds(30));
        assertEquals(List.of(ID), gone.resolved().stream().map(Episode::id).toList());
        assertTrue(gone.changed().isEmpty());
        assertTrue(tracker.update(Map.of(), T0.plusSeconds(45)).resolved().isEmpty(), "resolved once");
        Episode resolved = tracker.get(ID).orElseThrow();
        assertEquals(T0.plusSeconds(30), resolved.resolvedAt());
        assertEquals(T0.plusSeconds(20), resolved.lastSeen());
        assertEquals(5, resolved.members().size());
        assertTrue(tracker.open().isEmpty());

        tracker.update(pods(1), T0.plusSeconds(60));
        Episode again = tracker.get(ID).orElseThrow();
        assertNull(again.resolvedAt());
        assertEquals(T0.plusSeconds(60), again.firstSeen());
        assertEquals(2, tracker.all().size(), "the reopened incident and the resolved episode");
    }

    @Test
    void resolvedIncidentsAreBoundedByCountAndAge() {
        IncidentTracker tracker = new IncidentTracker(2, Duration.ofHours(1));
        for (int i = 0; i < 4; i++) {
            tracker.update(pods(1), T0.plusSeconds(i * 20L));
            tracker.update(Map.of(), T0.plusSeconds(i * 20L + 10));
        }
        assertEquals(2, tracker.all().size());
        tracker.update(Map.of(), T0.plusSeconds(7200));
        assertTrue(tracker.all().isEmpty());
    }

    @Test
    void aCallerSeesOnlyMembersOfNamespacesItMayRead() {
        IncidentTracker tracker = new IncidentTracker(10, Duration.ofHours(1));
        tracker.update(pods(9), T0);
        IncidentView view = new IncidentView(StandardRules.catalog());
        Episode e = tracker.get(ID).orElseThrow();
        Incident all = view.of(e, ns -> true).orElseThrow();
        assertEquals(new Incident.Scope(9, 3, 3, 1), all.scope());
        assertEquals("docker.io rate-limits image pulls: 9 pods in 3 namespaces", all.summary().markdown());
        assertTrue(all.fixes().get(0).markdown().startsWith("Authenticate pulls from `docker.io`"), all.fixes().get(0).markdown());
        assertTrue(all.fixes().get(0).markdown().endsWith("9 pods in 3 namespaces wait on it."), all.fixes().get(0).markdown());
        Incident one = view.of(e, "ns-1"::equals).orElseThrow();
        assertEquals("docker.io rate-limits image pulls: 3 pods in namespace `ns-1`", one.summary().markdown());
        assertEquals(List.of("ns-1"), one.members().stream().map(Member::namespace).distinct().toList());
        assertTrue(view.of(e, "elsewhere"::equals).isEmpty());
    }

    @Test
    void incidentsLeftOpenByAPreviousRunContinueWithTheirFirstSeenOrSettleOnce() {
        IncidentTracker before = new IncidentTracker(1000, Duration.ofHours(24));
        before.update(pods(3), T0);
        IncidentView view = new IncidentView(StandardRules.catalog(), id -> List.of());
        Incident left = view.of(before.get(ID).orElseThrow(), ns -> true).orElseThrow();

        IncidentTracker continued = new IncidentTracker(1000, Duration.ofHours(24));
        continued.restore(List.of(left));
        IncidentTracker.Changes seen = continued.update(pods(4), T0.plusSeconds(600));
        assertTrue(seen.opened().isEmpty(), "not opened again");
        assertEquals(List.of(ID), seen.changed().stream().map(Episode::id).toList());
        Episode e = continued.get(ID).orElseThrow();
        assertEquals(T0, e.firstSeen());
        assertEquals(T0, e.members().stream().filter(o -> o.member().name().equals("p-0")).findFirst().orElseThrow().member().since());
        assertEquals(T0.plusSeconds(600), e.members().stream().filter(o -> o.member().name().equals("p-3")).findFirst().orElseThrow().member().since());
        assertTrue(continued.settle(T0.plusSeconds(900)).isEmpty(), "seen again: nothing to settle");

        IncidentTracker ended = new IncidentTracker(1000, Duration.ofHours(24));
        ended.restore(List.of(left));
        assertTrue(ended.update(Map.of(), T0.plusSeconds(600)).resolved().isEmpty(), "not resolved before settling");
        List<Incident> settled = ended.settle(T0.plusSeconds(900));
        assertEquals(List.of(ID), settled.stream().map(Incident::id).toList());
        assertEquals(Incident.RESOLVED, settled.get(0).state());
        assertEquals(T0.plusSeconds(900), settled.get(0).resolvedAt());
        assertEquals(T0, settled.get(0).firstSeen());
        assertTrue(ended.settle(T0.plusSeconds(960)).isEmpty(), "once");
        assertEquals(List.of(ID), ended.update(pods(1), T0.plusSeconds(1000)).opened().stream().map(Episode::id).toList(),
                "after settling, a new episode");
        assertEquals(T0.plusSeconds(1000), ended.get(ID).orElseThrow().firstSeen());
    }
}
