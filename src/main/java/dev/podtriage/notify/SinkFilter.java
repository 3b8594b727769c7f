package dev.podtriage.notify;

import dev.podtriage.diagnosis.Severity;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.Member;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which incidents one sink receives: those of its rule IDs (exclusions win), of at least its
 * severity, with a member in one of its namespaces (glob patterns, exclusions win) that carries all
 * of its label selectors ({@code key=value}, or {@code key} for any value) among the labels and
 * annotations of the pod, its workload or its namespace.
 */
record SinkFilter(List<String> namespaces, List<String> excludeNamespaces, Set<String> rules, Set<String> excludeRules,
                  Severity minSeverity, List<String> labels) {

    SinkFilter {
        namespaces = List.copyOf(namespaces);
        excludeNamespaces = List.copyOf(excludeNamespaces);
        rules = Set.copyOf(rules);
        excludeRules = Set.copyOf(excludeRules);
        labels = labels.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    SinkFilter(List<String> namespaces, List<String> excludeNamespaces, Set<String> rules, Set<String> excludeRules,
               Severity minSeverity) {
        this(namespaces, excludeNamespaces, rules, excludeRules, minSeverity, List.of());
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

    /**
     * @param metadata the labels and annotations of a member's pod, workload and namespace, merged
     */
    boolean matches(Incident i, Function<Member, Map<String, String>> metadata) {
        return i.severity() != null && i.severity().atLeast(minSeverity) && rule(i.rule())
                && i.members().stream().anyMatch(m -> namespace(m.namespace()) && (labels.isEmpty() || labels(metadata.apply(m))));
    }

    /** Every selector holds: {@code key=value}, or {@code key} present with any value. */
    boolean labels(Map<String, String> metadata) {
        for (String selector : labels) {
            int eq = selector.indexOf('=');
            String key = eq < 0 ? selector : selector.substring(0, eq).strip();
            String value = metadata.get(key);
            if (value == null || (eq >= 0 && !value.equals(selector.substring(eq + 1).strip()))) {
                return false;
            }
        }
        return true;
    }

    static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.strip().toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
