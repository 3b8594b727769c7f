package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.Stage;
import java.util.Set;

/**
 * The reasons a family owns, as data: the container waiting reasons and terminated reasons it diagnoses and
 * the event reasons it reads, at its stage. {@link ContainerClaims} decides from these tables which family
 * reports a container (earliest stage wins), so that no family calls another and no reason list is written twice.
 */
record Claims(Stage stage, Set<String> waiting, Set<String> terminated, Set<String> events) {

    Claims {
        waiting = Set.copyOf(waiting);
        terminated = Set.copyOf(terminated);
        events = Set.copyOf(events);
    }

    /** The event reasons as the array {@code PodView.eventsFor} takes. */
    String[] eventReasons() {
        return events.stream().sorted().toArray(String[]::new);
    }
}
