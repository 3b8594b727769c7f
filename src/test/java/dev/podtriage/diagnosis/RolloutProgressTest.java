package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podtriage.diagnosis.RolloutProgress.State;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RolloutProgress} of StatefulSets, DaemonSets and Jobs (Deployments: {@code RolloutGateTest}), read from
 * objects shaped as the API server returns them, status fields as their controllers write them.
 */
class RolloutProgressTest {

    private static HasMetadata object(String json) {
        return new ManifestReader().read(json, false).get(0);
    }

    private static void assertProgress(State state, String detail, String json) {
        RolloutProgress p = RolloutProgress.of(object(json));
        assertEquals(state, p.state(), p.detail());
        assertEquals(detail, p.detail());
    }

    /** A StatefulSet {@code web} of {@code replicas} with the given generation, rolling update strategy and status. */
    private static String statefulSet(long generation, int replicas, String strategy, String status) {
        return """
                {"apiVersion": "apps/v1", "kind": "StatefulSet",
                 "metadata": {"name": "web", "namespace": "shop", "uid": "0b5c2a4e-1f6d-4c59-9d7e-3a1b2c4d5e6f", "generation": %d},
                 "spec": {"replicas": %d, "serviceName": "web", "podManagementPolicy": "OrderedReady",
                          "selector": {"matchLabels": {"app": "web"}},
                          "updateStrategy": %s,
                          "template": {"metadata": {"labels": {"app": "web"}},
                                       "spec": {"containers": [{"name": "web", "image": "registry.example.com/web:2.1.0"}]}}},
                 "status": %s}
                """.formatted(generation, replicas, strategy, status);
    }

    private static final String ROLLING = """
            {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}""";

    @Test
    void aStatefulSetWithEveryReplicaReadyAtTheUpdateRevisionIsComplete() {
        assertProgress(State.COMPLETE, "3 of 3 replicas ready at the current revision", statefulSet(4, 3, ROLLING, """
                {"observedGeneration": 4, "replicas": 3, "readyReplicas": 3, "currentReplicas": 3, "updatedReplicas": 3,
                 "availableReplicas": 3, "currentRevision": "web-7c6b9d8f5d", "updateRevision": "web-7c6b9d8f5d",
                 "collisionCount": 0}"""));
    }

    @Test
    void aStatefulSetReplacingItsPodsOneByOneIsProgressing() {
        // the controller updates from the highest ordinal down: web-2 is at the new revision, web-0 and web-1 not yet
        assertProgress(State.PROGRESSING, "1 of 3 replicas at revision web-7c6b9d8f5d", statefulSet(5, 3, ROLLING, """
                {"observedGeneration": 5, "replicas": 3, "readyReplicas": 3, "currentReplicas": 2, "updatedReplicas": 1,
                 "availableReplicas": 3, "currentRevision": "web-5d8f7c9b6d", "updateRevision": "web-7c6b9d8f5d",
                 "collisionCount": 0}"""));
        assertProgress(State.PROGRESSING, "2 of 3 replicas ready", statefulSet(5, 3, ROLLING, """
                {"observedGeneration": 5, "replicas": 3, "readyReplicas": 2, "currentReplicas": 2, "updatedReplicas": 1,
                 "availableReplicas": 2, "currentRevision": "web-5d8f7c9b6d", "updateRevision": "web-7c6b9d8f5d",
                 "collisionCount": 0}"""));
    }

    @Test
    void aStatefulSetWhoseSpecChangeIsNotObservedYetIsProgressing() {
        assertProgress(State.PROGRESSING, "Waiting for the StatefulSet's spec update to be observed", statefulSet(6, 3, ROLLING, """
                {"observedGeneration": 5, "replicas": 3, "readyReplicas": 3, "currentReplicas": 3, "updatedReplicas": 3,
                 "availableReplicas": 3, "currentRevision": "web-7c6b9d8f5d", "updateRevision": "web-7c6b9d8f5d"}"""));
    }

