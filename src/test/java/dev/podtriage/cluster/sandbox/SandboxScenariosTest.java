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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox's seed diagnosed the way the live service will diagnose it: assembled into
 * snapshots, evaluated at the seed's own instant.
 *
 * <p>Rule families are implemented on parallel branches. A scenario whose expected rule is not in
 * {@link DiagnosisEngine#standard()}'s catalog yet is SKIPPED (JUnit assumption, reported as
 * "rule … not in the catalog on this branch"), never relaxed: once the family is merged the row
 * is enforced as written. After merging, every row of {@link #rootCause} must run and pass.
 */
class SandboxScenariosTest {
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final DiagnosisEngine ENGINE = StandardRules.engine();
    static final List<HasMetadata> OBJECTS = SandboxScenarios.objects(NOW);

    /** pod (namespace/name) → diagnosis, with the previous logs the live service would fetch attached. */
    static final Map<String, Diagnosis> DIAGNOSES = diagnoseAll();

    private static Map<String, Diagnosis> diagnoseAll() {
        Map<String, Map<String, String>> logs = new HashMap<>();
        SandboxScenarios.previousLogs().forEach((key, log) -> {
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

    /**
     * One row per failing pod: the root cause (rules.md) and its container (empty for pod-level
     * causes, where the container is not asserted).
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "shop/storefront-58d6c9f7b4-x2v9k,      image-not-found,                       storefront",
            "payments/ledger-5f7d8c9b6-jr4ts,       image-pull-unauthorized,               ledger",
            "shop/catalog-6d4f8b7c9d-2xv7m,         init-container-stuck,                  wait-for-registry",
            "shop/media-5b7c9d6f4-w8r6t,            init-container-failed,                 fetch-assets",
            "batch/report-export-xk7lq,             init-container-failed,                 fetch-input",
            "shop/recommender-7f9d6c5b8-h4k2n,      container-oom-killed,                  recommender",
            "payments/settlement-8d6f5c7b9-q7wz4,   container-crash-loop,                  settlement",
            "shop/cart-6c8d7f5b9-zp5nq,             liveness-probe-failed,                 cart",
            "shop/search-7b9c5d4f8-m2q7r,           unschedulable-insufficient-resources,  ",
            "payments/fraud-check-6f8b9c7d5-v9c2x,  node-lost,                             ",
    })
    void rootCause(String pod, String rule, String container) {
        Diagnosis d = diagnosis(pod);
        assertTrue(ENGINE.catalog().rule(rule).isPresent(), () -> "rule `" + rule + "` is not in the catalog");
        assertFalse(d.healthy(), () -> pod + " should not be healthy: " + d.summary());
        assertFalse(d.findings().isEmpty(), () -> pod + ": no finding");
        Finding root = d.findings().get(0);
        assertEquals(rule, root.rule(), () -> pod + ": root cause; all findings: " + rules(d));
        if (container != null) {
            assertEquals(container, root.container(), () -> pod + ": container of the root cause");
        }
        assertFalse(root.evidence().isEmpty(), () -> pod + ": the root cause quotes evidence");
        assertFalse(root.fixes().isEmpty(), () -> pod + ": the root cause suggests fixes");
        assertEquals("sandbox", d.cluster());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop/web-7c5b9d8f6b-k8x2p", "shop/web-7c5b9d8f6b-tq9wz", "batch/nightly-reconcile-5mz8c",
            "default/echo-c7d9f6b58-8s2bx"})
    void healthyPodsAreHealthy(String pod) {
        Diagnosis d = diagnosis(pod);
        assertTrue(d.healthy(), () -> pod + " should be healthy, got " + rules(d) + ": " + d.summary());
        assertTrue(d.findings().stream().noneMatch(f -> f.severity().unhealthy()), () -> pod + ": " + rules(d));
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
        Map<String, String> logs = SandboxScenarios.previousLogs();
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
        List<HasMetadata> shifted = SandboxScenarios.objects(later);
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

    @Test
    void scenarioContainersAreWhereTheRowsSayTheyAre() {
        // guards the table above against typos: each named container exists in its pod
        Map<String, String> containers = Map.of("shop/catalog-6d4f8b7c9d-2xv7m", "wait-for-registry",
                "shop/media-5b7c9d6f4-w8r6t", "fetch-assets", "batch/report-export-xk7lq", "fetch-input",
                "shop/recommender-7f9d6c5b8-h4k2n", "recommender", "payments/settlement-8d6f5c7b9-q7wz4", "settlement",
                "shop/cart-6c8d7f5b9-zp5nq", "cart", "shop/storefront-58d6c9f7b4-x2v9k", "storefront",
                "payments/ledger-5f7d8c9b6-jr4ts", "ledger");
        containers.forEach((pod, container) -> {
            Pod p = pod(pod);
            assertTrue(Stream.concat(p.getSpec().getContainers().stream(), p.getSpec().getInitContainers().stream())
                    .anyMatch(c -> c.getName().equals(container)), pod + " has " + container);
        });
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
