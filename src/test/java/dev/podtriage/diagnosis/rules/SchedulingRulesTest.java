package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertHealthy;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.rules.SchedulingRules.Cause;
import dev.podtriage.diagnosis.rules.SchedulingRules.Kind;
import dev.podtriage.diagnosis.rules.SchedulingRules.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulingRulesTest {

    private static Finding finding(Diagnosis d, String rule) {
        return d.findings().stream().filter(f -> f.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + " in " + rules(d)));
    }

    @Test
    void oneFindingPerCauseMostNodesFirst() {
        Diagnosis d = Fixtures.diagnose("scheduling/insufficient-cpu-mixed.json");
        Finding root = assertRootCause(d, "unschedulable-insufficient-resources", null);
        assertEquals(List.of("unschedulable-insufficient-resources", "unschedulable-node-selector", "unschedulable-taint"),
                rules(d).stream().filter(r -> r.startsWith("unschedulable")).toList());
        assertMessageNames(root, "requests 8 cpu", "2 of 5 nodes have insufficient cpu");
        assertFixNames(root, "spec.containers[api].resources.requests.cpu", "Deployment `batch-api`", "cluster-autoscaler");
        // the control-plane taint rules out a single node: a secondary cause
        Finding taint = finding(d, "unschedulable-taint");
        assertEquals(Severity.WARNING, taint.severity());
        assertMessageNames(taint, "node-role.kubernetes.io/control-plane");
        Finding selector = finding(d, "unschedulable-node-selector");
        assertEquals(Severity.CRITICAL, selector.severity());
        assertMessageNames(selector, "node-pool=compute");
        assertFixNames(selector, "kubectl get nodes -l node-pool=compute");
        // the condition and the (events.k8s.io style) event are both quoted
        assertEquals(EvidenceSource.STATUS, root.evidence().get(0).source());
        assertEquals(12, root.evidence().get(1).count());
        assertFalse(root.message().markdown().contains("preemption"));
    }

    @Test
    void insufficientMemoryFromTheConditionWhenEventsExpired() {
        Diagnosis d = Fixtures.diagnose("scheduling/insufficient-memory-status-only.json");
        Finding f = assertRootCause(d, "unschedulable-insufficient-resources", null);
        assertEquals(List.of("unschedulable-insufficient-resources"), rules(d).stream().filter(r -> !r.startsWith("resources-")).toList());
        assertMessageNames(f, "requests 12Gi memory", "3 of 3 nodes have insufficient memory");
        assertFixNames(f, "spec.containers[elasticsearch].resources.requests.memory", "StatefulSet `es-data`");
        assertEquals("No node has enough free memory (pod requests 12Gi memory)", d.summary().markdown());
    }

    @Test
    void gpus() {
        Diagnosis d = Fixtures.diagnose("scheduling/insufficient-gpu.json");
        Finding f = assertRootCause(d, "unschedulable-insufficient-resources", null);
        assertMessageNames(f, "requests 4 nvidia.com/gpu", "3 of 4 nodes have insufficient nvidia.com/gpu");
        assertFixNames(f, "spec.containers[trainer].resources.requests.nvidia.com/gpu", "Job `train-resnet`", "nvidia\\.com/gpu");
        assertEquals(Severity.WARNING, finding(d, "unschedulable-taint").severity());
    }

    @Test
    void kubernetes19PredicateWording() {
        Diagnosis d = Fixtures.diagnose("scheduling/older-predicates.json");
        Finding f = assertRootCause(d, "unschedulable-insufficient-resources", null);
        assertEquals(List.of("unschedulable-insufficient-resources", "unschedulable-node-selector", "unschedulable-taint"), rules(d));
        assertMessageNames(f, "requests 1.5 cpu", "2 nodes have insufficient cpu");
        assertMessageNames(finding(d, "unschedulable-node-selector"), "disktype=ssd");
        assertEquals(Severity.WARNING, finding(d, "unschedulable-node-selector").severity());
    }

    @Test
    void notReadyTaintOldWordingSaysRepairTheNodes() {
        Diagnosis d = Fixtures.diagnose("scheduling/taint-not-ready-old.json");
        Finding f = assertRootCause(d, "unschedulable-taint", null);
        assertEquals(List.of("unschedulable-taint"), rules(d));
        assertMessageNames(f, "node.kubernetes.io/not-ready", "NotReady", "3 of 3 nodes");
        assertFixNames(f, "Do not tolerate `node.kubernetes.io/not-ready`", "kubectl get nodes");
    }

    @Test
    void dedicatedPoolTaintShowsTheToleration() {
        Diagnosis d = Fixtures.diagnose("scheduling/taint-dedicated.json");
        Finding f = assertRootCause(d, "unschedulable-taint", null);
        assertEquals(1, d.findings().size());
        assertMessageNames(f, "`dedicated=gpu:NoSchedule`", "node-role.kubernetes.io/control-plane");
        assertFixNames(f, "{key: \"dedicated\", operator: \"Equal\", value: \"gpu\", effect: \"NoSchedule\"}", "Deployment `renderer`",
                "kubectl taint nodes <node> dedicated=gpu:NoSchedule-");
    }

    @Test
    void selectorAndAffinityNamedFromTheSpec() {
        Diagnosis d = Fixtures.diagnose("scheduling/node-affinity-status-only.json");
        Finding f = assertRootCause(d, "unschedulable-node-selector", null);
        assertMessageNames(f, "disktype=ssd", "topology.kubernetes.io/zone In (eu-west-1c)", "6 of 6 nodes");
        assertFixNames(f, "kubectl label node <node> disktype=ssd", "kubectl get nodes -L topology.kubernetes.io/zone",
                "Deployment `reports`");
        assertTrue(f.evidence().stream().anyMatch(e -> e.source() == EvidenceSource.SPEC));
    }

    @Test
    void unboundClaimOfAStatefulSet() {
        Diagnosis d = Fixtures.diagnose("scheduling/pvc-unbound.json");
        Finding f = assertRootCause(d, "unschedulable-pvc", null);
        assertMessageNames(f, "data-postgres-0", "`data`", "unbound immediate");
        assertFixNames(f, "kubectl -n db describe pvc data-postgres-0", "kubectl get storageclass");
    }

    @Test
    void missingClaimFromTheEventAlone() {
        Diagnosis d = Fixtures.diagnose("scheduling/pvc-not-found-events-only.json");
        Finding f = assertRootCause(d, "unschedulable-pvc", null);
        assertMessageNames(f, "`uploads`", "volume `media`", "does not exist in namespace `web`");
        assertFixNames(f, "Create PersistentVolumeClaim `uploads`", "spec.volumes[media].persistentVolumeClaim.claimName");
        assertEquals(EvidenceSource.EVENT, f.evidence().get(0).source());
    }

    @Test
    void hostPortAndAntiAffinityAreOneOtherFinding() {
        Diagnosis d = Fixtures.diagnose("scheduling/other-hostport-antiaffinity.json");
        Finding f = assertRootCause(d, "unschedulable-other", null);
        assertEquals(List.of("unschedulable-other"), rules(d));
        assertMessageNames(f, "didn't have free ports", "anti-affinity");
        assertFixNames(f, "`443/TCP`", "app=ingress-gw", "kubernetes.io/hostname");
    }

    @Test
    void volumeZoneConflictAndCordonedNode() {
        Diagnosis d = Fixtures.diagnose("scheduling/other-volume-zone-cordoned.json");
        Finding f = assertRootCause(d, "unschedulable-other", null);
        assertFixNames(f, "kubectl uncordon", "data-redis-1", "WaitForFirstConsumer");
    }

    @Test
    void scheduledPodWithAPastFailedSchedulingIsHealthy() {
        Diagnosis d = Fixtures.diagnose("scheduling/scheduled-after-failure.json");
        assertHealthy(d);
        assertTrue(rules(d).stream().noneMatch(r -> r.startsWith("unschedulable") || r.startsWith("pending")));
    }

    @Test
    void schedulerThatDoesNotExist() {
        Diagnosis d = Fixtures.diagnose("scheduling/pending-unknown-scheduler.json");
        Finding f = assertRootCause(d, "pending-not-scheduled", null);
        assertMessageNames(f, "`volcano`", "20m");
        assertFixNames(f, "volcano", "default-scheduler");
        // young pods are given pendingUnscheduledAfter (5 minutes) before they are reported
        assertTrue(Fixtures.diagnose("scheduling/pending-unknown-scheduler.json", Instant.parse("2026-11-27T09:43:00Z"))
                .findings().stream().noneMatch(x -> x.rule().equals("pending-not-scheduled")));
    }

    @Test
    void schedulingGatesAreAWarning() {
        Diagnosis d = Fixtures.diagnose("scheduling/scheduling-gated.json");
        Finding f = assertRootCause(d, "pending-not-scheduled", null);
        assertEquals(Severity.WARNING, f.severity());
        assertMessageNames(f, "kueue.x-k8s.io/admission");
        assertFixNames(f, "kubectl -n research patch pod sim-run-42-0-8zk2q");
    }

    @Test
    void anUnknownSchedulerTextWithMarkupIsQuotedVerbatimAsCode() {
        String said = "node(s) were rejected by plugin `gang_scheduling`: *min* members not met";
        String json = Fixtures.read("scheduling/insufficient-memory-status-only.json")
                .replace("0/3 nodes are available: 3 Insufficient memory.", "0/3 nodes are available: 3 " + said + ".");
        Diagnosis d = Fixtures.ENGINE.diagnose(SnapshotAssembler.assemble(new ManifestReader().read(json, false)).get(0), Fixtures.AT, "offline");
        Finding f = assertRootCause(d, "unschedulable-other", null);
        assertTrue(f.fixes().stream().anyMatch(x -> x.parts().contains(new Prose.Part(Prose.Kind.CODE, said))), () -> f.fixes().toString());
        assertTrue(f.message().plain().contains("3 " + said), f.message().plain());
        for (Prose p : f.fixes()) {
            assertEquals(p, Prose.fromMarkdown(p.markdown()));
        }
        assertEquals(f.message(), Prose.fromMarkdown(f.message().markdown()));
    }

    @Test
    void parsesEveryWording() {
        Verdict v = SchedulingRules.parse("0/5 nodes are available: 2 Insufficient cpu, 2 Insufficient memory, 1 node(s) had taint {dedicated: db}, that the pod didn't tolerate.");
        assertEquals(5, v.totalNodes());
        assertEquals(List.of(new Cause(Kind.RESOURCES, 2, "Insufficient cpu"), new Cause(Kind.RESOURCES, 2, "Insufficient memory"),
                new Cause(Kind.TAINT, 1, "node(s) had taint {dedicated: db}, that the pod didn't tolerate")), v.causes());
        v = SchedulingRules.parse("0/3 nodes are available: 1 node(s) had taints that the pod didn't tolerate, 2 node(s) didn't match node selector.");
        assertEquals(List.of(Kind.TAINT, Kind.SELECTOR), v.causes().stream().map(Cause::kind).toList());
        v = SchedulingRules.parse("0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
        assertEquals(List.of(new Cause(Kind.PVC, 3, "node(s) didn't find available persistent volumes to bind")), v.causes());
        v = SchedulingRules.parse("0/2 nodes are available: 2 Too many pods.");
        assertEquals(Kind.OTHER, v.causes().get(0).kind());
        v = SchedulingRules.parse("running PreBind plugin \"VolumeBinding\": binding volumes: timed out waiting for the condition");
        assertEquals(Kind.PVC, v.causes().get(0).kind());
        assertEquals(-1, v.totalNodes());
        v = SchedulingRules.parse("No nodes are available that match all of the predicates: Insufficient memory (3), NoVolumeZoneConflict (1).");
        assertEquals(List.of(new Cause(Kind.RESOURCES, 3, "Insufficient memory"), new Cause(Kind.OTHER, 1, "NoVolumeZoneConflict")), v.causes());
        v = SchedulingRules.parse("0/6 nodes are available: 1 node(s) had volume node affinity conflict, 5 node(s) didn't match Pod's node affinity/selector.");
        assertEquals(List.of(Kind.OTHER, Kind.SELECTOR), v.causes().stream().map(Cause::kind).toList());
    }
}