    @Test
    void aPartitionedStatefulSetIsCompleteOnceTheOrdinalsFromThePartitionUpAreUpdated() {
        String canary = """
                {"type": "RollingUpdate", "rollingUpdate": {"partition": 3}}""";
        // 5 replicas, partition 3: web-3 and web-4 take the new revision, web-0..2 keep the old one for good
        assertProgress(State.COMPLETE, "partitioned rollout complete: 2 replica(s) updated, ordinals below 3 keep their revision",
                statefulSet(7, 5, canary, """
                        {"observedGeneration": 7, "replicas": 5, "readyReplicas": 5, "currentReplicas": 3, "updatedReplicas": 2,
                         "availableReplicas": 5, "currentRevision": "web-5d8f7c9b6d", "updateRevision": "web-7c6b9d8f5d"}"""));
        assertProgress(State.PROGRESSING, "1 of 2 replicas above partition 3 updated", statefulSet(7, 5, canary, """
                {"observedGeneration": 7, "replicas": 5, "readyReplicas": 5, "currentReplicas": 4, "updatedReplicas": 1,
                 "availableReplicas": 5, "currentRevision": "web-5d8f7c9b6d", "updateRevision": "web-7c6b9d8f5d"}"""));
    }

    @Test
    void aStatefulSetUpdatedOnDeleteIsCompleteWhateverItsRevisions() {
        assertProgress(State.COMPLETE, "updateStrategy OnDelete: pods are replaced when deleted", statefulSet(3, 3, """
                {"type": "OnDelete"}""", """
                {"observedGeneration": 3, "replicas": 3, "readyReplicas": 3, "currentReplicas": 3, "updatedReplicas": 0,
                 "availableReplicas": 3, "currentRevision": "web-5d8f7c9b6d", "updateRevision": "web-7c6b9d8f5d"}"""));
    }

    @Test
    void aStatefulSetWhoseNewPodCannotPullItsImageStaysProgressingAndItsReportNamesTheRootCause() {
        HasMetadata sts = object(statefulSet(5, 3, ROLLING, """
                {"observedGeneration": 5, "replicas": 3, "readyReplicas": 2, "currentReplicas": 2, "updatedReplicas": 1,
                 "availableReplicas": 2, "currentRevision": "web-5d8f7c9b6d", "updateRevision": "web-7c6b9d8f5d"}"""));
        assertFailsOnlyThroughItsPods(sts, "2 of 3 replicas ready");
    }

    /** A DaemonSet {@code node-agent} with the given generation, update strategy and status. */
    private static String daemonSet(long generation, String strategy, String status) {
        return """
                {"apiVersion": "apps/v1", "kind": "DaemonSet",
                 "metadata": {"name": "node-agent", "namespace": "monitoring", "uid": "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b", "generation": %d},
                 "spec": {"selector": {"matchLabels": {"app": "node-agent"}},
                          "updateStrategy": %s,
                          "template": {"metadata": {"labels": {"app": "node-agent"}},
                                       "spec": {"containers": [{"name": "agent", "image": "registry.example.com/node-agent:1.4.2"}]}}},
                 "status": %s}
                """.formatted(generation, strategy, status);
    }

    private static final String DS_ROLLING = """
            {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}""";

    @Test
    void aDaemonSetUpdatedAndAvailableOnEveryNodeIsComplete() {
        assertProgress(State.COMPLETE, "4 of 4 pods updated and available", daemonSet(2, DS_ROLLING, """
                {"currentNumberScheduled": 4, "desiredNumberScheduled": 4, "numberAvailable": 4, "numberMisscheduled": 0,
                 "numberReady": 4, "observedGeneration": 2, "updatedNumberScheduled": 4}"""));
    }

    @Test
    void aDaemonSetRollingNodeByNodeIsProgressing() {
        assertProgress(State.PROGRESSING, "2 of 4 updated pods scheduled", daemonSet(3, DS_ROLLING, """
                {"currentNumberScheduled": 4, "desiredNumberScheduled": 4, "numberAvailable": 3, "numberMisscheduled": 0,
                 "numberReady": 3, "numberUnavailable": 1, "observedGeneration": 3, "updatedNumberScheduled": 2}"""));
        assertProgress(State.PROGRESSING, "3 of 4 updated pods available", daemonSet(3, DS_ROLLING, """
                {"currentNumberScheduled": 4, "desiredNumberScheduled": 4, "numberAvailable": 3, "numberMisscheduled": 0,
                 "numberReady": 3, "numberUnavailable": 1, "observedGeneration": 3, "updatedNumberScheduled": 4}"""));
    }

