package dev.podtriage.notify;

import static dev.podtriage.notify.Harness.sink;
import static dev.podtriage.notify.Harness.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podtriage.notify.NotifyConfig.SinkType;
import dev.podtriage.diagnosis.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Workloads that cannot create pods at all (a Deployment blocked by a ResourceQuota has no pod to
 * report) go through the same tracker as pods: delay, cooldown, filters, resolved messages.
 */
class WorkloadNotifierTest extends NotifierTestBase {
    private static final String QUOTA_NO_PODS = "workload/quota-deployment-no-pods.json";
    private static final String QUOTA_RECOVERED = "workload/quota-deployment-recovered.json";
    private static final String JOB_FAILED = "workload/job-backoff-limit.json";

    @Test
    void aQuotaBlockedDeploymentWithoutPodsIsSentAfterTheDelayOnce() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.putWorkload("payments", QUOTA_NO_PODS); // reported as a change of its ReplicaSet
        h.tickAt(min(0));
        assertEquals(1, h.tracker.size(), "tracked as its Deployment while the delay runs");
        h.tickAt(Duration.ofSeconds(119));
        assertEquals(List.of(), h.posted("hook"), "not news before the delay");
        h.tickAt(min(2), min(3), min(45), min(240));
        assertEquals(List.of("firing Deployment api quota-exceeded"), h.posted("hook"), "once, however long it fails");

