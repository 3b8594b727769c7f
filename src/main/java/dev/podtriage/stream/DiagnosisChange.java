package dev.podtriage.stream;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.WorkloadReport;
import java.time.Instant;
import java.util.List;

/**
 * One change of one subject's verdict, as the diagnosis memo saw it (design: {@code flow.md}). Fired
 * as a CDI event, in order of {@link #sequence()}, on the memo's own worker thread (never an informer
 * thread, never a request thread): observers ({@code void on(@Observes DiagnosisChange c)}) must be
 * quick and hand slow work (I/O, HTTP, the database) to their own executor.
 *
 * <p>A change is fired when a subject appears with findings, goes away, or its verdict changes: the
 * set of {@link Finding#key() finding keys}, the root cause or what it blames ({@link Finding#cause()}),
 * a finding's severity, or its health. A message that only counts one more restart is not a change.
 * The first verdict of a subject that appears while the memo is live fires only after
 * {@code triage.cluster.memo-first-verdict} (its events may reach the caches a moment after it). After a restart of the service the memo
 * fills from cold and fires a change with no {@code previous} for every subject that has findings:
 * listeners that persist state (history, notifications) recognise what they already knew.
 */
public sealed interface DiagnosisChange {

    /** Increases by one with every change of the running service (not across restarts). */
    long sequence();

    /** The instant the new verdict was evaluated at. */
    Instant at();

    SubjectRef subject();

    /** The findings before, with {@link Finding#since()}; empty when the subject was new or had none. */
    List<Finding> before();

    /** The findings now, with {@link Finding#since()}; empty when it has none or is gone. */
    List<Finding> after();

    /** The subject no longer exists (deleted, or left the watched namespaces). */
    boolean gone();

    /** A pod's change; {@code current} is null when the pod is gone, {@code previous} when it is new. */
    record OfPod(long sequence, Instant at, SubjectRef subject, Diagnosis previous, Diagnosis current)
            implements DiagnosisChange {
        @Override
        public List<Finding> before() {
            return previous == null ? List.of() : previous.findings();
        }

        @Override
        public List<Finding> after() {
            return current == null ? List.of() : current.findings();
        }

        @Override
        public boolean gone() {
            return current == null;
        }
    }

    /**
     * A workload's change of its own findings (its pods change as {@link OfPod}); {@code current} is
     * null when the workload is gone, {@code previous} when it is new.
     */
    record OfWorkload(long sequence, Instant at, SubjectRef subject, WorkloadReport previous, WorkloadReport current)
            implements DiagnosisChange {
        @Override
        public List<Finding> before() {
            return previous == null ? List.of() : previous.findings();
        }

        @Override
        public List<Finding> after() {
            return current == null ? List.of() : current.findings();
        }

        @Override
        public boolean gone() {
            return current == null;
        }
    }
}