    @Test
    void aDaemonSetWhoseSpecChangeIsNotObservedYetIsProgressing() {
        assertProgress(State.PROGRESSING, "Waiting for the DaemonSet's spec update to be observed", daemonSet(4, DS_ROLLING, """
                {"currentNumberScheduled": 4, "desiredNumberScheduled": 4, "numberAvailable": 4, "numberMisscheduled": 0,
                 "numberReady": 4, "observedGeneration": 3, "updatedNumberScheduled": 4}"""));
    }

    @Test
    void aDaemonSetUpdatedOnDeleteIsCompleteWhateverItsPods() {
        assertProgress(State.COMPLETE, "updateStrategy OnDelete: pods are replaced when deleted", daemonSet(4, """
                {"type": "OnDelete"}""", """
                {"currentNumberScheduled": 4, "desiredNumberScheduled": 4, "numberAvailable": 4, "numberMisscheduled": 0,
                 "numberReady": 4, "observedGeneration": 4, "updatedNumberScheduled": 0}"""));
    }

    @Test
    void aDaemonSetWhoseNewPodCannotPullItsImageStaysProgressingAndItsReportNamesTheRootCause() {
        HasMetadata ds = object(daemonSet(3, DS_ROLLING, """
                {"currentNumberScheduled": 4, "desiredNumberScheduled": 4, "numberAvailable": 3, "numberMisscheduled": 0,
                 "numberReady": 3, "numberUnavailable": 1, "observedGeneration": 3, "updatedNumberScheduled": 1}"""));
        assertFailsOnlyThroughItsPods(ds, "1 of 4 updated pods scheduled");
    }

    /**
     * The workload object alone says progressing (its controller never says failed); the rollout gate fails it from its
     * pods' diagnoses, whose root cause here is a missing image.
     */
    private static void assertFailsOnlyThroughItsPods(HasMetadata workload, String detail) {
        RolloutProgress p = RolloutProgress.of(workload);
        assertEquals(new RolloutProgress(State.PROGRESSING, detail), p);
        Diagnosis pod = Fixtures.diagnose("image/not-found-containerd.json");
        WorkloadReport report = WorkloadReport.of("test", workload, List.of(), List.of(pod), Fixtures.AT);
        Finding root = report.pods().get(0).findings().get(0);
        assertEquals("image-not-found", root.rule());
        assertEquals(Severity.CRITICAL, root.severity());
    }

    /** A Job {@code migrate} with the given spec additions and status. */
    private static String job(String spec, String status) {
        return """
                {"apiVersion": "batch/v1", "kind": "Job",
                 "metadata": {"name": "migrate", "namespace": "shop", "uid": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "generation": 1,
                              "labels": {"batch.kubernetes.io/job-name": "migrate"}},
                 "spec": {"backoffLimit": 6, "completions": 1, "parallelism": 1, "completionMode": "NonIndexed", %s
                          "template": {"spec": {"restartPolicy": "Never",
                                                "containers": [{"name": "migrate", "image": "registry.example.com/migrate:3.0.1"}]}}},
                 "status": %s}
                """.formatted(spec, status);
    }

    @Test
    void aJobWithItsCompleteConditionIsComplete() {
        assertProgress(State.COMPLETE, "Job complete: 1 pod(s) succeeded", job("\"suspend\": false,", """
                {"active": 0, "completionTime": "2026-11-27T09:41:12Z", "ready": 0, "startTime": "2026-11-27T09:40:02Z",
                 "succeeded": 1, "terminating": 0, "uncountedTerminatedPods": {},
                 "conditions": [
                   {"lastProbeTime": "2026-11-27T09:41:12Z", "lastTransitionTime": "2026-11-27T09:41:12Z",
                    "message": "Reached expected number of succeeded pods", "reason": "CompletionsReached", "status": "True", "type": "SuccessCriteriaMet"},
                   {"lastProbeTime": "2026-11-27T09:41:12Z", "lastTransitionTime": "2026-11-27T09:41:12Z",
                    "message": "Reached expected number of succeeded pods", "reason": "CompletionsReached", "status": "True", "type": "Complete"}]}"""));
    }

