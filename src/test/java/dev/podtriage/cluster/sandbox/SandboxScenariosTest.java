package dev.podtriage.cluster.sandbox;

import dev.podtriage.diagnosis.rules.StandardRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.KubectlColumns;
import dev.podtriage.diagnosis.PodColumns;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.Timestamps;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sandbox's scenario files diagnosed the way the live service will diagnose them: assembled
 * into snapshots, evaluated at the instant they were loaded at. Every file's expectation line
 * ({@code expect: <rule> on <targets>}) is checked, so adding a file adds a checked scenario.
 */
class SandboxScenariosTest {
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final DiagnosisEngine ENGINE = StandardRules.engine();
    static final List<Scenario> SCENARIOS = ScenarioFiles.load(NOW);
    static final List<HasMetadata> OBJECTS = ScenarioFiles.objects(SCENARIOS);

    /** pod (namespace/name) → diagnosis, with the previous logs the live service would fetch attached. */
    static final Map<String, Diagnosis> DIAGNOSES = diagnoseAll();

    private static Map<String, Diagnosis> diagnoseAll() {
        Map<String, Map<String, String>> logs = new HashMap<>();
        ScenarioFiles.previousLogs(SCENARIOS).forEach((key, log) -> {
            String[] parts = key.split("/");
            logs.computeIfAbsent(parts[0] + "/" + parts[1], k -> new HashMap<>()).put(parts[2], log);
        });
        Map<String, Diagnosis> out = new HashMap<>();
        for (PodSnapshot s : SnapshotAssembler.assemble(OBJECTS)) {
            String key = s.pod().getMetadata().getNamespace() + "/" + s.pod().getMetadata().getName();
            out.put(key, ENGINE.diagnose(s.withPreviousLogs(logs.getOrDefault(key, Map.of())), NOW, "sandbox"));
        }
        return out;
    }

    // ------------------------------------------------------------------ diagnoses

    static List<ScenarioExpectation> expectations() {
        return SCENARIOS.stream().flatMap(s -> ScenarioExpectation.of(s).stream()).toList();
    }

    /** Each file's expectation: the root cause (rules.md) of each failing pod or workload it names, or health. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void everyScenarioGivesItsRule(ScenarioExpectation e) {
        if (e.healthy()) {
            healthy(e.target());
            return;
        }
        assertTrue(ENGINE.catalog().rule(e.rule()).isPresent(), () -> "rule `" + e.rule() + "` is not in the catalog");
        if (e.workloadKind() != null) {
            List<Finding> findings = workloadFindings(e.workloadKind(), e.namespace(), e.name());
            assertFalse(findings.isEmpty(), () -> e + ": no finding");
            assertEquals(e.rule(), findings.get(0).rule(), () -> e + ": root cause; all findings: " + findings);
            return;
        }
        Diagnosis d = diagnosis(e.target());
        assertFalse(d.healthy(), () -> e + " should not be healthy: " + d.summary());
        assertFalse(d.findings().isEmpty(), () -> e + ": no finding");
        Finding root = d.findings().get(0);
        assertEquals(e.rule(), root.rule(), () -> e + ": root cause; all findings: " + rules(d));
        if (e.container() != null) {
            assertEquals(e.container(), root.container(), () -> e + ": container of the root cause");
        }
        assertFalse(root.evidence().isEmpty(), () -> e + ": the root cause quotes evidence");
        assertFalse(root.fixes().isEmpty(), () -> e + ": the root cause suggests fixes");
        assertEquals("sandbox", d.cluster());
    }

    @Test
    void everyFileWithAWorkloadOrPodSaysWhatItShowsAndExpects() {
        for (Scenario s : SCENARIOS) {
            boolean workloads = s.objects().stream().anyMatch(o -> !(o instanceof Namespace || o instanceof Node
                    || o instanceof Event || o instanceof ResourceQuota));
            if (workloads) {
                assertTrue(s.comment().startsWith("shows: "), s.file() + ": first line `# shows: …; expect: …`");
                assertFalse(ScenarioExpectation.of(s).isEmpty(), s.file() + ": an expectation");
            }
        }
        assertEquals(Set.of("healthy", "image-not-found", "image-pull-unauthorized", "init-container-stuck",
                "init-container-failed", "container-oom-killed", "container-crash-loop", "liveness-probe-failed",
                "unschedulable-insufficient-resources", "node-lost", "quota-exceeded"),
                expectations().stream().map(ScenarioExpectation::rule).collect(Collectors.toSet()), "the scenarios' rules");
    }

    private static void healthy(String pod) {
        Diagnosis d = diagnosis(pod);
        assertTrue(d.healthy(), () -> pod + " should be healthy, got " + rules(d) + ": " + d.summary());
        assertTrue(d.findings().stream().noneMatch(f -> f.severity().unhealthy()), () -> pod + ": " + rules(d));
    }

    /** The workload's own findings, from its events and its ReplicaSets' (where FailedCreate is reported). */
    private static List<Finding> workloadFindings(String kind, String ns, String name) {
        HasMetadata w = OBJECTS.stream().filter(o -> o.getKind().equalsIgnoreCase(kind)
                        && ns.equals(o.getMetadata().getNamespace()) && name.equals(o.getMetadata().getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + ns + "/" + name));
        Set<String> uids = new HashSet<>(Set.of(w.getMetadata().getUid()));
        OBJECTS.stream().filter(o -> o.getMetadata().getOwnerReferences() != null && o.getMetadata().getOwnerReferences()
                .stream().anyMatch(r -> r.getUid().equals(w.getMetadata().getUid()))).forEach(o -> uids.add(o.getMetadata().getUid()));
        List<Event> events = events().filter(e -> uids.contains(e.getInvolvedObject().getUid())).toList();
        return ENGINE.diagnoseWorkload(w, events, NOW);
    }

