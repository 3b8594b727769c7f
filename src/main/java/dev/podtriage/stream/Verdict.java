package dev.podtriage.stream;

import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.OptOut;
import dev.podtriage.diagnosis.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What makes a change of a subject's verdict ({@link DiagnosisChange}): its health, its root cause
 * and what the root cause blames (its {@link Cause}: the image, the node, the quota — what incidents
 * group by), the set of finding keys with their severities, and which of them an opt-out annotation
 * covers and how (its object, end and reason: incidents show them). Messages (one more restart, "3m ago") are not.
 */
record Verdict(boolean healthy, String root, Cause rootCause, Map<String, Severity> findings, Map<String, OptOut> optedOut) {

    static Verdict of(boolean healthy, List<Finding> findings) {
        Map<String, Severity> keys = new LinkedHashMap<>();
        findings.forEach(f -> keys.put(f.key(), f.severity()));
        Finding root = findings.isEmpty() ? null : findings.get(0);
        Map<String, OptOut> optedOut = findings.stream().filter(f -> f.optOut() != null)
                .collect(Collectors.toUnmodifiableMap(Finding::key, Finding::optOut, (a, b) -> a));
        return new Verdict(healthy, root == null ? null : root.key(), root == null ? null : root.cause(), Map.copyOf(keys), optedOut);
    }

    /** A workload's own verdict: unhealthy when one of its own findings is. */
    static Verdict ofOwn(List<Finding> findings) {
        return of(findings.stream().noneMatch(f -> f.severity().unhealthy()), findings);
    }
}
