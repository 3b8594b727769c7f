package dev.podtriage.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link DiagnosisChange} the memo fires, in the order it fires them. */
@ApplicationScoped
public class ChangeRecorder {
    private final List<DiagnosisChange> changes = new CopyOnWriteArrayList<>();

    void on(@Observes DiagnosisChange change) {
        changes.add(change);
    }

    /** The changes of one subject (kind/namespace/name), in order. */
    public List<DiagnosisChange> of(String key) {
        return changes.stream().filter(c -> c.subject().key().equals(key)).toList();
    }
}
