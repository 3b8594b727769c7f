package dev.podtriage.diagnosis;

import java.time.Instant;

/**
 * What {@code kubectl get pod} prints in its STATUS, READY and RESTARTS columns.
 *
 * @param lastRestart the latest {@code lastState.terminated.finishedAt} among counted containers, or null
 */
public record PodColumns(String status, String ready, int restarts, Instant lastRestart) {
}
