package dev.podtriage.incidents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/** Records every {@link IncidentChange} the service fires, for the tests to read. */
@ApplicationScoped
public class IncidentChanges {
    private final List<IncidentChange> seen = new ArrayList<>();

    synchronized void on(@Observes IncidentChange c) {
        seen.add(c);
    }

    public synchronized List<IncidentChange> of(IncidentChange.Type type) {
        return seen.stream().filter(c -> c.type() == type).toList();
    }

    public synchronized void clear() {
        seen.clear();
    }
}
