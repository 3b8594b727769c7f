package dev.podtriage.cluster.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scenario file's first line says it should give: {@code expect: <rule> on <target>, …}
 * where a target is a pod {@code namespace/pod}, optionally with the container of the root cause
 * in brackets, or a workload {@code namespace/Kind/name}; the rule {@code healthy} says the pods
 * are healthy.
 */
record ScenarioExpectation(String file, String rule, String target, String container) {
    private static final Pattern EXPECT = Pattern.compile("expect: (\\S+) on (.+)$");
    private static final Pattern TARGET = Pattern.compile("([^\\s/]+/[^\\s/]+(?:/[^\\s/]+)?)(?: \\(([^)]+)\\))?");

    static List<ScenarioExpectation> of(Scenario s) {
        Matcher m = EXPECT.matcher(s.comment());
        if (!m.find()) {
            return List.of();
        }
        List<ScenarioExpectation> out = new ArrayList<>();
        for (String t : m.group(2).split(",\\s*")) {
            Matcher tm = TARGET.matcher(t.trim());
            if (!tm.matches()) {
                throw new IllegalArgumentException(s.file() + ": not a target: " + t);
            }
            out.add(new ScenarioExpectation(s.file(), m.group(1), tm.group(1), tm.group(2)));
        }
        return out;
    }

    boolean healthy() {
        return "healthy".equals(rule);
    }

    String namespace() {
        return target.split("/")[0];
    }

    /** The workload's kind, or null when the target is a pod. */
    String workloadKind() {
        String[] parts = target.split("/");
        return parts.length == 3 ? parts[1] : null;
    }

    String name() {
        String[] parts = target.split("/");
        return parts[parts.length - 1];
    }

    @Override
    public String toString() {
        return file + ": " + rule + " on " + target + (container == null ? "" : " (" + container + ")");
    }
}
