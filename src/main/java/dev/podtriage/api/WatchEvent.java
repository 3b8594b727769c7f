package dev.podtriage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.stream.DiagnosisChange;
import dev.podtriage.stream.SubjectRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One change kept for the watch streams, with the id streams number it by: a subject's verdict
 * ({@link DiagnosisChange}) or an incident's ({@link IncidentChange}). Each of its JSON forms is
 * written once, however many streams send it.
 */
final class WatchEvent {
    private final long id;
    private final DiagnosisChange diagnosis;
    private final IncidentChange incident;
    private final ObjectMapper json;
    private volatile String current;
    private volatile String removed;

    WatchEvent(long id, DiagnosisChange diagnosis, IncidentChange incident, ObjectMapper json) {
        this.id = id;
        this.diagnosis = diagnosis;
        this.incident = incident;
        this.json = json;
    }

    long id() {
        return id;
    }

    DiagnosisChange diagnosis() {
        return diagnosis;
    }

    IncidentChange incident() {
        return incident;
    }

    /** The subject's verdict now: its Diagnosis, or its WorkloadReport. */
    String currentJson() {
        String s = current;
        if (s == null) {
            s = write(() -> diagnosis instanceof DiagnosisChange.OfPod p ? p.current() : ((DiagnosisChange.OfWorkload) diagnosis).current());
            current = s;
        }
        return s;
    }

    /** That the subject left the list: gone, or no longer failing as much as the stream asks. */
    String removedJson() {
        String s = removed;
        if (s == null) {
            SubjectRef ref = diagnosis.subject();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", ref.kind());
            m.put("namespace", ref.namespace());
            m.put("name", ref.name());
            m.put("uid", ref.uid());
            m.put("reason", diagnosis.gone() ? "gone" : "resolved");
            m.put("at", diagnosis.at());
            s = write(() -> m);
            removed = s;
        }
        return s;
    }

    /** The incident's change, without its members (a stream's caller may not see them all: GET /api/v1/incidents/{id} scopes them). */
    String incidentJson() {
        Incident i = incident.incident();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", incident.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("id", i.id());
        m.put("rule", i.rule());
        m.put("severity", i.severity());
        m.put("state", i.state());
        m.put("at", incident.at());
        return write(() -> m);
    }

    private String write(Supplier<Object> value) {
        try {
            return json.writeValueAsString(value.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a watch event as JSON", e);
        }
    }
}
