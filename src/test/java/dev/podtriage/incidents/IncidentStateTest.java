package dev.podtriage.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.rules.WorkloadRules;
import dev.podtriage.stream.DiagnosisChange;
import dev.podtriage.stream.SubjectRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The incidents kept from the change stream: one change costs the work of its own subject, and any
 * sequence of changes leaves the same incidents as grouping everything afresh.
 */
class IncidentStateTest {
    private static final Instant T0 = Fixtures.AT;
    /** Diagnoses of real fixtures, each a different kind of incident key (registry, image, workload, node) or none. */
    private static final List<Diagnosis> TEMPLATES = List.of(
            Fixtures.diagnose("image/rate-limited-containerd.json"),
            Fixtures.diagnose("image/not-found-containerd.json"),
            Fixtures.diagnose("containers/crash-loop-exit1.json"),
            Fixtures.diagnose("lifecycle/evicted-memory.json"),
            Fixtures.diagnose("healthy/running-ready.json"),
            Fixtures.diagnose("lint/unbounded.json"));
    private static final WorkloadReport QUOTA = quotaBlockedDeployment();

    private static WorkloadReport quotaBlockedDeployment() {
        List<HasMetadata> items = new ManifestReader().read(Fixtures.read("workload/quota-deployment-no-pods.json"), false);
        HasMetadata deployment = items.stream().filter(o -> o.getKind().equals("Deployment")).findFirst().orElseThrow();
        List<Event> events = items.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
        List<Finding> findings = new WorkloadRules().detectWorkload(deployment, events, List.of(), T0);
        return WorkloadReport.of("test", deployment, findings, List.of(), T0);
    }

    /** A stream of changes over a cluster the test holds, as the memo would fire them. */
    private static final class Cluster {
        final Map<String, Diagnosis> pods = new LinkedHashMap<>();
        final Map<String, WorkloadReport> workloads = new LinkedHashMap<>();
        private long sequence;

        DiagnosisChange pod(String namespace, String name, Diagnosis now) {
            String key = SubjectRef.pod(namespace, name, null).key();
            Diagnosis before = now == null ? pods.remove(key) : pods.put(key, now);
            return new DiagnosisChange.OfPod(++sequence, T0, SubjectRef.pod(namespace, name, "uid-" + name), before, now);
        }

        DiagnosisChange workload(WorkloadReport now, String namespace, String name, boolean present) {
            String key = "Deployment/" + namespace + "/" + name;
            WorkloadReport r = present ? as(now, namespace, name) : null;
            WorkloadReport before = r == null ? workloads.remove(key) : workloads.put(key, r);
            return new DiagnosisChange.OfWorkload(++sequence, T0, new SubjectRef("Deployment", namespace, name, "uid-" + name), before, r);
        }

        Map<IncidentKey, Set<Observation>> regrouped() {
            Map<IncidentKey, Set<Observation>> out = new HashMap<>();
            Grouping.group(List.copyOf(pods.values()), List.copyOf(workloads.values())).forEach((k, v) -> out.put(k, Set.copyOf(v)));
            return out;
        }

        Map<IncidentKey, List<Observation>> grouping() {
            return Grouping.group(List.copyOf(pods.values()), List.copyOf(workloads.values()));
        }
    }

    private static WorkloadReport as(WorkloadReport r, String namespace, String name) {
        WorkloadReport.Workload w = r.workload();
        return new WorkloadReport(r.cluster(), new WorkloadReport.Workload(namespace, w.kind(), name, w.desired(), w.ready()), r.healthy(),
                r.severity(), r.summary(), r.findings(), r.pods(), r.evaluatedAt(), r.suppressed());
    }

    private static Diagnosis pod(int template, String namespace, String name, int owner) {
        return GroupingTest.as(TEMPLATES.get(template), namespace, name, new OwnerRef("Deployment", "app-" + owner));
    }

    @Test
    void oneChangeAmongTenThousandPodsTouchesOnlyItsOwnIncidents() {
        AtomicInteger grouped = new AtomicInteger();
        IncidentState state = new IncidentState(c -> {
            grouped.incrementAndGet();
            return Grouping.of(c);
        });
        IncidentTracker tracker = new IncidentTracker(1000, Duration.ofHours(24));
        Cluster cluster = new Cluster();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            // crash loops keyed by 100 workloads, pulls rate-limited by one registry, healthy pods
            int template = i % 3 == 0 ? 2 : i % 3 == 1 ? 0 : 4;
            state.apply(cluster.pod("ns-" + i % 10, "p-" + i, pod(template, "ns-" + i % 10, "p-" + i, i % 100)));
        }
        tracker.apply(state.touched(), T0);
        assertEquals(n, grouped.get(), "each change is grouped once");
        assertEquals(101, tracker.open().size());

