package dev.podtriage.render;

import dev.podtriage.diagnosis.Prose;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.PodInfo;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import java.util.List;
import java.util.stream.IntStream;

/** Diagnoses built by hand to push renderers to their limits. */
final class Synthetic {
    private Synthetic() {
    }

    static PodInfo pod(String name) {
        return new PodInfo("shop", name, "uid-1", "node-1", new OwnerRef("Deployment", "web"), "Running", "CrashLoopBackOff", "0/1", 5);
    }

    static Finding finding(int i, String message, List<Evidence> evidence) {
        return new Finding("rule-" + i, i == 0 ? Severity.CRITICAL : Severity.WARNING, "Title " + i, "c" + i, Prose.fromMarkdown(message), evidence,
                List.of(Prose.fromMarkdown("Fix `thing-" + i + "` in `spec.containers[c" + i + "]`.")), Prose.fromMarkdown(message), Stage.RUN, i);
    }

    /** A pod of cluster {@code prod-eu} with {@code n} findings. */
    static Diagnosis withFindings(int n) {
        List<Finding> findings = IntStream.range(0, n).mapToObj(i -> finding(i, "Finding " + i + " of `c" + i + "`.",
                List.of(Evidence.status("status.containerStatuses[c" + i + "].state.waiting", "CrashLoopBackOff", "back-off 5m0s")))).toList();
        return diagnosis(findings);
    }

    static Diagnosis diagnosis(List<Finding> findings) {
        return new Diagnosis("prod-eu", pod("web-1"), false, Severity.CRITICAL, findings.get(0).headline(), findings, Fixtures.AT);
    }

    /** One finding whose message is {@code text}. */
    static Diagnosis withMessage(String text) {
        return diagnosis(List.of(finding(0, text, List.of(Evidence.status("status.phase", null, "Running")))));
    }

    /** One finding whose evidence is a log tail of {@code lines} lines. */
    static Diagnosis withLog(int lines) {
        String log = IntStream.range(0, lines).mapToObj(i -> "line " + i + " <&> `tick`").reduce("", (a, b) -> a + b + "\n");
        return diagnosis(List.of(finding(0, "Crashed.", List.of(Evidence.log("c0", log)))));
    }
}
