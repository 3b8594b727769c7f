package dev.podtriage.stream;

import dev.podtriage.diagnosis.Finding;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries {@link Finding#since()} forward: a finding whose key the subject had before keeps its
 * episode's beginning; a new one begins where {@link FindingOrigins} remembers, else now.
 */
final class Episodes {
    private final FindingOrigins origins;

    Episodes(FindingOrigins origins) {
        this.origins = origins;
    }

    /**
     * @param before the same subject's findings before (same uid), with their since; empty when new
     */
    List<Finding> carried(SubjectRef subject, List<Finding> before, List<Finding> now, Instant at) {
        if (now.isEmpty()) {
            return now;
        }
        Map<String, Instant> known = new HashMap<>();
        before.forEach(f -> known.putIfAbsent(f.key(), f.since()));
        return now.stream().map(f -> {
            Instant since = known.get(f.key());
            if (since == null) {
                since = origins.since(subject, f.key()).orElse(at);
            }
            return f.withSince(since);
        }).toList();
    }
}
