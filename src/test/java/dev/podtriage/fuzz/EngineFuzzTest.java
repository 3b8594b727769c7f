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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assertions;

/**
 * 10,000 mutated Pods and Lists through the reader and the engine: the only exception allowed is
 * a {@link ManifestException} (which the API turns into a 400); anything else is a bug.
 *
 * <p>The seed is fixed so that CI is deterministic. To hunt for new failures, remove {@code seed}
 * locally, delete {@code .jqwik-database} (else jqwik replays the last failure first) and run it
 * repeatedly; fix what it finds and add the case to a unit test.
 */
class EngineFuzzTest {
    private static final List<JsonNode> CORPUS = Mutator.corpus();
    private static final DiagnosisEngine ENGINE = StandardRules.engine();
    private static final ManifestReader READER = new ManifestReader();

    @Provide
    Arbitrary<JsonNode> fixtures() {
        return Arbitraries.of(CORPUS);
    }

    @Provide
    Arbitrary<String> payloads() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    @Property(tries = 10_000, seed = "20261127")
    void theEngineNeverFailsOnMutatedInput(@ForAll("fixtures") JsonNode fixture, @ForAll long seed,
                                           @ForAll @IntRange(min = 1, max = 6) int mutations,
                                           @ForAll("payloads") String payload) {
        String body = Mutator.mutate(fixture, seed, mutations, payload);
        List<PodSnapshot> snapshots;
        try {
            snapshots = SnapshotAssembler.assemble(READER.read(body, null));
        } catch (ManifestException refused) {
            return; // a clear 400 for the caller
        }
        for (PodSnapshot s : snapshots) {
            Diagnosis d = ENGINE.diagnose(s, Instant.parse("2026-11-27T10:00:00Z"), "fuzz");
            Assertions.assertNotNull(d.pod());
            Assertions.assertNotNull(d.summary());
            Assertions.assertEquals(d.healthy(), d.findings().stream().noneMatch(f -> f.severity().unhealthy()));
        }
    }
}
