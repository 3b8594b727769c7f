package dev.podtriage.stream;

import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes a change of a subject's verdict ({@link DiagnosisChange}): its health, its root cause
 * and what the root cause blames (its {@link Cause}: the image, the node, the quota — what incidents
 * group by), and the set of finding keys with their severities. Messages (one more restart, "3m
 * ago") are not.
 */
record Verdict(boolean healthy, String root, Cause rootCause, Map<String, Severity> findings) {

    static Verdict of(boolean healthy, List<Finding> findings) {
        Map<String, Severity> keys = new LinkedHashMap<>();
        findings.forEach(f -> keys.put(f.key(), f.severity()));
        Finding root = findings.isEmpty() ? null : findings.get(0);
        return new Verdict(healthy, root == null ? null : root.key(), root == null ? null : root.cause(), Map.copyOf(keys));
    }

    /** A workload's own verdict: unhealthy when one of its own findings is. */
    static Verdict ofOwn(List<Finding> findings) {
        return of(findings.stream().noneMatch(f -> f.severity().unhealthy()), findings);
    }
}