        JsonNode body = receiver.requests("/hook").get(0).json();
        assertEquals("firing", body.get("event").asText());
        assertEquals("Deployment", body.at("/subject/kind").asText());
        assertEquals("payments", body.at("/subject/namespace").asText());
        assertEquals("api", body.at("/subject/name").asText());
        assertEquals("quota-exceeded", body.get("rule").asText());
        assertEquals("2026-11-27T10:00:00Z", body.get("since").asText());
        assertEquals("2026-11-27T10:02:00Z", body.get("at").asText());
        assertFalse(body.has("pod") || body.has("diagnosis"), "a workload's envelope has no pod fields: " + body);
        assertEquals("Deployment", body.at("/workload/workload/kind").asText());
        assertEquals("api", body.at("/workload/workload/name").asText());
        assertEquals(2, body.at("/workload/workload/desired").asInt());
        assertEquals(0, body.at("/workload/workload/readyReplicas").asInt());
        assertEquals("0/2", body.at("/workload/workload/ready").asText(), "kubectl's READY column, as a pod's ready");
        assertEquals("quota-exceeded", body.at("/workload/findings/0/rule").asText());
        assertEquals("critical", body.at("/workload/findings/0/severity").asText(), "no pod exists: the workload itself is down");
        assertTrue(body.at("/workload/findings/0/message").asText().contains("payments-quota"), body.at("/workload/findings/0").toString());
        assertEquals(0, body.at("/workload/pods").size());
        assertFalse(body.at("/workload/healthy").asBoolean());
        assertEquals("2026-11-27T10:02:00Z", body.at("/workload/evaluatedAt").asText());
    }

    @Test
    void resolvedWhenTheReplicaSetCreatesItsPods() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.putWorkload("payments", QUOTA_NO_PODS);
        h.tickAt(min(0), min(2));
        h.cluster.putWorkload("payments", QUOTA_RECOVERED); // quota raised: SuccessfulCreate after the FailedCreate
        h.tickAt(min(4), min(10));
        assertEquals(List.of("firing Deployment api quota-exceeded", "resolved Deployment api quota-exceeded"), h.posted("hook"));
        JsonNode resolved = receiver.requests("/hook").get(1).json();
        assertEquals("recovered", resolved.get("reason").asText());
        assertEquals("2026-11-27T10:04:00Z", resolved.get("at").asText());
        assertTrue(resolved.at("/workload/healthy").asBoolean(), "the current report: " + resolved.get("workload"));
        assertEquals(2, resolved.at("/workload/workload/readyReplicas").asInt());
        assertEquals("2/2", resolved.at("/workload/workload/ready").asText());
        assertEquals(0, resolved.at("/workload/findings").size());
        h.tickAt(min(33));
        assertEquals(0, h.tracker.size(), "forgotten once the cooldown ran out");
    }

    @Test
    void resolvedWhenTheDeploymentIsDeleted() {
        SinkSettings quiet = sink("quiet", SinkType.WEBHOOK, receiver, SinkFilter.all(Severity.WARNING), min(2), min(30), false);
        h = new Harness(receiver, List.of(webhook("hook", receiver), quiet));
        h.cluster.putWorkload("payments", QUOTA_NO_PODS);
        h.tickAt(min(0), min(2));
        h.cluster.deleteWorkload("Deployment", "payments", "api");
        h.tickAt(min(3));
        assertEquals(List.of("firing Deployment api quota-exceeded", "resolved Deployment api quota-exceeded"), h.posted("hook"));
        assertEquals(List.of("firing Deployment api quota-exceeded"), h.posted("quiet"), "send-resolved=false");
        JsonNode deleted = receiver.requests("/hook").get(1).json();
        assertEquals("deleted", deleted.get("reason").asText());
        assertEquals("quota-exceeded", deleted.at("/workload/findings/0/rule").asText(), "the last report seen");
        assertEquals(0, h.tracker.size(), "a deleted workload is forgotten at once");
    }

    @Test
    void cooldownIsPerWorkloadAndRule() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.putWorkload("payments", QUOTA_NO_PODS);
        h.tickAt(min(0));
        h.tickAt(min(2));     // firing
        h.cluster.putWorkload("payments", QUOTA_RECOVERED);
        h.tickAt(min(4));     // resolved
        h.cluster.putWorkload("payments", QUOTA_NO_PODS);
        h.tickAt(min(5), min(8)); // failing for 3m again, but told 6m ago
        assertEquals(2, h.posted("hook").size());
        h.tickAt(min(32));    // the cooldown (30m after 10:02) ran out
        assertEquals(List.of("firing Deployment api quota-exceeded", "resolved Deployment api quota-exceeded",
                "firing Deployment api quota-exceeded"), h.posted("hook"));
        assertEquals("2026-11-27T10:05:00Z", receiver.requests("/hook").get(2).json().get("since").asText());
    }

    @Test
    void aPodAndAWorkloadOfTheSameNameAreDistinctSubjects() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.putWorkload("payments", QUOTA_NO_PODS);
        h.cluster.put("payments", "api", "image/not-found-containerd.json");
        h.tickAt(min(0), min(2));
        assertEquals(Set.of("firing Deployment api quota-exceeded", "firing api image-not-found"), Set.copyOf(h.posted("hook")));
        JsonNode pod = receiver.requests("/hook").stream().map(Receiver.Request::json)
                .filter(j -> j.at("/subject/kind").asText().equals("Pod")).findFirst().orElseThrow();
        assertEquals("api", pod.get("pod").asText(), "the pod envelope keeps its fields");
        assertEquals("payments", pod.get("namespace").asText());
        assertEquals("api", pod.at("/diagnosis/pod/name").asText());
        h.cluster.delete("payments", "api");
        h.tickAt(min(3));
        assertEquals(List.of("resolved api image-not-found"), h.posted("hook").subList(2, 3));
        assertEquals(1, h.tracker.size(), "the Deployment is still failing");
    }

    @Test
    void theSweepFindsWorkloadsNoChangeWasReportedFor() {
        h = new Harness(receiver, List.of(webhook("hook", receiver)));
        h.cluster.onChange = (kind, ns, name) -> { }; // listed before the handlers were registered
        h.cluster.putWorkload("payments", QUOTA_NO_PODS);
        h.cluster.putWorkload("batch", JOB_FAILED);
        h.cluster.putWorkload("shop", QUOTA_RECOVERED);
        h.tickAt(min(0));
        assertEquals(0, h.tracker.size(), "nothing changed, nothing tracked");
        h.notifier.sweep();
        assertEquals(2, h.tracker.size(), "the blocked Deployment and the failed Job; the healthy Deployment leaves no state");
        h.sweepAfter(min(2));
        assertEquals(Set.of("firing Deployment api quota-exceeded", "firing Job import-users job-failed"),
                Set.copyOf(h.posted("hook")));
        // deleted while nobody told: the sweep sees it is gone
        h.cluster.workloads.remove("Job/batch/import-users");
        h.sweepAfter(min(1));
        assertEquals(3, h.posted("hook").size());
        assertEquals("resolved Job import-users job-failed", h.posted("hook").get(2));
    }

    @Test
    void filtersByNamespaceRuleAndSeverity() {
        h = new Harness(receiver, Harness.filteringSinks(receiver, "quota-exceeded"));
        h.cluster.putWorkload("team-a", QUOTA_NO_PODS);
        h.cluster.putWorkload("team-secret", QUOTA_NO_PODS);
        h.cluster.putWorkload("other", QUOTA_NO_PODS);
        h.cluster.putWorkload("team-b", JOB_FAILED);
        h.notifier.sweep();
        h.sweepAfter(min(2));

        assertEquals(Set.of("team-a/firing Deployment api quota-exceeded", "team-b/firing Job import-users job-failed"),
                Set.copyOf(posted("teams-only")));
        assertEquals(List.of(), posted("crashes"), "no workload finding is a crash loop");
        assertEquals(List.of("team-b/firing Job import-users job-failed"), posted("excluding"));
        assertEquals(Set.of("team-a/firing Deployment api quota-exceeded", "team-secret/firing Deployment api quota-exceeded",
                "other/firing Deployment api quota-exceeded", "team-b/firing Job import-users job-failed"),
                Set.copyOf(posted("critical")), "the workload's own findings are critical: nothing of it runs");
    }

    @Test
    void belowTheMinimumSeverityNothingIsSent() {
        SinkSettings strict = sink("strict", SinkType.WEBHOOK, receiver,
                new SinkFilter(List.of(), List.of(), Set.of("quota-exceeded"), Set.of(), Severity.CRITICAL), min(2), min(30), true);
        h = new Harness(receiver, List.of(strict));
        // the quota fixture with a pod: from the pod, the workload's missing siblings are a warning
        h.cluster.put("shop", "web-7d9c8b5f4d-8kq2v", "workload/quota-exceeded.json");
        h.tickAt(min(0), min(2));
        assertEquals(List.of(), h.posted("strict"), "the pod's quota-exceeded is a warning");
        h.cluster.putWorkload("shop", QUOTA_NO_PODS);
        h.tickAt(min(3), min(5));
        assertEquals(List.of("firing Deployment api quota-exceeded"), h.posted("strict"));
    }

    /** Like {@link Harness#posted} with the namespace in front. */
    private List<String> posted(String sink) {
        List<String> out = h.posted(sink);
        List<Receiver.Request> requests = receiver.requests("/" + sink);
        return java.util.stream.IntStream.range(0, out.size())
                .mapToObj(i -> requests.get(i).json().at("/subject/namespace").asText() + "/" + out.get(i)).toList();
    }
}