    /** What `kubectl get pod` would print for each pod: the seed's statuses are kubelet-accurate. */
    @ParameterizedTest(name = "{0}: {1} {2} {3}")
    @CsvSource({
            "shop/web-7c5b9d8f6b-k8x2p,             Running,               1/1, 0",
            "shop/web-7c5b9d8f6b-tq9wz,             Running,               1/1, 0",
            "shop/catalog-6d4f8b7c9d-2xv7m,         Init:0/1,              0/1, 0",
            "shop/media-5b7c9d6f4-w8r6t,            Init:CrashLoopBackOff, 0/1, 6",
            "shop/recommender-7f9d6c5b8-h4k2n,      CrashLoopBackOff,      0/1, 6",
            "shop/storefront-58d6c9f7b4-x2v9k,      ImagePullBackOff,      0/1, 0",
            "shop/cart-6c8d7f5b9-zp5nq,             Running,               1/1, 4",
            "shop/search-7b9c5d4f8-m2q7r,           Pending,               0/1, 0",
            "payments/ledger-5f7d8c9b6-jr4ts,       ImagePullBackOff,      0/1, 0",
            "payments/settlement-8d6f5c7b9-q7wz4,   CrashLoopBackOff,      0/1, 5",
            "payments/fraud-check-6f8b9c7d5-v9c2x,  Running,               1/1, 0",
            "batch/report-export-xk7lq,             Init:Error,            0/1, 0",
            "batch/nightly-reconcile-5mz8c,         Completed,             0/1, 0",
            "default/echo-c7d9f6b58-8s2bx,          Running,               1/1, 1",
    })
    void kubectlColumns(String pod, String status, String ready, int restarts) {
        PodColumns c = KubectlColumns.of(pod(pod));
        assertEquals(status, c.status(), pod + " STATUS");
        assertEquals(ready, c.ready(), pod + " READY");
        assertEquals(restarts, c.restarts(), pod + " RESTARTS");
    }

    @Test
    void everyPodIsAScenario() {
        Set<String> pods = pods().map(SandboxScenariosTest::key).collect(Collectors.toSet());
        assertEquals(Set.of("shop/web-7c5b9d8f6b-k8x2p", "shop/web-7c5b9d8f6b-tq9wz", "shop/catalog-6d4f8b7c9d-2xv7m",
                "shop/media-5b7c9d6f4-w8r6t", "shop/recommender-7f9d6c5b8-h4k2n", "shop/storefront-58d6c9f7b4-x2v9k",
                "shop/cart-6c8d7f5b9-zp5nq", "shop/search-7b9c5d4f8-m2q7r", "payments/ledger-5f7d8c9b6-jr4ts",
                "payments/settlement-8d6f5c7b9-q7wz4", "payments/fraud-check-6f8b9c7d5-v9c2x", "batch/report-export-xk7lq",
                "batch/nightly-reconcile-5mz8c", "default/echo-c7d9f6b58-8s2bx"), pods);
        assertEquals(pods, DIAGNOSES.keySet(), "every pod is diagnosed");
    }

