package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podtriage.diagnosis.rules.SchedulingRules.Kind;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The scheduler's table: every row has a wording fixture of its rule carrying its wording, and classifies as its kind. */
class SchedulingSignaturesTest {

    private static final Map<Kind, String> RULE = Map.of(
            Kind.RESOURCES, SchedulingRules.INSUFFICIENT.id(),
            Kind.SELECTOR, SchedulingRules.NODE_SELECTOR.id(),
            Kind.TAINT, SchedulingRules.TAINT.id(),
            Kind.PVC, SchedulingRules.PVC.id(),
            Kind.OTHER, SchedulingRules.OTHER.id());

    /** Rows kept from before the table whose wording shared/spec/wordings.md does not give, so no fixture can carry it. */
    private static final List<String> NOT_IN_SPEC = List.of("podfitsresources", "binding volumes");

    @Test
    void theRowsWithoutAFixtureAreNotInTheSpec() throws IOException {
        for (String needle : NOT_IN_SPEC) {
            assertTrue(SchedulingSignatures.TABLE.stream().anyMatch(r -> r.needle().equals(needle)), needle + " is no row");
        }
        Path file = Path.of("..", "shared", "spec", "wordings.md");
        assumeTrue(Files.exists(file), "no ../shared/spec/wordings.md beside this checkout");
        String spec = Files.readString(file).toLowerCase(Locale.ROOT);
        for (String needle : NOT_IN_SPEC) {
            assertFalse(spec.contains(needle), needle + " is in wordings.md now: add its fixture and drop it from NOT_IN_SPEC");
        }
    }

    @Test
    void theCatalogsDetectionNamesEveryRowAndTheKubeletsRefusals() {
        for (SchedulingSignatures.Row row : SchedulingSignatures.TABLE) {
            String detection = StandardRules.catalog().rule(RULE.get(row.kind())).orElseThrow().detection();
            assertTrue(detection.contains("`" + row.needle() + "`"), RULE.get(row.kind()) + " detection lacks " + row.needle() + ": " + detection);
        }
        String insufficient = StandardRules.catalog().rule(RULE.get(Kind.RESOURCES)).orElseThrow().detection();
        assertTrue(insufficient.contains("Node didn't have enough resource"), insufficient);
    }

    @Test
    void everyRowClassifiesItsOwnWordingAsItsKind() {
        for (SchedulingSignatures.Row row : SchedulingSignatures.TABLE) {
            String wording = row.match() == SchedulingSignatures.Match.STARTS_WITH ? row.needle() + "cpu" : row.needle();
            assertEquals(row.kind(), SchedulingSignatures.classify(wording.toUpperCase(Locale.ROOT)), row.needle());
        }
    }

    @Test
    void everyRowHasAFixtureOfItsRuleWithItsWording() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(getClass().getResource("/fixtures/wordings")).toURI());
        List<Path> fixtures;
        try (Stream<Path> files = Files.list(root)) {
            fixtures = files.filter(Files::isRegularFile).toList();
        }
        List<String> missing = new ArrayList<>();
        for (SchedulingSignatures.Row row : SchedulingSignatures.TABLE) {
            if (NOT_IN_SPEC.contains(row.needle())) {
                continue;
            }
            String rule = RULE.get(row.kind());
            boolean found = false;
            for (Path f : fixtures) {
                if (f.getFileName().toString().startsWith(rule + ".")
                        && Files.readString(f).toLowerCase(Locale.ROOT).replace("\\\"", "\"").contains(row.needle())) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                missing.add(rule + ": " + row.needle());
            }
        }
        assertTrue(missing.isEmpty(), "rows without a fixture: " + missing);
    }
}
