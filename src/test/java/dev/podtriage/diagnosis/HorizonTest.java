package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each diagnosis knows the instant it could next change by time alone (its horizon), and nothing changes before it. */
class HorizonTest {
    private static final DiagnosisEngine ENGINE = Fixtures.ENGINE;

    private static Pod pending(Instant created) {
        return new PodBuilder().withNewMetadata().withName("waiting").withNamespace("shop").withUid("u-1")
                .withCreationTimestamp(created.toString()).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
    }

    private static List<String> verdict(Diagnosis d) {
        return d.findings().stream().map(f -> f.key() + ":" + f.severity().id()).toList();
    }

    @Test
    void aPendingPodFlipsToUnscheduledAtItsHorizon() {
        Instant created = Fixtures.AT.minus(Duration.ofMinutes(1));
        PodSnapshot pod = PodSnapshot.of(pending(created), List.of());

        Evaluation now = ENGINE.evaluate(pod, Fixtures.AT, "offline");
        assertTrue(verdict(now.diagnosis()).stream().noneMatch(v -> v.startsWith("pending-not-scheduled")));
        Instant flip = created.plus(DiagnosisSettings.defaults().pendingUnscheduledAfter()).plusNanos(1);
        assertEquals(flip, now.horizon());

        assertEquals(verdict(now.diagnosis()), verdict(ENGINE.diagnose(pod, flip.minusNanos(1), "offline")));
        Evaluation after = ENGINE.evaluate(pod, flip, "offline");
        assertEquals("pending-not-scheduled", after.diagnosis().findings().get(0).rule());
        assertNull(after.horizon(), "once unscheduled, only a change of the pod changes it");
    }

    static List<String> fixtures() {
        try {
            Path root = Path.of(HorizonTest.class.getResource("/fixtures").toURI());
            try (Stream<Path> files = Files.walk(root)) {
                List<String> out = new ArrayList<>();
                files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(f -> out.add(root.relativize(f).toString()));
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void noVerdictChangesBeforeItsHorizon(String fixture) {
        List<PodSnapshot> pods;
        try {
            pods = Fixtures.snapshots(fixture);
        } catch (RuntimeException notPods) {
            return; // a fixture of other objects (render cases, wordings) has no pod to evaluate
        }
        for (PodSnapshot pod : pods) {
            Evaluation at = ENGINE.evaluate(pod, Fixtures.AT, "offline");
            if (at.horizon() == null) {
                assertEquals(verdict(at.diagnosis()), verdict(ENGINE.diagnose(pod, Fixtures.AT.plus(Duration.ofDays(3650)), "offline")),
                        fixture + ": no horizon, so no verdict change by time alone");
                continue;
            }
            assertTrue(at.horizon().isAfter(Fixtures.AT), fixture);
            assertEquals(verdict(at.diagnosis()), verdict(ENGINE.diagnose(pod, at.horizon().minusNanos(1), "offline")),
                    fixture + ": the verdict holds until its horizon");
            Evaluation next = ENGINE.evaluate(pod, at.horizon(), "offline");
            assertNotNull(next.diagnosis(), fixture);
        }
    }
}
