package dev.podtriage.store;

import dev.podtriage.diagnosis.Prose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.OptOut;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.ha.Leadership;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentAlert;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.incidents.Member;
import dev.podtriage.stream.DiagnosisChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's behaviour, the same on every database: subclasses give a fresh, migrated one per test. */
abstract class HistoryStoreContract {
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final Leadership leadership = leading::get;
    private HistoryStore store;
    private StoreWriter writer;

    abstract DataSource database();

    @BeforeEach
    void open() {
        store = new HistoryStore(database(), Databases.json());
        writer = new StoreWriter(store, leadership, 50, 10_000);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    private Recorder recorder() throws Exception {
        return new Recorder(writer, store.openEpisodes());
    }

    private void record(Recorder recorder, DiagnosisChange... changes) {
        for (DiagnosisChange c : changes) {
            recorder.record(c);
        }
        writer.flush();
    }

    private static Instant t(int minutes) {
        return Changes.T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void aPodsHistoryAcrossFailRecoverFailIsTwoEpisodesNewestFirst() throws Exception {
        Recorder recorder = recorder();
        Changes pod = new Changes("api-7d9c-x2v9k", "uid-1");
        record(recorder, pod.now(t(0), Changes.oom("app")), pod.now(t(10)), pod.now(t(30), Changes.oom("app")));

        HistoryPage page = store.pod("payments", "api-7d9c-x2v9k", 0, 10).orElseThrow();
        assertEquals(2, page.total());
        HistoryEntry latest = page.items().get(0);
        HistoryEntry earlier = page.items().get(1);
        assertEquals(t(30), latest.since());
        assertNull(latest.resolvedAt(), "the second episode is still open");
        assertEquals(t(0), earlier.since());
        assertEquals(t(10), earlier.resolvedAt());
        assertEquals("container-oom-killed", earlier.rule());
        assertEquals("app", earlier.container());
        assertEquals(Severity.CRITICAL, earlier.severity());
        assertEquals(new OwnerRef("Deployment", "api"), earlier.owner());
        assertEquals("uid-1", earlier.uid());
        assertTrue(earlier.message().startsWith("Container `app` was killed"), earlier.message());
        assertEquals(EvidenceSource.STATUS, earlier.evidence().get(0).source());
        assertEquals(t(30), recorder.since(pod.subject(), "container-oom-killed/app").orElseThrow());
    }

    @Test
    void aGonePodKeepsItsHistoryAndItsWorkloadShowsItWithItsOwnFindings() throws Exception {
        Recorder recorder = recorder();
        Changes first = new Changes("api-7d9c-aaaaa", "uid-a");
        Changes second = new Changes("api-7d9c-bbbbb", "uid-b");
        record(recorder, first.now(t(0), Changes.crashLoop("app")), first.gone(t(5)), second.now(t(6), Changes.oom("app")));

        HistoryPage gone = store.pod("payments", "api-7d9c-aaaaa", 0, 10).orElseThrow();
        assertEquals(t(5), gone.items().get(0).resolvedAt());
        HistoryPage workload = store.workload("payments", "Deployment", "api", 0, 1).orElseThrow();
        assertEquals(2, workload.total());
        assertEquals(List.of("api-7d9c-bbbbb"), workload.items().stream().map(HistoryEntry::name).toList(), "newest first, one a page");
        HistoryPage next = store.workload("payments", "Deployment", "api", Integer.parseInt(workload.next()), 1).orElseThrow();
        assertEquals(List.of("api-7d9c-aaaaa"), next.items().stream().map(HistoryEntry::name).toList());
        assertNull(next.next(), "the last page has no continue token");
        assertTrue(store.pod("payments", "never-seen", 0, 10).isEmpty());
        assertTrue(store.workload("payments", "StatefulSet", "api", 0, 10).isEmpty());
    }

    @Test
    void aRestartContinuesOpenEpisodesAndResolvesWhatEndedWhileDown() throws Exception {
        Changes pod = new Changes("api-7d9c-x2v9k", "uid-1");
        record(recorder(), pod.now(t(0), Changes.oom("app"), Changes.crashLoop("sidecar")));

        // a new service over the same database: the memo fills from cold, with no previous verdict
        Recorder restarted = recorder();
        assertEquals(t(0), restarted.since(pod.subject(), "container-oom-killed/app").orElseThrow(), "since survives the restart");
        Changes again = pod.restarted();
        record(restarted, again.now(t(60), Changes.oom("app").withSince(t(0))));

        HistoryPage page = store.pod("payments", "api-7d9c-x2v9k", 0, 10).orElseThrow();
        assertEquals(2, page.total(), "no new episode for the finding that went on: " + page.items());
        HistoryEntry oom = page.items().stream().filter(e -> e.rule().equals("container-oom-killed")).findFirst().orElseThrow();
        assertEquals(t(0), oom.since());
        assertEquals(t(60), oom.lastSeen());
        assertNull(oom.resolvedAt());
        HistoryEntry crash = page.items().stream().filter(e -> e.rule().equals("container-crash-loop")).findFirst().orElseThrow();
        assertEquals(t(60), crash.resolvedAt(), "ended while the service was down: resolved at the first verdict after the restart");
        assertTrue(restarted.since(pod.subject(), "container-crash-loop/sidecar").isEmpty());
    }

    @Test
    void episodesOfSubjectsNoVerdictMentionsAfterARestartAreSettled() throws Exception {
        Changes stays = new Changes("api-7d9c-stays", "uid-s");
        Changes left = new Changes("api-7d9c-left", "uid-l");
        record(recorder(), stays.now(t(0), Changes.oom("app")), left.now(t(0), Changes.crashLoop("app")));

        Recorder restarted = recorder();
        record(restarted, stays.restarted().now(t(60), Changes.oom("app").withSince(t(0))));
        assertEquals(1, restarted.settle(t(65)), "only the pod no verdict mentioned");
        writer.flush();
        assertEquals(t(65), store.pod("payments", "api-7d9c-left", 0, 10).orElseThrow().items().get(0).resolvedAt());
        assertNull(store.pod("payments", "api-7d9c-stays", 0, 10).orElseThrow().items().get(0).resolvedAt());
        assertTrue(restarted.since(left.subject(), "container-crash-loop/app").isEmpty());
        assertEquals(0, restarted.settle(t(70)), "once");
    }

    @Test
    void aRecreatedPodOfTheSameNameStartsAfresh() throws Exception {
        Recorder recorder = recorder();
        Changes old = new Changes("db-0", "uid-old");
        Changes recreated = new Changes("db-0", "uid-new");
        record(recorder, old.now(t(0), Changes.oom("app")), old.gone(t(1)), recreated.now(t(2), Changes.oom("app")));

        assertEquals(t(2), recorder.since(recreated.subject(), "container-oom-killed/app").orElseThrow());
        assertEquals(List.of("uid-new", "uid-old"),
                store.pod("payments", "db-0", 0, 10).orElseThrow().items().stream().map(HistoryEntry::uid).toList());
    }

    @Test
    void aFollowerWritesNothing() throws Exception {
        leading.set(false);
        Changes pod = new Changes("api-7d9c-x2v9k", "uid-1");
        Recorder recorder = recorder();
        record(recorder, pod.now(t(0), Changes.oom("app")));
        assertTrue(store.pod("payments", "api-7d9c-x2v9k", 0, 10).isEmpty());
        assertEquals(t(0), recorder.since(pod.subject(), "container-oom-killed/app").orElseThrow(), "it still knows since");

        leading.set(true);
        record(recorder, pod.now(t(5), Changes.oom("app"), Changes.crashLoop("sidecar")));
        HistoryPage page = store.pod("payments", "api-7d9c-x2v9k", 0, 10).orElseThrow();
        assertEquals(2, page.total(), "a new leader writes the episodes it took over: " + page.items());
        assertTrue(page.items().stream().anyMatch(e -> e.rule().equals("container-oom-killed") && e.since().equals(t(0))));
    }

    @Test
    void retentionRemovesWhatEndedBeforeTheCutoffAndTheCapTheOldestEnded() throws Exception {
        Recorder recorder = recorder();
        Changes old = new Changes("old", "uid-old");
        Changes recent = new Changes("recent", "uid-recent");
        Changes open = new Changes("open", "uid-open");
        record(recorder, old.now(t(0), Changes.oom("app")), old.now(t(1)), open.now(t(2), Changes.oom("app")),
                recent.now(t(100), Changes.oom("app")), recent.now(t(101)));
        assertTrue(store.claim("incident-a", "ops-slack", "opened", t(0)));
        assertTrue(store.claim("incident-a", "ops-slack", "resolved", t(200)));

        Retention retention = new Retention(store, leadership, Clock.fixed(t(1000), ZoneOffset.UTC), Duration.ofMinutes(950), 10, 10);
        retention.run();
        assertTrue(store.pod("payments", "old", 0, 10).isEmpty(), "resolved before the cutoff");
        assertTrue(store.pod("payments", "recent", 0, 10).isPresent());
        assertTrue(store.pod("payments", "open", 0, 10).isPresent(), "an open episode stays however old");
        assertEquals(t(200), store.lastClaimed("incident-a", "ops-slack").orElseThrow(), "old claims go, newer stay");

        new Retention(store, leadership, Clock.fixed(t(1000), ZoneOffset.UTC), Duration.ofDays(365), 1, 10).run();
        assertTrue(store.pod("payments", "recent", 0, 10).isEmpty(), "over the cap of one row the ended one goes");
        assertTrue(store.pod("payments", "open", 0, 10).isPresent(), "the cap never removes an open episode");
    }

    @Test
    void aClaimHoldsOnceAcrossLedgersOfOneDatabase() {
        StoreLedger one = new StoreLedger(store);
        StoreLedger other = new StoreLedger(store);
        assertTrue(one.claim("image-pull-rate-limited/registry/docker.io", "ops-slack", "opened", t(0)));
        assertFalse(other.claim("image-pull-rate-limited/registry/docker.io", "ops-slack", "opened", t(1)), "claimed by another replica");
        assertFalse(one.claim("image-pull-rate-limited/registry/docker.io", "ops-slack", "opened", t(2)));
        assertTrue(other.claim("image-pull-rate-limited/registry/docker.io", "ops-teams", "opened", t(3)), "another sink");
        assertTrue(other.claim("image-pull-rate-limited/registry/docker.io", "ops-slack", "resolved", t(4)));
        assertEquals(t(4), one.lastClaimed("image-pull-rate-limited/registry/docker.io", "ops-slack").orElseThrow());
        assertTrue(one.lastClaimed("image-pull-rate-limited/registry/docker.io", "webhook").isEmpty());
    }

    @Test
    void resolvedIncidentsComeBackWithTheirMembers() throws Exception {
        Recorder recorder = recorder();
        Incident opened = incident(t(0), null, List.of(member("shop", "web-1")));
        Incident grown = incident(t(0), null, List.of(member("shop", "web-1"), member("payments", "api-1")));
        Incident resolved = incident(t(0), t(30), grown.members());
        recorder.record(new IncidentChange(IncidentChange.Type.OPENED, opened, t(0)));
        recorder.record(new IncidentChange(IncidentChange.Type.CHANGED, grown, t(5)));
        recorder.record(new IncidentChange(IncidentChange.Type.RESOLVED, resolved, t(30)));
        recorder.record(new IncidentChange(IncidentChange.Type.OPENED, incident(t(40), null, List.of(member("shop", "web-2"))), t(40)));
        writer.flush();

        List<Incident> all = store.resolvedIncidents(null, null, null, null, 10);
        assertEquals(1, all.size(), "one resolved episode; the reopened one is open");
        Incident back = all.get(0);
        assertEquals(resolved.id(), back.id());
        assertEquals(t(30), back.resolvedAt());
        assertEquals(2, back.members().size());
        assertEquals(new Cause("registry", null, "docker.io"), back.key());
        assertEquals(1, store.resolvedIncidents(t(30), null, "payments", "image-pull-rate-limited", 10).size());
        assertTrue(store.resolvedIncidents(t(31), null, null, null, 10).isEmpty(), "resolved before since");
        assertTrue(store.resolvedIncidents(null, null, "kube-system", null, 10).isEmpty(), "no member there");
        assertTrue(store.resolvedIncidents(null, null, null, "image-not-found", 10).isEmpty());
    }

    @Test
    void resolvedIncidentsKeepTheirMembersOptOuts() throws Exception {
        OptOut ignored = new OptOut("Deployment payments/api", "image-pull-rate-limited", Instant.parse("2027-01-01T00:00:00Z"), "known flaky");
        Member optedOut = new Member("Pod", "payments", "api-1", new OwnerRef("Deployment", "api"), "node-1", Changes.T0, ignored);
        Incident resolved = incident(t(0), t(30), List.of(member("shop", "web-1"), optedOut));
        Recorder recorder = recorder();
        recorder.record(new IncidentChange(IncidentChange.Type.OPENED, incident(t(0), null, resolved.members()), t(0)));
        recorder.record(new IncidentChange(IncidentChange.Type.RESOLVED, resolved, t(30)));
        writer.flush();

        Incident back = store.resolvedIncidents(null, null, null, null, 10).get(0);
        assertEquals(1, back.optedOut());
        assertNull(back.members().get(0).optOut(), "a member no annotation covers stays without");
        assertEquals(ignored, back.members().get(1).optOut());
        assertEquals(ignored, store.resolvedIncidents(null, null, "payments", null, 10).get(0).members().get(1).optOut());
    }

    private static Member member(String namespace, String pod) {
        return new Member("Pod", namespace, pod, new OwnerRef("Deployment", pod.substring(0, pod.indexOf('-'))), "node-1", Changes.T0);
    }

    private static Incident incident(Instant firstSeen, Instant resolvedAt, List<Member> members) {
        return new Incident("image-pull-rate-limited/registry/docker.io", "image-pull-rate-limited", Severity.CRITICAL, "Registry rate limit",
                resolvedAt == null ? Incident.OPEN : Incident.RESOLVED, new Cause("registry", null, "docker.io"),
                Prose.fromMarkdown("docker.io rate-limits image pulls"), firstSeen, resolvedAt == null ? firstSeen : resolvedAt, resolvedAt,
                new Incident.Scope(members.size(), members.size(), 1, 1), members,
                List.of(new IncidentAlert("KubePodNotReady", "4f3a2b1c0d9e8f7a", "firing")), List.of(Prose.fromMarkdown("Wait.")));
    }

    @Test
    void incidentsRecordedUnderAFollowerAreNotWritten() throws Exception {
        leading.set(false);
        recorder().record(new IncidentChange(IncidentChange.Type.RESOLVED, incident(t(0), t(1), List.of(member("shop", "web-1"))), t(1)));
        writer.flush();
        assertTrue(store.resolvedIncidents(null, null, null, null, 10).isEmpty());
        assertNotNull(store);
    }
}
