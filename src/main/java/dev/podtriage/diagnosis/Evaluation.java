package dev.podtriage.diagnosis;

import java.time.Instant;

/**
 * A pod's diagnosis and the instant it could next change without any new input (see
 * {@link PodView#horizon()}); not part of the diagnosis itself, nor of its JSON.
 *
 * @param horizon null when only a change of the pod's inputs can change the diagnosis
 */
public record Evaluation(Diagnosis diagnosis, Instant horizon) {
}
