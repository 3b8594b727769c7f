package dev.podtriage.store;

import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.incidents.Incident;
import java.time.Instant;

/** One change for the database, queued by the recorder and written in batches by {@link StoreWriter}. */
sealed interface Write {

    /** A finding seen at {@code at}: its open episode goes on, or one begins at {@code since} with this first sight. */
    record Seen(EpisodeKey key, OwnerRef owner, Finding finding, Instant since, Instant at) implements Write {
    }

    /** The open episode ended at {@code at}. */
    record Resolved(EpisodeKey key, Instant at) implements Write {
    }

    /** An incident opened or changed (its open row is replaced), or resolved ({@code resolvedAt} set). */
    record IncidentSeen(Incident incident, Instant at) implements Write {
    }
}
