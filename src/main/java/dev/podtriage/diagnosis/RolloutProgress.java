package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How far a workload's rollout is, read from the workload object alone as {@code kubectl rollout
 * status} reads it: complete, failed by the controller's own verdict (a Deployment's
 * ProgressDeadlineExceeded, a Job's Failed condition), or still progressing, with one line why.
 * Failures the pods show (a bad image, a crash) are judged from the diagnoses, not here.
 */
public record RolloutProgress(State state, String detail) {

    /** The three answers of the rollout gate; {@link #id()} is what the API writes. */
    public enum State {
        COMPLETE, FAILED, PROGRESSING;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static RolloutProgress of(HasMetadata w) {
        if (w instanceof Deployment d) {
            return deployment(d);
        }
        if (w instanceof StatefulSet s) {
            return statefulSet(s);
        }
        if (w instanceof DaemonSet ds) {
            return daemonSet(ds);
        }
        if (w instanceof Job j) {
            return job(j);
        }
        if (w instanceof ReplicaSet r) {
            return replicaSet(r);
        }
        return progressing("Unknown workload kind " + (w == null ? null : w.getKind()));
    }

    private static RolloutProgress deployment(Deployment d) {
        var status = d.getStatus();
        if (status == null || !observed(d, status.getObservedGeneration())) {
            return progressing("Waiting for the Deployment's spec update to be observed");
        }
        boolean deadline = status.getConditions() != null && status.getConditions().stream().anyMatch(c -> "Progressing".equals(c.getType())
                && "ProgressDeadlineExceeded".equals(c.getReason()));
        if (deadline) {
            return new RolloutProgress(State.FAILED, "ProgressDeadlineExceeded: the Deployment made no progress within "
                    + (d.getSpec() == null || d.getSpec().getProgressDeadlineSeconds() == null ? "its progress deadline"
                    : d.getSpec().getProgressDeadlineSeconds() + " s"));
        }
        int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int updated = n(status.getUpdatedReplicas());
        if (updated < desired) {
            return progressing(updated + " of " + desired + " new replicas updated");
        }
        if (n(status.getReplicas()) > updated) {
            return progressing((n(status.getReplicas()) - updated) + " old replica(s) pending termination");
        }
        if (n(status.getAvailableReplicas()) < updated) {
            return progressing(n(status.getAvailableReplicas()) + " of " + updated + " updated replicas available");
        }
        return complete(updated + " of " + desired + " replicas updated and available");
    }

    private static RolloutProgress statefulSet(StatefulSet s) {
        var status = s.getStatus();
        if (s.getSpec() != null && s.getSpec().getUpdateStrategy() != null && "OnDelete".equals(s.getSpec().getUpdateStrategy().getType())) {
            return complete("updateStrategy OnDelete: pods are replaced when deleted");
        }
        if (status == null || !observed(s, status.getObservedGeneration())) {
            return progressing("Waiting for the StatefulSet's spec update to be observed");
        }
        int desired = s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        if (n(status.getReadyReplicas()) < desired) {
            return progressing(n(status.getReadyReplicas()) + " of " + desired + " replicas ready");
        }
        int partition = partition(s);
        if (partition > 0) {
            // a partitioned rolling update (a canary) stops at the ordinals from the partition up, as kubectl rollout status does
            int wanted = Math.max(0, desired - partition);
            if (n(status.getUpdatedReplicas()) < wanted) {
                return progressing(n(status.getUpdatedReplicas()) + " of " + wanted + " replicas above partition " + partition + " updated");
            }
            return complete("partitioned rollout complete: " + n(status.getUpdatedReplicas()) + " replica(s) updated, ordinals below "
                    + partition + " keep their revision");
        }
        if (status.getUpdateRevision() != null && !Objects.equals(status.getUpdateRevision(), status.getCurrentRevision())) {
            return progressing(n(status.getUpdatedReplicas()) + " of " + desired + " replicas at revision " + status.getUpdateRevision());
        }
        return complete(desired + " of " + desired + " replicas ready at the current revision");
    }

    private static int partition(StatefulSet s) {
        var rolling = s.getSpec() == null || s.getSpec().getUpdateStrategy() == null ? null : s.getSpec().getUpdateStrategy().getRollingUpdate();
        return rolling == null ? 0 : n(rolling.getPartition());
    }

    private static RolloutProgress daemonSet(DaemonSet ds) {
        var status = ds.getStatus();
        if (ds.getSpec() != null && ds.getSpec().getUpdateStrategy() != null && "OnDelete".equals(ds.getSpec().getUpdateStrategy().getType())) {
            return complete("updateStrategy OnDelete: pods are replaced when deleted");
        }
        if (status == null || !observed(ds, status.getObservedGeneration())) {
            return progressing("Waiting for the DaemonSet's spec update to be observed");
        }
        int desired = n(status.getDesiredNumberScheduled());
        if (n(status.getUpdatedNumberScheduled()) < desired) {
            return progressing(n(status.getUpdatedNumberScheduled()) + " of " + desired + " updated pods scheduled");
        }
        if (n(status.getNumberAvailable()) < desired) {
            return progressing(n(status.getNumberAvailable()) + " of " + desired + " updated pods available");
        }
        return complete(desired + " of " + desired + " pods updated and available");
    }

    private static RolloutProgress job(Job j) {
        List<JobCondition> conditions = j.getStatus() == null || j.getStatus().getConditions() == null ? List.of()
                : j.getStatus().getConditions();
        for (JobCondition c : conditions) {
            if ("True".equals(c.getStatus()) && ("Failed".equals(c.getType()) || "FailureTarget".equals(c.getType()))) {
                return new RolloutProgress(State.FAILED, "Job failed: " + c.getReason() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
            }
        }
        for (JobCondition c : conditions) {
            if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
                return complete("Job complete: " + n(j.getStatus().getSucceeded()) + " pod(s) succeeded");
            }
        }
        if (j.getSpec() != null && Boolean.TRUE.equals(j.getSpec().getSuspend())) {
            return progressing("Job suspended: no pod runs until spec.suspend is false");
        }
        return progressing("Job running: " + (j.getStatus() == null ? 0 : n(j.getStatus().getSucceeded())) + " pod(s) succeeded so far");
    }

    private static RolloutProgress replicaSet(ReplicaSet r) {
        int desired = r.getSpec() == null || r.getSpec().getReplicas() == null ? 1 : r.getSpec().getReplicas();
        int available = r.getStatus() == null ? 0 : n(r.getStatus().getAvailableReplicas());
        return available >= desired ? complete(desired + " of " + desired + " replicas available")
                : progressing(available + " of " + desired + " replicas available");
    }

    /** The controller has seen the latest spec (a missing generation counts as seen: not every API server sets it). */
    private static boolean observed(HasMetadata w, Long observedGeneration) {
        Long generation = w.getMetadata() == null ? null : w.getMetadata().getGeneration();
        return generation == null || observedGeneration != null && observedGeneration >= generation;
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }

    private static RolloutProgress complete(String detail) {
        return new RolloutProgress(State.COMPLETE, detail);
    }

    private static RolloutProgress progressing(String detail) {
        return new RolloutProgress(State.PROGRESSING, detail);
    }
}
