package dev.podtriage.notify;

import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Severity;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one sink reports: namespaces (glob patterns, exclusions win), rule IDs (exclusions win)
 * and a lowest severity.
 */
record SinkFilter(List<String> namespaces, List<String> excludeNamespaces, Set<String> rules, Set<String> excludeRules,
                  Severity minSeverity) {

    SinkFilter {
        namespaces = List.copyOf(namespaces);
        excludeNamespaces = List.copyOf(excludeNamespaces);
        rules = Set.copyOf(rules);
        excludeRules = Set.copyOf(excludeRules);
    }

    /** Everything of at least this severity. */
    static SinkFilter all(Severity minSeverity) {
        return new SinkFilter(List.of(), List.of(), Set.of(), Set.of(), minSeverity);
    }

    boolean namespace(String namespace) {
        String ns = namespace == null ? "" : namespace;
        if (excludeNamespaces.stream().anyMatch(g -> glob(g).matcher(ns).matches())) {
            return false;
        }
        return namespaces.isEmpty() || namespaces.stream().anyMatch(g -> glob(g).matcher(ns).matches());
    }

    boolean rule(String rule) {
        return !excludeRules.contains(rule) && (rules.isEmpty() || rules.contains(rule));
    }

    boolean finding(Finding f) {
        return f.severity() != null && f.severity().atLeast(minSeverity) && rule(f.rule());
    }

    static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.strip().toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
