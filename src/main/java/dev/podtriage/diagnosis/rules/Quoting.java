package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.Prose;
import java.util.List;

/** How findings quote names of Kubernetes objects. */
final class Quoting {
    private Quoting() {
    }

    /** {@code `a`, `b`}. */
    static Prose quoteAll(List<String> names) {
        return Prose.codes(names);
    }
}
