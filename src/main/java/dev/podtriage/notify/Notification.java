package dev.podtriage.notify;

import dev.podtriage.incidents.Incident;
import java.time.Instant;
import java.util.Locale;

/**
 * One message for one sink about one incident.
 *
 * @param threshold for {@link Kind#GREW}: the blast radius (pods) it grew past; else 0
 * @param incident  the incident as it is at {@code at}
 */
record Notification(SinkSettings sink, Kind kind, int threshold, Incident incident, Instant at) {

    enum Kind {
        /** The incident is open and has lasted the sink's delay. */
        OPENED,
        /** Its blast radius grew past a threshold. */
        GREW,
        /** Alertmanager alerts were attached to it: forwarded once, naming what they are. */
        ALERTS,
        /** No member has the finding any more. */
        RESOLVED;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
