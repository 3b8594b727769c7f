package dev.podtriage.incidents;

import java.time.Duration;
import java.util.List;

/**
 * The incidents a previous run of the service left open, as it last recorded them, so that a restart
 * continues them (same {@code firstSeen}: the notification ledger's keys hold, nothing is announced
 * twice) and resolves, once the caches have been live for {@link #settleAfter()}, those that have no
 * member any more (they ended while the service was down). The history store implements it; without a
 * store nothing is remembered ({@link #NONE}). Asked once, when the incidents service starts.
 */
public interface IncidentOrigins {
    IncidentOrigins NONE = new IncidentOrigins() {
        @Override
        public List<Incident> open() {
            return List.of();
        }

        @Override
        public Duration settleAfter() {
            return Duration.ZERO;
        }
    };

    /** Incidents open when the previous run last recorded them: ids, {@code firstSeen}, members with their {@code since}. */
    List<Incident> open();

    /** How long the caches must be live after a start before a left-open incident without members is taken as resolved. */
    Duration settleAfter();
}
