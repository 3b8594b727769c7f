package dev.podtriage.fuzz;

import dev.podtriage.diagnosis.rules.StandardRules;
import com.fasterxml.jackson.databind.JsonNode;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.input.ManifestException;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 10,000 mutated Pods and Lists through the reader and the engine: the only exception allowed is
 * a {@link ManifestException} (which the API turns into a 400); anything else is a bug.
 *
 * <p>The cases come in {@value #BATCHES} batches of {@value #PER_BATCH}, each drawn from a
 * {@link SplittableRandom} split off the run's {@link FuzzSeed}. The seed is fixed so that CI is
 * deterministic. To hunt for new failures run
 * {@code ./mvnw -B test -Dtest=EngineFuzzTest -Dfuzz.seed=random} repeatedly; a failure names its
 * seed, batch and case, and {@code -Dfuzz.seed=<seed>} replays it. Fix what it finds and add the
 * case to a unit test.
 */
class EngineFuzzTest {
    static final int BATCHES = 10;
    static final int PER_BATCH = 1_000;
    private static final FuzzSeed SEED = FuzzSeed.fromSystemProperty();
    private static final List<JsonNode> CORPUS = Mutator.corpus();
    private static final DiagnosisEngine ENGINE = StandardRules.engine();
    private static final ManifestReader READER = new ManifestReader();
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    /** One random generator per batch, split in order from the run's seed. */
    static List<SplittableRandom> batches() {
        SplittableRandom root = new SplittableRandom(SEED.value());
        return IntStream.range(0, BATCHES).mapToObj(i -> root.split()).toList();
    }

    @ParameterizedTest(name = "batch {index}")
    @MethodSource("batches")
    void theEngineNeverFailsOnMutatedInput(SplittableRandom random) {
        for (int i = 0; i < PER_BATCH; i++) {
            JsonNode fixture = CORPUS.get(random.nextInt(CORPUS.size()));
            long seed = random.nextLong();
            int mutations = 1 + random.nextInt(6);
            String payload = Mutator.payload(random);
            String what = SEED.replay() + ", case " + i + ": " + mutations + " mutation(s) with seed " + seed
                    + " of " + fixture.path("metadata").path("name").asText(fixture.path("kind").asText());
            try {
                check(Mutator.mutate(fixture, seed, mutations, payload));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(what + ": " + e, e);
            }
        }
    }

    private static void check(String body) {
        List<PodSnapshot> snapshots;
        try {
            snapshots = SnapshotAssembler.assemble(READER.read(body, null));
        } catch (ManifestException refused) {
            return; // a clear 400 for the caller
        }
        for (PodSnapshot s : snapshots) {
            Diagnosis d = ENGINE.diagnose(s, NOW, "fuzz");
            Assertions.assertNotNull(d.pod());
            Assertions.assertNotNull(d.summary());
            // a pod without status is not called healthy: its state is unknown
            Assertions.assertEquals(d.healthy(), s.pod().getStatus() != null
                    && d.findings().stream().noneMatch(f -> f.severity().unhealthy()));
        }
    }
}