    // ------------------------------------------------------------------ scenario facts the rules read

    @Test
    void initContainerHasWaitedTwentyFiveMinutes() {
        Pod p = pod("shop/catalog-6d4f8b7c9d-2xv7m");
        var init = p.getStatus().getInitContainerStatuses().get(0);
        assertEquals("wait-for-registry", init.getName());
        assertEquals(List.of("sh", "-c", "until nslookup registry.internal; do sleep 2; done"),
                p.getSpec().getInitContainers().get(0).getCommand());
        Instant started = Timestamps.parse(init.getState().getRunning().getStartedAt());
        assertEquals(Duration.ofMinutes(25), Duration.between(started, NOW));
        assertEquals("PodInitializing", p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason());
    }

    @Test
    void oomKilledAtFiftyMebibytes() {
        Pod p = pod("shop/recommender-7f9d6c5b8-h4k2n");
        var c = p.getStatus().getContainerStatuses().get(0);
        assertEquals(new Quantity("50Mi"), p.getSpec().getContainers().get(0).getResources().getLimits().get("memory"));
        assertEquals("OOMKilled", c.getLastState().getTerminated().getReason());
        assertEquals(137, c.getLastState().getTerminated().getExitCode());
        assertEquals("CrashLoopBackOff", c.getState().getWaiting().getReason());
        assertTrue(c.getState().getWaiting().getMessage().startsWith(
                "back-off 5m0s restarting failed container=recommender pod=recommender-7f9d6c5b8-h4k2n_shop("
                        + p.getMetadata().getUid() + ")"));
    }

    @Test
    void pendingPodSaysWhyInConditionAndEvents() {
        Pod p = pod("shop/search-7b9c5d4f8-m2q7r");
        String expected = "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, "
                + "2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod.";
        PodCondition scheduled = p.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled"))
                .findFirst().orElseThrow();
        assertEquals("False", scheduled.getStatus());
        assertEquals("Unschedulable", scheduled.getReason());
        assertEquals(expected, scheduled.getMessage());
        List<Event> failed = eventsOf(p).stream().filter(e -> "FailedScheduling".equals(e.getReason()))
                .sorted(Comparator.comparing(EventFacts::lastSeen).reversed()).toList();
        assertEquals(2, failed.size());
        assertEquals(expected, failed.get(0).getMessage(), "the latest FailedScheduling is the condition's message");
        assertEquals(new Quantity("8"), p.getSpec().getContainers().get(0).getResources().getRequests().get("cpu"));
        assertNull(p.getSpec().getNodeName());
    }