        grouped.set(0);
        // p-3 (ns-3, app-3) stops crash-looping and hits the registry's rate limit instead
        state.apply(cluster.pod("ns-3", "p-3", pod(0, "ns-3", "p-3", 3)));
        assertEquals(1, grouped.get(), "only the changed pod is grouped");
        Map<IncidentKey, List<Observation>> touched = state.touched();
        assertEquals(Set.of("container-crash-loop/deployment/ns-3/app-3", "image-pull-rate-limited/registry/docker.io"),
                touched.keySet().stream().map(IncidentKey::id).collect(Collectors.toSet()), "its old incident and its new one, nothing else");
        IncidentTracker.Changes changes = tracker.apply(touched, T0.plusSeconds(1));
        assertEquals(List.of("container-crash-loop/deployment/ns-3/app-3", "image-pull-rate-limited/registry/docker.io"),
                changes.changed().stream().map(Episode::id).sorted().toList());
        assertTrue(changes.opened().isEmpty() && changes.resolved().isEmpty());
        assertTrue(state.touched().isEmpty(), "handed over once");

        // a pod whose verdict changes within the same incident touches that incident only
        state.apply(cluster.pod("ns-3", "p-3", pod(0, "ns-3", "p-3", 4)));
        assertEquals(List.of("image-pull-rate-limited/registry/docker.io"), state.touched().keySet().stream().map(IncidentKey::id).toList());
        assertEquals(cluster.regrouped(), state.grouping());
    }

    @Test
    void anySequenceOfChangesLeavesWhatGroupingEverythingAfreshGives() {
        Random random = new Random(20261207L);
        IncidentState state = new IncidentState();
        Cluster cluster = new Cluster();
        IncidentTracker incremental = new IncidentTracker(10_000, Duration.ofDays(1));
        IncidentTracker afresh = new IncidentTracker(10_000, Duration.ofDays(1));
        Set<String> opened = new HashSet<>();
        for (int step = 0; step < 5_000; step++) {
            Instant at = T0.plusSeconds(step);
            int changes = 1 + random.nextInt(4); // a burst handed over at once
            for (int c = 0; c < changes; c++) {
                String namespace = "ns-" + random.nextInt(4);
                if (random.nextInt(10) == 0) {
                    state.apply(cluster.workload(QUOTA, namespace, "api-" + random.nextInt(3), random.nextBoolean()));
                    continue;
                }
                String name = "p-" + random.nextInt(60);
                boolean gone = random.nextInt(6) == 0;
                state.apply(cluster.pod(namespace, name, gone ? null
                        : pod(random.nextInt(TEMPLATES.size()), namespace, name, random.nextInt(5))));
            }
            IncidentTracker.Changes a = incremental.apply(state.touched(), at);
            IncidentTracker.Changes b = afresh.update(cluster.grouping(), at);
            assertEquals(summary(b), summary(a), "step " + step);
            assertEquals(episodes(afresh.open()), episodes(incremental.open()), "step " + step);
            a.opened().forEach(e -> opened.add(e.id()));
            if (step % 250 == 0) {
                assertEquals(cluster.regrouped(), state.grouping(), "step " + step);
            }
        }
        assertEquals(cluster.regrouped(), state.grouping());
        assertEquals(episodes(afresh.all()), episodes(incremental.all()));
        assertTrue(opened.size() > 10, "the sequence opened incidents of many keys: " + opened);
    }

    @Test
    void reconcilingWithAFreshGroupingCorrectsWhatTheChangesMissed() {
        IncidentState state = new IncidentState();
        Cluster cluster = new Cluster();
        state.apply(cluster.pod("shop", "a", pod(0, "shop", "a", 1)));
        state.apply(cluster.pod("shop", "b", pod(2, "shop", "b", 1)));
        state.touched();
        // the stream missed two changes: b recovered, c appeared
        cluster.pod("shop", "b", null);
        cluster.pod("shop", "c", pod(1, "shop", "c", 2));
        assertEquals(2, state.reconcile(() -> Optional.of(cluster.grouping())));
        assertEquals(cluster.regrouped(), state.grouping());
        assertEquals(Set.of("container-crash-loop/deployment/shop/app-1", "image-not-found/image/docker.io/library/nginx:1.99"),
                state.touched().keySet().stream().map(IncidentKey::id).collect(Collectors.toSet()));
        assertEquals(0, state.reconcile(() -> Optional.of(cluster.grouping())), "nothing left to correct");
        assertEquals(-1, state.reconcile(Optional::empty), "no grouping to compare with");
    }

    /** Opened, changed and resolved incidents with their members, whatever the order. */
    private static List<Object> summary(IncidentTracker.Changes c) {
        return List.of(episodes(c.opened()), episodes(c.changed()), episodes(c.resolved()));
    }

    /** Each episode whole, its members as a set. */
    private static Set<List<Object>> episodes(List<Episode> episodes) {
        return episodes.stream().map(e -> List.<Object>of(e.id(), e.firstSeen(), e.lastSeen(), String.valueOf(e.resolvedAt()),
                Set.copyOf(e.members()))).collect(Collectors.toSet());
    }
}
