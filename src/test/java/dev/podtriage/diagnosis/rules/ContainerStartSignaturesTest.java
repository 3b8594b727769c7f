package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.RuleDefinition;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The container-start table: every row has a fixture, every wording of wordings.md section 4 a row, the catalog shows every row. */
class ContainerStartSignaturesTest {
    /** Code spans of section 4 that are no message of their own: examples built from other rows, reasons. */
    private static final Set<String> NOT_WORDINGS = Set.of(
            "exec %s: %s", // os.PathError at execve: its three texts are wordings of their own
            "… (pod: %q, container: %s)",
            "…image has non-numeric user (%s), cannot verify user is non-root",
            "…: permission denied",
            "…: no such file or directory");

    @Test
    void everyRowHasAFixture() {
        assertEquals(List.of(), SignatureTables.rowsWithoutFixture(ContainerStartSignatures.TABLE));
    }

    @Test
    void everyWordingOfTheSpecHasARow() throws IOException {
        assertEquals(List.of(), SignatureTables.wordingsWithoutRow(ContainerStartSignatures.TABLE, "4.", NOT_WORDINGS));
    }

    @Test
    void everyRowFindsItsOwnFormat() {
        assertEquals(List.of(), SignatureTables.rowsMissingTheirOwnFormat(ContainerStartSignatures.TABLE));
    }

    @Test
    void theCatalogShowsEveryRow() {
        for (Wording<ContainerStartSignatures.Signature> row : ContainerStartSignatures.TABLE.rows()) {
            RuleDefinition rule = StandardRules.catalog().rule(row.signature().rule.id()).orElseThrow();
            assertTrue(rule.detection().contains(row.shown()), rule.id() + " detection lacks " + row.shown() + ": " + rule.detection());
        }
    }
}