    @Test
    void nodeThreeStoppedReporting() {
        Node n = object(Node.class, null, "node-3");
        assertTrue(n.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready")
                && c.getStatus().equals("Unknown") && c.getMessage().equals("Kubelet stopped posting node status.")));
        assertEquals(Set.of("node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"),
                n.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).collect(Collectors.toSet()));
        for (String ready : List.of("node-1", "node-2")) {
            Node r = object(Node.class, null, ready);
            assertEquals(new Quantity("4"), r.getStatus().getCapacity().get("cpu"));
            assertEquals(new Quantity("4"), r.getStatus().getAllocatable().get("cpu"));
            assertTrue(r.getSpec().getTaints().isEmpty());
        }
        Pod p = pod("payments/fraud-check-6f8b9c7d5-v9c2x");
        assertEquals("node-3", p.getSpec().getNodeName());
        assertTrue(eventsOf(p).stream().anyMatch(e -> "NodeNotReady".equals(e.getReason())
                && "Node is not ready".equals(e.getMessage())));
        // only the lost pod runs there, so the healthy pods cannot be confused with it
        assertEquals(List.of("fraud-check-6f8b9c7d5-v9c2x"), pods().filter(x -> "node-3".equals(x.getSpec().getNodeName()))
                .map(x -> x.getMetadata().getName()).toList());
    }

    @Test
    void failedJobPodWithRestartPolicyNever() {
        Pod p = pod("batch/report-export-xk7lq");
        assertEquals("Never", p.getSpec().getRestartPolicy());
        assertEquals("Failed", p.getStatus().getPhase());
        var init = p.getStatus().getInitContainerStatuses().get(0);
        assertEquals(1, init.getState().getTerminated().getExitCode());
        assertEquals("Job", p.getMetadata().getOwnerReferences().get(0).getKind());
    }

    @Test
    void deploymentBlockedByQuotaHasNoPodAndSaysWhy() {
        String message = "Error creating: pods \"api-6b7f9c-\" is forbidden: exceeded quota: payments-quota, requested: "
                + "limits.memory=512Mi, used: limits.memory=1792Mi, limited: limits.memory=2Gi";
        Deployment d = object(Deployment.class, "payments", "api");
        ReplicaSet rs = object(ReplicaSet.class, "payments", "api-6b7f9c");
        assertEquals(d.getMetadata().getUid(), rs.getMetadata().getOwnerReferences().get(0).getUid());
        assertTrue(pods().noneMatch(p -> p.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> o.getUid().equals(rs.getMetadata().getUid()))), "no pod could be created");
        List<Event> failedCreate = events().filter(e -> rs.getMetadata().getUid().equals(e.getInvolvedObject().getUid())
                && "FailedCreate".equals(e.getReason())).toList();
        assertEquals(1, failedCreate.size());
        assertEquals(message, failedCreate.get(0).getMessage());
        assertEquals("Warning", failedCreate.get(0).getType());
        assertNull(d.getStatus().getAvailableReplicas());
        assertTrue(d.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("ReplicaFailure")
                && c.getStatus().equals("True") && c.getReason().equals("FailedCreate")
                && message.endsWith(c.getMessage())));
        assertTrue(d.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Progressing")));
        // the quota's numbers are the namespace's: the running pods' memory limits add up to "used"
        ResourceQuota q = object(ResourceQuota.class, "payments", "payments-quota");
        BigDecimal used = pods().filter(p -> "payments".equals(p.getMetadata().getNamespace()))
                .flatMap(p -> p.getSpec().getContainers().stream())
                .map(c -> Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(Quantity.getAmountInBytes(q.getStatus().getUsed().get("limits.memory")), used);
        // the pod the ReplicaSet wanted would not fit: used + requested > limit
        BigDecimal requested = Quantity.getAmountInBytes(rs.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getResources().getLimits().get("memory"));
        assertTrue(used.add(requested).compareTo(Quantity.getAmountInBytes(q.getStatus().getHard().get("limits.memory"))) > 0);
    }

    @Test
    void previousLogsBelongToTerminatedContainers() {
        Map<String, String> logs = ScenarioFiles.previousLogs(SCENARIOS);
        assertTrue(logs.containsKey("payments/settlement-8d6f5c7b9-q7wz4/settlement"));
        assertTrue(logs.get("payments/settlement-8d6f5c7b9-q7wz4/settlement").contains("Traceback (most recent call last):"));
        for (String key : logs.keySet()) {
            String[] parts = key.split("/");
            assertEquals(3, parts.length, key);
            Pod p = pod(parts[0] + "/" + parts[1]);
            var statuses = new ArrayList<>(p.getStatus().getContainerStatuses());
            statuses.addAll(p.getStatus().getInitContainerStatuses());
            var status = statuses.stream().filter(s -> s.getName().equals(parts[2])).findFirst()
                    .orElseThrow(() -> new AssertionError(key + ": no such container"));
            boolean terminatedBefore = status.getLastState() != null && status.getLastState().getTerminated() != null;
            boolean terminatedNow = status.getState().getTerminated() != null;
            assertTrue(terminatedBefore || terminatedNow, key + ": a log tail only for a container that has terminated");
            assertFalse(logs.get(key).isBlank(), key);
        }
    }

    // ------------------------------------------------------------------ object-level sanity

    @Test
    void everyObjectIsIdentifiedAndTimestampedInThePast() {
        Set<String> uids = new HashSet<>();
        Set<String> namespaces = OBJECTS.stream().filter(o -> o instanceof Namespace).map(o -> o.getMetadata().getName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("shop", "payments", "batch", "default"), namespaces);
        for (HasMetadata o : OBJECTS) {
            String what = o.getKind() + " " + o.getMetadata().getName();
            assertNotNull(o.getMetadata().getName(), what);
            assertNotNull(o.getMetadata().getUid(), what + " has a uid");
            assertTrue(uids.add(o.getMetadata().getUid()), what + ": uid unique");
            assertNotNull(o.getMetadata().getResourceVersion(), what);
            Instant created = Timestamps.parse(o.getMetadata().getCreationTimestamp());
            assertNotNull(created, what + " has a creationTimestamp");
            assertFalse(created.isAfter(NOW), what + " created in the past");
            boolean clusterScoped = o instanceof Node || o instanceof Namespace;
            if (clusterScoped) {
                assertNull(o.getMetadata().getNamespace(), what);
            } else {
                assertTrue(namespaces.contains(o.getMetadata().getNamespace()), what + " lives in a seeded namespace");
            }
        }
    }

    @Test
    void everyPodIsOwnedScheduledAndConsistent() {
        for (Pod p : pods().toList()) {
            String what = key(p);
            assertNotNull(p.getMetadata().getUid(), what);
            assertNotNull(p.getStatus().getPhase(), what);
            for (OwnerReference ref : p.getMetadata().getOwnerReferences()) {
                HasMetadata owner = byUid(ref.getUid());
                assertNotNull(owner, what + ": owner " + ref.getName() + " exists");
                assertEquals(ref.getKind(), owner.getKind(), what);
                assertEquals(ref.getName(), owner.getMetadata().getName(), what);
                assertEquals(p.getMetadata().getNamespace(), owner.getMetadata().getNamespace(), what);
                if (owner instanceof ReplicaSet rs) {
                    String hash = rs.getMetadata().getLabels().get("pod-template-hash");
                    assertEquals(hash, p.getMetadata().getLabels().get("pod-template-hash"), what);
                    assertEquals(rs.getMetadata().getName() + "-", p.getMetadata().getGenerateName(), what);
                    assertTrue(rs.getMetadata().getName().endsWith("-" + hash), what);
                }
            }
            if (p.getSpec().getNodeName() != null) {
                assertNotNull(object(Node.class, null, p.getSpec().getNodeName()), what + ": its node exists");
            }
            Set<String> declared = Stream.concat(p.getSpec().getContainers().stream(), p.getSpec().getInitContainers().stream())
                    .map(Container::getName).collect(Collectors.toSet());
            Stream.concat(p.getStatus().getContainerStatuses().stream(), p.getStatus().getInitContainerStatuses().stream())
                    .forEach(s -> assertTrue(declared.contains(s.getName()), what + ": status of a declared container " + s.getName()));
        }
    }

    @Test
    void everyEventPointsAtAnExistingObject() {
        List<Event> events = events().toList();
        assertTrue(events.size() > 40, "a lively cluster");
        for (Event e : events) {
            ObjectReference io = e.getInvolvedObject();
            String what = "event " + e.getMetadata().getName() + " (" + e.getReason() + ")";
            assertNotNull(io, what);
            assertNotNull(io.getUid(), what + " has involvedObject.uid");
            assertNotNull(e.getType(), what);
            assertNotNull(e.getReportingComponent(), what);
            assertNotNull(e.getSource(), what);
            if ("Node".equals(io.getKind())) {
                // the kubelet and the node controller use the node's name as the uid
                assertEquals(io.getName(), io.getUid(), what);
                assertNotNull(object(Node.class, null, io.getName()), what);
                assertEquals("default", e.getMetadata().getNamespace(), what);
            } else {
                HasMetadata target = byUid(io.getUid());
                assertNotNull(target, what + ": involvedObject.uid " + io.getUid() + " matches an object");
                assertEquals(io.getKind(), target.getKind(), what);
                assertEquals(io.getName(), target.getMetadata().getName(), what);
                assertEquals(io.getNamespace(), target.getMetadata().getNamespace(), what);
                assertEquals(e.getMetadata().getNamespace(), io.getNamespace(), what);
                if (io.getFieldPath() != null) {
                    Pod p = (Pod) target;
                    boolean names = Stream.concat(
                                    p.getSpec().getContainers().stream().map(c -> "spec.containers{" + c.getName() + "}"),
                                    p.getSpec().getInitContainers().stream().map(c -> "spec.initContainers{" + c.getName() + "}"))
                            .anyMatch(io.getFieldPath()::equals);
                    assertTrue(names, what + ": fieldPath " + io.getFieldPath() + " names a container of the pod");
                }
                Instant created = Timestamps.parse(target.getMetadata().getCreationTimestamp());
                assertFalse(firstSeen(e).isBefore(created), what + ": not before its object was created");
            }
            Instant last = EventFacts.lastSeen(e);
            assertNotNull(last, what + " has a time");
            assertFalse(last.isAfter(NOW), what + ": in the past");
            assertFalse(last.isBefore(firstSeen(e)), what + ": last >= first");
            assertTrue(Duration.between(last, NOW).compareTo(Duration.ofHours(1)) < 0, what + ": not expired (1h TTL)");
            if (e.getEventTime() == null) {
                // old-style events (kubelet, controllers)
                assertNotNull(e.getCount(), what + " has a count");
                assertNotNull(e.getFirstTimestamp(), what);
                assertNotNull(e.getLastTimestamp(), what);
                assertNotNull(e.getSource().getComponent(), what);
            } else {
                assertEquals("default-scheduler", e.getReportingComponent(), what);
            }
        }
    }

    @Test
    void timestampsAreRelativeToNow() {
        Instant later = NOW.plus(Duration.ofDays(40)).plusSeconds(17);
        List<HasMetadata> shifted = ScenarioFiles.objects(ScenarioFiles.load(later));
        assertEquals(OBJECTS.size(), shifted.size());
        for (int i = 0; i < OBJECTS.size(); i++) {
            Instant a = Timestamps.parse(OBJECTS.get(i).getMetadata().getCreationTimestamp());
            Instant b = Timestamps.parse(shifted.get(i).getMetadata().getCreationTimestamp());
            assertEquals(Duration.between(NOW, later), Duration.between(a, b), OBJECTS.get(i).getMetadata().getName());
        }
        // the same objects otherwise (events excepted: client-go names them after their first occurrence's time)
        List<String> before = OBJECTS.stream().filter(o -> !(o instanceof Event)).map(o -> o.getMetadata().getUid()).toList();
        List<String> after = shifted.stream().filter(o -> !(o instanceof Event)).map(o -> o.getMetadata().getUid()).toList();
        assertTrue(before.equals(after), "non-event uids do not depend on the instant");
    }

    @Test
    void objectsSerializeAsKubernetesJson() {
        for (HasMetadata o : OBJECTS) {
            String json = Serialization.asJson(o);
            HasMetadata back = Serialization.unmarshal(json, o.getClass());
            assertEquals(o, back, o.getKind() + " " + o.getMetadata().getName() + " round-trips");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void scenarioContainersAreWhereTheFilesSayTheyAre(ScenarioExpectation e) {
        // guards the expectation lines against typos: each named container exists in its pod
        if (e.container() != null) {
            Pod p = pod(e.target());
            assertTrue(Stream.concat(p.getSpec().getContainers().stream(), p.getSpec().getInitContainers().stream())
                    .anyMatch(c -> c.getName().equals(e.container())), e.target() + " has " + e.container());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Diagnosis diagnosis(String pod) {
        Diagnosis d = DIAGNOSES.get(pod);
        if (d == null) {
            fail("no pod " + pod + " in the sandbox; pods: " + DIAGNOSES.keySet());
        }
        return d;
    }

    private static List<String> rules(Diagnosis d) {
        return d.findings().stream().map(f -> f.rule() + "(" + f.severity() + ")").toList();
    }

    private static Stream<Pod> pods() {
        return OBJECTS.stream().filter(Pod.class::isInstance).map(Pod.class::cast);
    }

    private static Stream<Event> events() {
        return OBJECTS.stream().filter(Event.class::isInstance).map(Event.class::cast);
    }

    private static List<Event> eventsOf(HasMetadata o) {
        return events().filter(e -> o.getMetadata().getUid().equals(e.getInvolvedObject().getUid())).toList();
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    private static Pod pod(String key) {
        return pods().filter(p -> key(p).equals(key)).findFirst().orElseThrow(() -> new AssertionError("no pod " + key));
    }

    private static HasMetadata byUid(String uid) {
        return OBJECTS.stream().filter(o -> uid.equals(o.getMetadata().getUid())).findFirst().orElse(null);
    }

    private static <T extends HasMetadata> T object(Class<T> type, String ns, String name) {
        return OBJECTS.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> Objects.equals(ns, o.getMetadata().getNamespace()) && name.equals(o.getMetadata().getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + ns + "/" + name));
    }

    private static Instant firstSeen(Event e) {
        Instant first = Timestamps.parse(e.getFirstTimestamp());
        if (first == null && e.getEventTime() != null) {
            first = Timestamps.parse(e.getEventTime().getTime());
        }
        return first == null ? EventFacts.lastSeen(e) : first;
    }
}
