package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Instant;

/**
 * Reads the fields of a core/v1 Event that differ between emitters: old-style events carry
 * {@code count}/{@code lastTimestamp}, new-style (events.k8s.io through core/v1) carry
 * {@code series} and {@code eventTime}.
 */
public final class EventFacts {
    private EventFacts() {
    }

    public static int count(Event event) {
        if (event.getSeries() != null && event.getSeries().getCount() != null) {
            return Math.max(event.getSeries().getCount(), 1);
        }
        return event.getCount() == null ? 1 : Math.max(event.getCount(), 1);
    }

    /** The latest moment the event is known to have happened, or null when it carries no time at all. */
    public static Instant lastSeen(Event event) {
        Instant t = null;
        if (event.getSeries() != null) {
            t = micro(event.getSeries().getLastObservedTime());
        }
        if (t == null) {
            t = Timestamps.parse(event.getLastTimestamp());
        }
        if (t == null) {
            t = micro(event.getEventTime());
        }
        if (t == null) {
            t = Timestamps.parse(event.getFirstTimestamp());
        }
        if (t == null && event.getMetadata() != null) {
            t = Timestamps.parse(event.getMetadata().getCreationTimestamp());
        }
        return t;
    }

    private static Instant micro(MicroTime time) {
        return time == null ? null : Timestamps.parse(time.getTime());
    }

    /** Whether a kubelet emitted the event ({@code source.component}, or {@code reportingComponent} of events.k8s.io/v1). */
    public static boolean fromKubelet(Event event) {
        return "kubelet".equals(event.getSource() == null ? null : event.getSource().getComponent())
                || "kubelet".equals(event.getReportingComponent());
    }
}
