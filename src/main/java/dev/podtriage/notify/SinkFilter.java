package dev.podtriage.notify;

import dev.podtriage.diagnosis.Severity;
import dev.podtriage.incidents.Incident;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which incidents one sink receives: those of its rule IDs (exclusions win), of at least its
 * severity, with a member in one of its namespaces (glob patterns, exclusions win).
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

    boolean matches(Incident i) {
        return i.severity() != null && i.severity().atLeast(minSeverity) && rule(i.rule())
                && i.members().stream().anyMatch(m -> namespace(m.namespace()));
    }

    static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.strip().toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