    @Test
    void aRunningJobIsProgressing() {
        assertProgress(State.PROGRESSING, "Job running: 0 pod(s) succeeded so far", job("\"suspend\": false,", """
                {"active": 1, "ready": 1, "startTime": "2026-11-27T09:40:02Z", "terminating": 0, "uncountedTerminatedPods": {}}"""));
    }

    @Test
    void aJobPastItsBackoffLimitFailsWithTheControllersReason() {
        // since Kubernetes 1.31 the controller writes FailureTarget first, then Failed once its pods are gone
        String failureTarget = """
                {"lastProbeTime": "2026-11-27T09:22:41Z", "lastTransitionTime": "2026-11-27T09:22:41Z",
                 "message": "Job has reached the specified backoff limit", "reason": "BackoffLimitExceeded", "status": "True", "type": "FailureTarget"}""";
        String failed = """
                {"lastProbeTime": "2026-11-27T09:22:43Z", "lastTransitionTime": "2026-11-27T09:22:43Z",
                 "message": "Job has reached the specified backoff limit", "reason": "BackoffLimitExceeded", "status": "True", "type": "Failed"}""";
        String detail = "Job failed: BackoffLimitExceeded (Job has reached the specified backoff limit)";
        assertProgress(State.FAILED, detail, job("", """
                {"active": 0, "failed": 6, "ready": 0, "startTime": "2026-11-27T09:10:00Z", "terminating": 1, "uncountedTerminatedPods": {},
                 "conditions": [%s]}""".formatted(failureTarget)));
        assertProgress(State.FAILED, detail, job("", """
                {"failed": 7, "ready": 0, "startTime": "2026-11-27T09:10:00Z", "terminating": 0, "uncountedTerminatedPods": {},
                 "conditions": [%s, %s]}""".formatted(failureTarget, failed)));
    }

    @Test
    void aJobPastItsActiveDeadlineFailsWithTheControllersReason() {
        assertProgress(State.FAILED, "Job failed: DeadlineExceeded (Job was active longer than specified deadline)",
                job("\"activeDeadlineSeconds\": 600,", """
                        {"failed": 1, "ready": 0, "startTime": "2026-11-27T09:10:00Z", "terminating": 0, "uncountedTerminatedPods": {},
                         "conditions": [{"lastProbeTime": "2026-11-27T09:20:00Z", "lastTransitionTime": "2026-11-27T09:20:00Z",
                                         "message": "Job was active longer than specified deadline", "reason": "DeadlineExceeded",
                                         "status": "True", "type": "Failed"}]}"""));
    }

    @Test
    void aSuspendedJobIsProgressingAndSaysWhy() {
        assertProgress(State.PROGRESSING, "Job suspended: no pod runs until spec.suspend is false", job("\"suspend\": true,", """
                {"active": 0, "ready": 0, "terminating": 0, "uncountedTerminatedPods": {},
                 "conditions": [{"lastProbeTime": "2026-11-27T09:30:00Z", "lastTransitionTime": "2026-11-27T09:30:00Z",
                                 "message": "Job suspended", "reason": "JobSuspended", "status": "True", "type": "Suspended"}]}"""));
    }

    @Test
    void aResumedJobIsRunningAgain() {
        // the Suspended condition turns False on resume: the Job runs again
        assertProgress(State.PROGRESSING, "Job running: 2 pod(s) succeeded so far", job("\"suspend\": false,", """
                {"active": 1, "ready": 1, "succeeded": 2, "startTime": "2026-11-27T09:40:02Z", "terminating": 0, "uncountedTerminatedPods": {},
                 "conditions": [{"lastProbeTime": "2026-11-27T09:35:00Z", "lastTransitionTime": "2026-11-27T09:35:00Z",
                                 "message": "Job resumed", "reason": "JobResumed", "status": "False", "type": "Suspended"}]}"""));
    }
}
