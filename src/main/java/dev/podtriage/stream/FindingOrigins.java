package dev.podtriage.stream;

import java.time.Instant;
import java.util.Optional;

/**
 * When an open episode of a finding began, as remembered across restarts of the service. The memo
 * asks it once for a finding it has not seen before (after a restart, for every finding) and uses
 * the answer as the finding's {@code since}; when it answers empty, the episode begins at the
 * evaluation that first sees it. The history store implements it; without a store nothing is
 * remembered ({@link #NONE}).
 */
public interface FindingOrigins {
    FindingOrigins NONE = (subject, findingKey) -> Optional.empty();

    /**
     * @param subject    the pod or workload (its uid included: a recreated pod starts afresh)
     * @param findingKey {@link dev.podtriage.diagnosis.Finding#key()}
     */
    Optional<Instant> since(SubjectRef subject, String findingKey);
}
