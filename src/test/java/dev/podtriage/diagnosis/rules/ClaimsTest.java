package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Stage;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The families' claims: disjoint per stage, complete, and the only place a claimed reason is written. */
class ClaimsTest {

    private static final List<ContainerClaimant> CLAIMANTS = ContainerClaims.standard().claimants();
    private static final Path RULES = Path.of("src/main/java/dev/podtriage/diagnosis/rules");
    /** Reasons no family claims, which a container may show while another family owns it or none does. */
    private static final List<String> UNCLAIMED = List.of("", "CrashLoopBackOff", "ContainerCreating", "PodInitializing",
            "Error", "Completed", "OOMKilled", "ContainerStatusUnknown");

    @Test
    void noTwoFamiliesClaimTheSameReasonAtTheSameStage() {
        for (Function<Claims, Set<String>> kind : List.<Function<Claims, Set<String>>>of(Claims::waiting, Claims::terminated, Claims::events)) {
            for (Stage stage : Stage.values()) {
                Set<String> seen = new TreeSet<>();
                for (ContainerClaimant f : CLAIMANTS) {
                    if (f.claims().stage() == stage) {
                        for (String reason : kind.apply(f.claims())) {
                            assertTrue(seen.add(reason), reason + " is claimed twice at stage " + stage);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyReasonAFamilyReportsIsInItsClaims() {
        for (ContainerClaimant f : CLAIMANTS) {
            for (String reason : vocabulary()) {
                PodView waiting = pod(new ContainerStatusBuilder().withName("app").withNewState().withNewWaiting()
                        .withReason(reason).withMessage("failed").endWaiting().endState().build());
                if (f.claims(waiting, only(waiting))) {
                    assertTrue(f.claims().waiting().contains(reason), f.getClass().getSimpleName() + " reports waiting " + reason);
                }
                PodView terminated = pod(new ContainerStatusBuilder().withName("app").withNewState().withNewTerminated()
                        .withReason(reason).withExitCode(1).withMessage("failed").endTerminated().endState().build());
                if (f.claims(terminated, only(terminated))) {
                    assertTrue(f.claims().terminated().contains(reason), f.getClass().getSimpleName() + " reports terminated " + reason);
                }
            }
        }
    }

    @Test
    void everyClaimedWaitingReasonIsReportedByItsFamily() {
        for (ContainerClaimant f : CLAIMANTS) {
            for (String reason : f.claims().waiting()) {
                PodView p = pod(new ContainerStatusBuilder().withName("app").withNewState().withNewWaiting()
                        .withReason(reason).withMessage("failed").endWaiting().endState().build());
                assertTrue(f.claims(p, only(p)), f.getClass().getSimpleName() + " claims " + reason + " but does not report it");
            }
        }
    }

    @Test
    void anEarlierStageKeepsLaterFamiliesOff() {
        PodView pulling = pod(new ContainerStatusBuilder().withName("app").withNewState().withNewWaiting()
                .withReason("ImagePullBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1).endTerminated().endLastState().build());
        assertTrue(ContainerClaims.standard().claimedBefore(Stage.RUN, pulling, only(pulling)));
        assertFalse(ContainerClaims.standard().claimedBefore(Stage.IMAGE, pulling, only(pulling)));
        PodView crashing = pod(new ContainerStatusBuilder().withName("app").withNewState().withNewWaiting()
                .withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1).endTerminated().endLastState().build());
        assertFalse(ContainerClaims.standard().claimedBefore(Stage.RUN, crashing, only(crashing)));
    }

    /** No family's code refers to another family: they share only the claims. */
    @Test
    void noFamilyCallsAnother() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(RULES)) {
            List<Path> families = files.filter(p -> p.toString().endsWith("Rules.java") && !p.endsWith("StandardRules.java")).toList();
            for (Path file : families) {
                String name = file.getFileName().toString().replace(".java", "");
                String code = Files.readString(file);
                for (Path other : families) {
                    String otherName = other.getFileName().toString().replace(".java", "");
                    if (!otherName.equals(name) && code.contains(otherName + ".")) {
                        violations.add(name + " uses " + otherName);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /** No family's source names a reason another family claims (unless it claims it too): each list is written once. */
    @Test
    void noFamilyNamesAnotherFamilysReason() throws IOException {
        Pattern literal = Pattern.compile("\"([A-Z][A-Za-z]+)\"");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path file : files.filter(p -> p.toString().endsWith("Rules.java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                Set<String> own = CLAIMANTS.stream().filter(f -> f.getClass().getSimpleName().equals(name))
                        .findFirst().map(f -> all(f.claims())).orElse(Set.of());
                Matcher m = literal.matcher(Files.readString(file));
                while (m.find()) {
                    String reason = m.group(1);
                    boolean others = CLAIMANTS.stream().anyMatch(f -> !f.getClass().getSimpleName().equals(name)
                            && (f.claims().waiting().contains(reason) || f.claims().terminated().contains(reason)));
                    if (others && !own.contains(reason)) {
                        violations.add(name + " names " + reason);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    private static Set<String> all(Claims c) {
        Set<String> s = new TreeSet<>(c.waiting());
        s.addAll(c.terminated());
        s.addAll(c.events());
        return s;
    }

    private static Set<String> vocabulary() {
        Set<String> v = new TreeSet<>(UNCLAIMED);
        CLAIMANTS.forEach(f -> {
            v.addAll(f.claims().waiting());
            v.addAll(f.claims().terminated());
        });
        return v;
    }

    private static PodView pod(io.fabric8.kubernetes.api.model.ContainerStatus status) {
        Pod p = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").withContainerStatuses(status).endStatus().build();
        return new PodView(PodSnapshot.of(p, List.of()), Fixtures.AT, DiagnosisSettings.defaults());
    }

    private static ContainerView only(PodView pod) {
        return pod.allContainers().get(0);
    }
}
