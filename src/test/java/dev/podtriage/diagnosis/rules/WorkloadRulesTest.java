package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertHealthy;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static dev.podtriage.diagnosis.Prose.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadRulesTest {

    /** The fixture's objects as the API would hand them over: the workload of the given kind and every event. */
    private static HasMetadata workload(List<HasMetadata> items, String kind) {
        return items.stream().filter(o -> o.getKind().equals(kind)).findFirst().orElseThrow();
    }

    private static List<Event> events(List<HasMetadata> items) {
        return items.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
    }

    private static List<HasMetadata> items(String path) {
        return new ManifestReader().read(Fixtures.read(path), false);
    }

    private static List<Finding> detect(String path, String kind) {
        List<HasMetadata> items = items(path);
        return new WorkloadRules().detectWorkload(workload(items, kind), events(items), List.of(), Fixtures.AT);
    }

    @Test
    void quotaExceededSeenFromAnExistingPod() {
        Diagnosis d = Fixtures.diagnose("workload/quota-exceeded.json");
        Finding f = assertRootCause(d, "quota-exceeded", null);
        assertEquals(Severity.WARNING, f.severity(), "the pod itself runs: its missing siblings are the problem");
        assertMessageNames(f, "ReplicaSet `web-7d9c8b5f4d`", "Deployment `web`", "ResourceQuota `compute-quota`", "namespace `shop`",
                "limits.memory: requested 512Mi, used 1792Mi of 2Gi, 256Mi left");
        assertFixNames(f, "spec.template.spec.containers[*].resources.limits.memory", "Deployment `web`",
                "kubectl -n shop edit resourcequota compute-quota", "kubectl -n shop describe resourcequota compute-quota");
        assertEquals(EvidenceSource.WORKLOAD, f.evidence().get(0).source());
        assertEquals(15, f.evidence().get(0).count());
    }

    @Test
    void quotaExceededForTheWorkloadAlone() {
        List<Finding> fs = detect("workload/quota-exceeded.json", "ReplicaSet");
        assertEquals(List.of("quota-exceeded"), fs.stream().map(Finding::rule).toList());
        assertEquals(Severity.CRITICAL, fs.get(0).severity());
        // the ReplicaFailure condition is quoted next to the event
        assertTrue(fs.get(0).evidence().stream().anyMatch(e -> "FailedCreate".equals(e.reason()) && e.field().contains("ReplicaFailure")));
    }

    @Test
    void aFailedCreateFollowedByPodsIsHistory() {
        assertHealthy(Fixtures.diagnose("workload/quota-resolved.json"));
        assertEquals(List.of(), detect("workload/quota-resolved.json", "ReplicaSet"));
    }

    @Test
    void aLaterSuccessfulCreateAloneMakesTheFailureHistory() {
        List<HasMetadata> items = items("workload/quota-resolved.json");
        ReplicaSet rs = (ReplicaSet) workload(items, "ReplicaSet");
        rs.setStatus(null); // a partial object: only the events tell
        assertEquals(List.of(), new WorkloadRules().detectWorkload(rs, events(items), List.of(), Fixtures.AT));
        // without the SuccessfulCreate the same FailedCreate is current
        List<Event> failedOnly = events(items).stream().filter(e -> e.getReason().equals("FailedCreate")).toList();
        assertEquals(List.of("quota-exceeded"), new WorkloadRules().detectWorkload(rs, failedOnly, List.of(), Fixtures.AT).stream().map(Finding::rule).toList());
    }

    @Test
    void podSecurityDeniesEveryPodOfADeploymentWithoutPods() {
        List<HasMetadata> items = items("workload/podsecurity-no-pods.json");
        // the Deployment alone (its ReplicaFailure condition), as the live API sees a Deployment with zero pods
        List<Finding> fs = Fixtures.ENGINE.diagnoseWorkload(workload(items, "Deployment"), List.of(), Fixtures.AT);
        assertEquals(List.of("admission-denied", "rollout-stalled"), fs.stream().map(Finding::rule).toList(),
                "the denial is the root cause, the stalled rollout its consequence");
        assertMessageNames(fs.get(1), "Deployment `builder-agent`", "its pods cannot be created (`admission-denied`)",
                "(critical, not warning: no replica of the Deployment is available, old or new)");
        assertEquals(Severity.CRITICAL, fs.get(1).severity());
        Finding f = fs.get(0);
        assertMessageNames(f, "Deployment `builder-agent`", "`restricted:latest`", "namespace `ci`", "privileged", "allowPrivilegeEscalation != false");
        assertFixNames(f, "container \"agent\" must set securityContext.allowPrivilegeEscalation=false", "capabilities.drop=[\"ALL\"]",
                "must not set securityContext.privileged=true", "kubectl label ns ci pod-security.kubernetes.io/enforce=baseline");
        assertTrue(f.evidence().stream().anyMatch(e -> "ProgressDeadlineExceeded".equals(e.reason())
                && e.text().contains("has timed out progressing")), "the stalled rollout is quoted as evidence");
        // the ReplicaSet with its FailedCreate events gives the same answer and names its Deployment
        Finding rs = new WorkloadRules().detectWorkload(workload(items, "ReplicaSet"), events(items), List.of(), Fixtures.AT).get(0);
        assertEquals("admission-denied", rs.rule());
        assertMessageNames(rs, "ReplicaSet `builder-agent-5c9d7f8b6` (Deployment `builder-agent`)");
        assertEquals(19, rs.evidence().get(0).count());
    }

    @Test
    void kyvernoDeniesAJob() {
        List<Finding> fs = detect("workload/webhook-denied-job.json", "Job");
        assertEquals(List.of("admission-denied"), fs.stream().map(Finding::rule).toList());
        assertMessageNames(fs.get(0), "Job `db-migrate`", "`validate.kyverno.svc-fail`", "require-requests-limits");
        assertFixNames(fs.get(0), "kubectl get clusterpolicy,policy -A", "Job `db-migrate`", "namespace `payments`");
    }

    @Test
    void aPolicyMessageWithMarkupIsQuotedVerbatimAsCode() {
        List<HasMetadata> items = items("workload/webhook-denied-job.json");
        // Kyverno's sample policies write their messages with backticks; the names here hold `*` and `_` too
        String said = "validation error: The label `app.kubernetes.io/name` is required for *all* pods. rule check_for_labels failed at path /metadata/labels/";
        events(items).forEach(e -> e.setMessage("Error creating: admission webhook \"validate.kyverno.svc-fail\" denied the request: " + said));
        Finding f = new WorkloadRules().detectWorkload(workload(items, "Job"), events(items), List.of(), Fixtures.AT).get(0);
        assertEquals("admission-denied", f.rule());
        Prose.Part last = f.message().parts().get(f.message().parts().size() - 1);
        assertEquals(new Prose.Part(Prose.Kind.CODE, said), last);
        assertEquals(f.message(), Prose.fromMarkdown(f.message().markdown()));
        assertTrue(f.message().plain().endsWith("denied them: " + said), f.message().plain());
        assertTrue(f.fixes().get(0).parts().contains(new Prose.Part(Prose.Kind.CODE, "validation error: The label `app.kubernetes.io/name` is required for *all* pods.")),
                f.fixes().get(0).markdown());
    }

    @Test
    void missingServiceAccount() {
        Finding f = detect("workload/serviceaccount-missing.json", "ReplicaSet").get(0);
        assertEquals("admission-denied", f.rule());
        assertMessageNames(f, "ServiceAccount `builder`", "namespace `shop`");
        assertFixNames(f, "kubectl -n shop create serviceaccount builder", "spec.template.spec.serviceAccountName", "Deployment `builder`");
    }

    @Test
    void unreachableWebhookOfADaemonSet() {
        Finding f = detect("workload/webhook-unreachable-daemonset.json", "DaemonSet").get(0);
        assertEquals("admission-denied", f.rule());
        assertMessageNames(f, "DaemonSet `fluent-bit`", "`mpod.elbv2.k8s.aws`", "no endpoints available");
        assertFixNames(f, "failurePolicy: Ignore", "mpod.elbv2.k8s.aws");
    }

    @Test
    void quotaThatRequiresLimits() {
        Finding f = detect("workload/quota-must-specify.json", "ReplicaSet").get(0);
        assertEquals("quota-exceeded", f.rule());
        assertMessageNames(f, "ResourceQuota `compute-quota`", "limits.cpu for: api; limits.memory for: api");
        assertFixNames(f, "Deployment `api`", "LimitRange");
    }

    @Test
    void jobDeadlineIsJobFailed() {
        List<Finding> fs = detect("workload/job-deadline.json", "Job");
        assertEquals(List.of("job-failed"), fs.stream().map(Finding::rule).toList());
        assertMessageNames(fs.get(0), "Job `backfill-orders`", "activeDeadlineSeconds=3600");
        assertFixNames(fs.get(0), "kubectl -n data logs job/backfill-orders", "spec.activeDeadlineSeconds");
    }

    @Test
    void jobBackoffLimitIsJobFailed() {
        List<HasMetadata> items = items("workload/job-backoff-limit.json");
        List<Finding> fs = new WorkloadRules().detectWorkload(workload(items, "Job"), events(items), List.of(), Fixtures.AT);
        assertEquals(List.of("job-failed"), fs.stream().map(Finding::rule).toList());
        assertMessageNames(fs.get(0), "Job `import-users`", "7 times", "backoffLimit of 6");
        assertFixNames(fs.get(0), "kubectl -n data logs -l job-name=import-users", "does not restart");
        assertTrue(fs.get(0).evidence().stream().anyMatch(e -> e.source() == EvidenceSource.WORKLOAD && "BackoffLimitExceeded".equals(e.reason())));
    }

    @Test
    void jobFailedNamesItsPodsRootCause() {
        List<HasMetadata> items = items("workload/job-backoff-limit.json");
        Diagnosis pod = Fixtures.diagnose("containers/command-not-found-job-never.json");
        Finding f = new WorkloadRules().detectWorkload(workload(items, "Job"), events(items), List.of(pod), Fixtures.AT).get(0);
        assertEquals("job-failed", f.rule());
        assertMessageNames(f, "Its failing pod fails with `container-command-not-found`");
        assertFixNames(f, "Fix the pods' root cause `container-command-not-found`");
        assertEquals(Prose.of("Job ", code("import-users"), " failed: ", pod.summary()), f.headline(), "the pods' summary, part for part");
    }

    @Test
    void rolloutStalledNamesTheNewPodsRootCause() {
        List<HasMetadata> items = items("workload/rollout-stalled-image.json");
        Diagnosis pod = Fixtures.diagnose("workload/rollout-stalled-image.json");
        assertEquals("image-not-found", pod.findings().get(0).rule(), "the pod's own root cause; the rollout is no finding of the pod");
        List<Finding> fs = Fixtures.ENGINE.diagnoseWorkload(workload(items, "Deployment"), events(items), List.of(pod), Fixtures.AT);
        assertEquals(List.of("rollout-stalled"), fs.stream().map(Finding::rule).toList());
        Finding f = fs.get(0);
        assertEquals(Severity.WARNING, f.severity(), "3 replicas of the old version are available: degraded, still serving");
        assertMessageNames(f, "Deployment `web`", "600 s", "its failing pod fails with `image-not-found`");
        assertFixNames(f, "`image-not-found`", "kubectl -n shop rollout undo deployment/web", "kubectl -n shop rollout status deployment/web");
        assertTrue(f.evidence().stream().anyMatch(e -> "ProgressDeadlineExceeded".equals(e.reason())
                && e.text().equals("ReplicaSet \"web-7d9c8b5f4d\" has timed out progressing.")));
    }

    @Test
    void aDeploymentThatProgressesHasNoRolloutFinding() {
        List<HasMetadata> items = items("workload/quota-deployment-recovered.json");
        assertTrue(Fixtures.ENGINE.diagnoseWorkload(workload(items, "Deployment"), events(items), Fixtures.AT).stream()
                .noneMatch(f -> f.rule().equals("rollout-stalled")));
    }

    @Test
    void podsWithoutAnOwnerObjectHaveNoWorkloadFindings() {
        Diagnosis d = Fixtures.diagnose("sandbox/configmap-missing.json");
        assertTrue(rules(d).stream().noneMatch(r -> r.equals("quota-exceeded") || r.equals("admission-denied")));
    }
}
