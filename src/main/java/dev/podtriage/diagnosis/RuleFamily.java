package dev.podtriage.diagnosis;

import java.util.List;

/**
 * A family of related rules (image pulls, scheduling, ...): its catalog entries and the code
 * that detects them. Implementations are stateless and pure: snapshot in, findings out.
 */
public interface RuleFamily {

    /** The catalog entries this family can produce. */
    List<RuleDefinition> rules();

    /** The findings of this family for one pod; empty when none applies. */
    List<Finding> detect(PodView pod);
}
