package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Stage;
import java.util.List;

/**
 * Which family claims a container: the earliest stage whose family reports it. Families ask this class,
 * never each other, whether an earlier stage already explains a container or a reason.
 */
final class ContainerClaims {

    private static final ContainerClaims STANDARD = new ContainerClaims(List.of(new ImagePullRules(), new ContainerStartRules(),
            new ProbeRules()));

    private final List<ContainerClaimant> claimants;

    ContainerClaims(List<ContainerClaimant> claimants) {
        this.claimants = List.copyOf(claimants);
    }

    /** The claims of the families pod-triage ships. */
    static ContainerClaims standard() {
        return STANDARD;
    }

    List<ContainerClaimant> claimants() {
        return claimants;
    }

    /** Whether a family of a stage before {@code stage} reports this container. */
    boolean claimedBefore(Stage stage, PodView pod, ContainerView c) {
        return claimants.stream().anyMatch(f -> f.claims().stage().compareTo(stage) < 0 && f.claims(pod, c));
    }

    /**
     * Whether the family of {@code stage} reports this container. A later stage can explain an earlier one's
     * symptom: a container a liveness probe killed has not crashed.
     */
    boolean claimedAt(Stage stage, PodView pod, ContainerView c) {
        return claimants.stream().anyMatch(f -> f.claims().stage() == stage && f.claims(pod, c));
    }

    /** Whether a family of a stage before {@code stage} owns this terminated reason. */
    boolean terminatedBefore(Stage stage, String reason) {
        return claimants.stream().anyMatch(f -> f.claims().stage().compareTo(stage) < 0 && f.claims().terminated().contains(reason));
    }

    /** Whether {@code text} names a waiting reason owned by a family of a stage before {@code stage}. */
    boolean namesWaitingBefore(Stage stage, String text) {
        return claimants.stream().filter(f -> f.claims().stage().compareTo(stage) < 0)
                .flatMap(f -> f.claims().waiting().stream()).anyMatch(text::contains);
    }
}
