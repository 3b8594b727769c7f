package dev.podtriage.diagnosis.rules;

import java.util.List;

/** How findings quote names of Kubernetes objects. */
final class Quoting {
    private Quoting() {
    }

    /** {@code `a`, `b`}. */
    static String quoteAll(List<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }
}
