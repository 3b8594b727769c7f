package dev.podtriage.store;

import dev.podtriage.diagnosis.Prose;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.PodInfo;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import dev.podtriage.stream.DiagnosisChange;
import dev.podtriage.stream.SubjectRef;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Verdict changes of one pod of Deployment {@code api} in {@code payments}, as the memo fires them. */
final class Changes {
    static final Instant T0 = Instant.parse("2026-12-05T22:00:00Z");
    private final AtomicLong sequence = new AtomicLong();
    final String pod;
    final String uid;
    private Diagnosis last;

    Changes(String pod, String uid) {
        this.pod = pod;
        this.uid = uid;
    }

    SubjectRef subject() {
        return SubjectRef.pod("payments", pod, uid);
    }

    static Finding oom(String container) {
        return new Finding("container-oom-killed", Severity.CRITICAL, "Container killed: out of memory", container,
                Prose.fromMarkdown("Container `" + container + "` was killed at its memory limit `256Mi` (exit code 137: OOMKilled) 3 times."),
                List.of(Evidence.status("status.containerStatuses[" + container + "].lastState.terminated", "OOMKilled", "Exit code 137")),
                List.of(Prose.fromMarkdown("Raise the memory limit.")), Prose.fromMarkdown("OOM"), Stage.RUN, 1);
    }

    static Finding crashLoop(String container) {
        return new Finding("container-crash-loop", Severity.CRITICAL, "Container crash-looping", container,
                Prose.fromMarkdown("Container `" + container + "` exits with code 1 and is restarted with back-off."),
                List.of(Evidence.status("status.containerStatuses[" + container + "].state.waiting", "CrashLoopBackOff", "back-off 5m0s")),
                List.of(Prose.fromMarkdown("Read the previous log.")), Prose.fromMarkdown("crash loop"), Stage.RUN, 1);
    }

    /** The pod now has these findings (none: healthy), evaluated at {@code at}. */
    DiagnosisChange now(Instant at, Finding... findings) {
        Diagnosis next = new Diagnosis("test", new PodInfo("payments", pod, uid, "node-1", new OwnerRef("Deployment", "api"),
                "Running", findings.length == 0 ? "Running" : "CrashLoopBackOff", "0/1", 3), findings.length == 0,
                findings.length == 0 ? null : Severity.CRITICAL, Prose.fromMarkdown("s"), List.of(findings), at);
        DiagnosisChange c = new DiagnosisChange.OfPod(sequence.incrementAndGet(), at, subject(), last, next);
        last = next;
        return c;
    }

    /** The pod is gone. */
    DiagnosisChange gone(Instant at) {
        DiagnosisChange c = new DiagnosisChange.OfPod(sequence.incrementAndGet(), at, subject(), last, null);
        last = null;
        return c;
    }

    /** The memo after a restart of the service: it knows nothing before. */
    Changes restarted() {
        return new Changes(pod, uid);
    }
}
