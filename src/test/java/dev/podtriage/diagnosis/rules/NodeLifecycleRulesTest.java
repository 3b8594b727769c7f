package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertHealthy;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static dev.podtriage.diagnosis.rules.ClusterTexts.MARKUP;
import static dev.podtriage.diagnosis.rules.ClusterTexts.assertMessageQuotes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeLifecycleRulesTest {

    private static List<String> lifecycle(Diagnosis d) {
        return rules(d).stream().filter(r -> r.startsWith("node-") || r.startsWith("pod-")).toList();
    }

    @Test
    void unreachableNodeFromTheNodeObjectThenTheStuckDeletion() {
        Diagnosis d = Fixtures.diagnose("lifecycle/node-lost-unreachable.json");
        Finding f = assertRootCause(d, "node-lost", null);
        // the taint manager's deletion is part of the lost node, not a separate eviction
        assertEquals(List.of("node-lost", "pod-terminating-stuck"), lifecycle(d));
        assertMessageNames(f, "ip-10-0-4-21.eu-west-1.compute.internal", "Kubelet stopped posting node status.", "node.kubernetes.io/unreachable");
        assertEquals(EvidenceSource.NODE, f.evidence().get(0).source());
        assertFixNames(f, "kubectl describe node ip-10-0-4-21.eu-west-1.compute.internal", "300s", "Deployment `payments`");
        Finding stuck = d.findings().get(1);
        assertEquals(Severity.WARNING, stuck.severity());
        assertMessageNames(stuck, "22m", "is lost");
        assertFixNames(stuck, "kubectl -n payments delete pod payments-6b8d9c7f5-mx4qk --grace-period=0 --force");
    }

    @Test
    void oldStyleNodeLostOfAStatefulSetPod() {
        Diagnosis d = Fixtures.diagnose("lifecycle/node-lost-phase-unknown.json");
        Finding f = assertRootCause(d, "node-lost", null);
        assertMessageNames(f, "NodeLost", "worker-2 which was running pod zk-1 is unresponsive");
        assertFixNames(f, "kubectl delete node worker-2", "kubectl -n infra delete pod zk-1 --grace-period=0 --force");
        // a StatefulSet pod is not replaced by the eviction: no promise of a replacement
        assertFalse(String.join(" ", f.fixes().stream().map(String::valueOf).toList()).contains("creates a replacement"));
    }

    @Test
    void nodeNotReadyEventAloneWhileTheDaemonSetPodIsNotReady() {
        Diagnosis d = Fixtures.diagnose("lifecycle/node-not-ready-event-only.json");
        Finding f = assertRootCause(d, "node-lost", null);
        assertMessageNames(f, "`worker-11`", "has not been Ready since");
        assertFixNames(f, "DaemonSet `node-exporter`");
    }

    @Test
    void aNodeBlipThatPassedIsHealthy() {
        assertHealthy(Fixtures.diagnose("lifecycle/node-blip-recovered.json"));
    }

    @Test
    void evictedForMemoryNamesContainerUsageAndRequest() {
        Diagnosis d = Fixtures.diagnose("lifecycle/evicted-memory.json");
        Finding f = assertRootCause(d, "pod-evicted", null);
        assertEquals(Severity.WARNING, f.severity(), "a Deployment replaces its evicted pod");
        assertMessageNames(f, "`worker-5`", "low on memory", "threshold 100Mi, available 91Mi", "container `app` was using 1.2Gi while requesting 256Mi");
        assertFixNames(f, "spec.containers[app].resources.requests.memory", "from 256Mi to at least 1.2Gi", "Deployment `catalog`",
                "kubectl -n shop delete pod catalog-75c9d8f6b4-k7z2p");
        assertEquals("Evicted: node `worker-5` ran low on memory (container `app` used 1.2Gi)", d.summary().markdown());
    }

    @Test
    void evictedOldWordingFromTheStatusAlone() {
        Diagnosis d = Fixtures.diagnose("lifecycle/evicted-old-format.json");
        Finding f = assertRootCause(d, "pod-evicted", null);
        assertMessageNames(f, "container `app` was using 1234Mi while requesting 256Mi", "`k8s-node-4`");
        assertFixNames(f, "spec.containers[app].resources.requests.memory");
        assertEquals(1, f.evidence().size());
    }

    @Test
    void evictedForEphemeralStorage() {
        Finding limit = assertRootCause(Fixtures.diagnose("lifecycle/evicted-ephemeral-container-limit.json"), "pod-evicted", null);
        assertMessageNames(limit, "container `extract`", "limit of 1Gi");
        assertFixNames(limit, "spec.containers[extract].resources.limits.ephemeral-storage", "Job `etl-nightly-29145000`");

        Diagnosis disk = Fixtures.diagnose("lifecycle/evicted-node-disk.json");
        Finding node = assertRootCause(disk, "pod-evicted", null);
        assertEquals(Severity.CRITICAL, node.severity(), "a bare pod is gone for good");
        assertMessageNames(node, "`ci-node-2`", "low on ephemeral-storage", "container `build` was using 12Gi while requesting nothing");
        assertFixNames(node, "spec.containers[build].resources.requests.ephemeral-storage", "crictl rmi --prune");

        Finding total = assertRootCause(Fixtures.diagnose("lifecycle/evicted-pod-ephemeral-total.json"), "pod-evicted", null);
        assertMessageNames(total, "sum of their limits (2Gi)");
    }

    @Test
    void gracefulNodeShutdownCountsAsEviction() {
        Diagnosis d = Fixtures.diagnose("lifecycle/node-shutdown.json");
        Finding f = assertRootCause(d, "pod-evicted", null);
        assertMessageNames(f, "`spot-node-3`", "shut down");
        assertFixNames(f, "Deployment `frontend`");
    }

    @Test
    void preemptedByTheScheduler() {
        Diagnosis d = Fixtures.diagnose("lifecycle/preempted.json");
        Finding f = assertRootCause(d, "pod-preempted", null);
        assertEquals(Severity.WARNING, f.severity());
        assertMessageNames(f, "`gpu-node-1`", "PriorityClass `batch-low`", "8c3e5a71-2b4d-4f6e-9a0c-1d2e3f4a5b6c");
        assertFixNames(f, "priorityClassName", "Deployment `batch-scorer`", "grep 8c3e5a71");
        assertTrue(f.evidence().stream().anyMatch(e -> "PreemptionByScheduler".equals(e.reason())));
        // its deletion grace period has not even ended: not stuck
        assertFalse(rules(d).contains("pod-terminating-stuck"));
    }

    @Test
    void preemptedJobPodOnANewerClusterAlreadyFailed() {
        Diagnosis d = Fixtures.diagnose("lifecycle/preempted-job-pod-failed.json");
        Finding f = assertRootCause(d, "pod-preempted", null);
        // its exit 143 under restartPolicy Never is the preemption's SIGTERM, not a failed container
        assertEquals(List.of("pod-preempted"), rules(d));
        assertEquals(Severity.WARNING, f.severity());
        assertMessageNames(f, "`render-frames-7x2kq`", "by the scheduler", "node `node-2`", "5c1e9a3f-7b2d-4e8a-9f61-0d3c2b1a4e57",
                "priority 10", "PriorityClass `best-effort-batch`");
        assertFixNames(f, "grep 5c1e9a3f-7b2d-4e8a-9f61-0d3c2b1a4e57", "priorityClassName", "Job `render-frames`", "PodDisruptionBudget",
                "podFailurePolicy", "onPodConditions: [{type: DisruptionTarget}]");
        assertTrue(f.evidence().stream().anyMatch(e -> "PreemptionByScheduler".equals(e.reason())));
        assertEquals("Preempted", f.evidence().get(0).reason());
    }

    @Test
    void preemptedOnAnOlderClusterNamesThePreemptorByName() {
        Diagnosis d = Fixtures.diagnose("lifecycle/preempted-old-scheduler-docker.json");
        Finding f = assertRootCause(d, "pod-preempted", null);
        assertEquals(List.of("pod-preempted"), rules(d), "terminating since 38s: not stuck");
        assertMessageNames(f, "node `node-4`", "`default/critical-batch-0`", "no PriorityClass");
        assertFixNames(f, "kubectl -n default get pod critical-batch-0", "priorityClassName", "Deployment `report-worker`", "PodDisruptionBudget");
        assertFalse(String.join("\n", f.fixes().stream().map(String::valueOf).toList()).contains("podFailurePolicy"), "no Job here");
        assertEquals(1, f.evidence().size(), "the event is all there is (no DisruptionTarget condition before 1.26)");
    }

    @Test
    void preemptedByTheKubeletForACriticalPod() {
        Diagnosis d = Fixtures.diagnose("lifecycle/preempted-by-kubelet-critical-pod.json");
        Finding f = assertRootCause(d, "pod-preempted", null);
        assertEquals(List.of("pod-preempted"), rules(d), "its exit 137 is the kubelet's kill");
        assertMessageNames(f, "by the kubelet", "node `worker-3`", "critical pod", "ignores PodDisruptionBudgets");
        assertFixNames(f, "Guaranteed QoS", "Deployment `thumbnailer`", "kubectl -n media delete pod thumbnailer-6d8f7c5b4-h3j9k");
        // critical pods outrank every user PriorityClass, and kubelet preemption ignores PDBs: neither is a fix here
        String fixes = String.join("\n", f.fixes().stream().map(String::valueOf).toList());
        assertFalse(fixes.contains("a higher `priorityClassName`"), fixes);
        assertFalse(fixes.contains("Cover Deployment"), fixes);
        assertTrue(f.evidence().stream().anyMatch(e -> "Preempting".equals(e.reason()) && e.source() == EvidenceSource.STATUS));
        assertTrue(f.evidence().stream().anyMatch(e -> "Preempting".equals(e.reason()) && e.source() == EvidenceSource.EVENT));
    }

    @Test
    void terminatingStuckOnAFinalizer() {
        Diagnosis d = Fixtures.diagnose("lifecycle/terminating-finalizer.json");
        Finding f = assertRootCause(d, "pod-terminating-stuck", null);
        assertEquals(List.of("pod-terminating-stuck"), lifecycle(d));
        assertMessageNames(f, "compliance.example.com/flush-audit-log", "39m");
        assertFixNames(f, "kubectl -n compliance patch pod audit-writer-6c5b4a3f2e-r7t2z -p '{\"metadata\":{\"finalizers\":null}}'", "caution");
        // within terminatingStuckAfter (5 minutes) of the end of the grace period it is just terminating
        assertEquals(List.of(), lifecycle(Fixtures.diagnose("lifecycle/terminating-finalizer.json", Instant.parse("2026-11-27T09:24:00Z"))));
    }

    @Test
    void terminatingStuckOnTheKubelet() {
        Diagnosis d = Fixtures.diagnose("lifecycle/terminating-kubelet-hang.json");
        Finding f = assertRootCause(d, "pod-terminating-stuck", null);
        assertMessageNames(f, "`worker-8`", "grace period of 60s");
        assertFixNames(f, "--grace-period=0 --force", "journalctl -u kubelet");
        assertTrue(f.evidence().stream().anyMatch(e -> "FailedKillPod".equals(e.reason())));
    }

    @Test
    void activeDeadline() {
        Diagnosis d = Fixtures.diagnose("lifecycle/deadline-exceeded.json");
        Finding f = assertRootCause(d, "pod-deadline-exceeded", null);
        assertMessageNames(f, "spec.activeDeadlineSeconds=600", "10m");
        assertFixNames(f, "Job `reindex-catalog`", "(now 600)");
    }

    @Test
    void activeDeadlineOfABarePod() {
        Diagnosis d = Fixtures.diagnose("lifecycle/deadline-exceeded-bare-pod.json");
        Finding f = assertRootCause(d, "pod-deadline-exceeded", null);
        assertEquals(List.of("pod-deadline-exceeded"), rules(d), "the container's exit 137 is the deadline's kill");
        assertEquals(Severity.CRITICAL, f.severity());
        assertMessageNames(f, "`debug-shell-jdoe`", "spec.activeDeadlineSeconds=3600", "1h", "2026-11-27T08:40:12Z",
                "Pod was active on the node longer than the specified deadline");
        assertFixNames(f, "no controller", "kubectl -n ops delete pod debug-shell-jdoe", "`spec.activeDeadlineSeconds` (now 3600)");
        assertFalse(String.join("\n", f.fixes().stream().map(String::valueOf).toList()).contains("pod template"), "a bare pod has none");
    }

    @Test
    void activeDeadlineOfACronJobRunFromTheStatusAlone() {
        Diagnosis d = Fixtures.diagnose("lifecycle/deadline-exceeded-cronjob-pod.json");
        Finding f = assertRootCause(d, "pod-deadline-exceeded", null);
        assertEquals(List.of("pod-deadline-exceeded"), rules(d), "neither pg-dump (143) nor uploader (137) failed on its own");
        assertMessageNames(f, "`db-backup-29391840-q7w2x`", "spec.activeDeadlineSeconds=1800", "30m");
        assertFixNames(f, "(now 1800)", "CronJob `db-backup`", "spec.jobTemplate.spec.template.spec.activeDeadlineSeconds",
                "kubectl -n backup edit cronjob db-backup", "Job `db-backup-29391840`", "job-name=db-backup-29391840");
        assertEquals(EvidenceSource.STATUS, f.evidence().get(0).source());
        assertEquals("DeadlineExceeded", f.evidence().get(0).reason());
    }

    @Test
    void kubeletAdmissionRejectionsMapToSchedulingRules() {
        Finding cpu = assertRootCause(Fixtures.diagnose("lifecycle/outofcpu-node-name.json"), "unschedulable-insufficient-resources", null);
        assertMessageNames(cpu, "`worker-1`", "requested 4 cpu, already used 3.6 cpu of 3.92 cpu", "spec.nodeName");
        assertFixNames(cpu, "spec.containers[stress].resources.requests.cpu", "no controller");

        Finding affinity = assertRootCause(Fixtures.diagnose("lifecycle/node-affinity-rejected.json"), "unschedulable-node-selector", null);
        assertMessageNames(affinity, "`edge-2`", "Predicate NodeAffinity failed");
        assertFixNames(affinity, "kubectl get node edge-2 --show-labels");
    }

    @Test
    void clusterMessagesWithMarkupAreQuotedVerbatimAsCode() {
        // the kubelet's graceful-shutdown message in the pod's status
        assertMessageQuotes("lifecycle/node-shutdown.json", "Pod was terminated in response to imminent node shutdown.", "Shutdown: " + MARKUP,
                "pod-evicted", "Shutdown: " + MARKUP);
        // the node controller's NodeNotReady event
        assertMessageQuotes("lifecycle/node-not-ready-event-only.json", "\"Node is not ready\"", "\"Node is not ready: " + MARKUP + "\"",
                "node-lost", "Node is not ready: " + MARKUP);
        // the kubelet's admission refusal
        assertMessageQuotes("lifecycle/node-affinity-rejected.json", "\"Pod Predicate NodeAffinity failed\"", "\"Pod Predicate NodeAffinity failed: " + MARKUP + "\"",
                "unschedulable-node-selector", "Pod Predicate NodeAffinity failed: " + MARKUP);
        // the kubelet's deadline message
        assertMessageQuotes("lifecycle/deadline-exceeded.json", "Pod was active on the node longer than the specified deadline", MARKUP,
                "pod-deadline-exceeded", MARKUP);
    }
}
