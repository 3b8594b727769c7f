package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.RuleDefinition;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The image-pull table: the catalog says what it holds, and every row has a fixture that carries its wording. */
class ImagePullSignaturesTest {

    @Test
    void theCatalogsDetectionNamesEveryRow() {
        for (ImagePullSignatures.Row row : ImagePullSignatures.TABLE) {
            RuleDefinition rule = StandardRules.catalog().rule(row.cause().ruleId).orElseThrow();
            assertTrue(rule.detection().contains(row.shown()), rule.id() + " detection lacks " + row.shown() + ": " + rule.detection());
        }
    }

    @Test
    void everyRowHasAFixtureWithItsWording() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(getClass().getResource("/fixtures")).toURI());
        List<String> texts;
        try (Stream<Path> files = Files.walk(root)) {
            texts = files.filter(Files::isRegularFile).map(p -> {
                try {
                    return Files.readString(p).replace("\\\"", "\"");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        List<String> without = ImagePullSignatures.TABLE.stream()
                .filter(row -> texts.stream().noneMatch(t -> row.pattern() != null ? row.pattern().matcher(t).find()
                        : t.toLowerCase(Locale.ROOT).contains(row.needle().toLowerCase(Locale.ROOT))))
                .map(row -> row.cause() + " " + row.shown()).toList();
        assertEquals(List.of(), without, "rows whose wording no fixture carries");
    }
}
