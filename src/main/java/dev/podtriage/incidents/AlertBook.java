package dev.podtriage.incidents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Alertmanager alerts attached to each incident, by fingerprint (a later status replaces an
 * earlier one). Bounded: {@link #MAX_PER_INCIDENT} alerts per incident, and only incidents the
 * tracker still holds. Thread-safe.
 */
final class AlertBook {
    static final int MAX_PER_INCIDENT = 1000;

    private final Map<String, Map<String, IncidentAlert>> byIncident = new LinkedHashMap<>();

    /** Attaches the alert; true when it is new to the incident or its status changed. */
    synchronized boolean attach(String incident, IncidentAlert alert) {
        Map<String, IncidentAlert> alerts = byIncident.computeIfAbsent(incident, id -> new LinkedHashMap<>());
        IncidentAlert before = alerts.get(alert.fingerprint());
        if (before == null && alerts.size() >= MAX_PER_INCIDENT) {
            return false;
        }
        alerts.put(alert.fingerprint(), alert);
        return !alert.equals(before);
    }

    synchronized List<IncidentAlert> of(String incident) {
        Map<String, IncidentAlert> alerts = byIncident.get(incident);
        return alerts == null ? List.of() : new ArrayList<>(alerts.values());
    }

    /** A new episode of the incident starts without the alerts of the last one. */
    synchronized void forget(String incident) {
        byIncident.remove(incident);
    }

    /** Drops the alerts of incidents no longer kept. */
    synchronized void retain(Set<String> incidents) {
        byIncident.keySet().retainAll(incidents);
    }
}
