package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.RuleDefinition;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signature tables of the families: every row has a fixture that carries its wording, every wording of the family's
 * section of wordings.md has a row that finds it, every row finds a text made from its own format, and the catalog's
 * detection text of each rule shows every row of that rule.
 */
class SignatureTablesTest {

    /**
     * A table and the section of wordings.md it covers.
     *
     * @param notWordings code spans of the section that are no message of this table (fragments of a row's wording,
     *                    generic formats whose instances are rows of their own, texts of another table)
     */
    record Table<S>(String name, SignatureTable<S> table, String section, Set<String> notWordings, Function<S, RuleId> rule) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Table<?>> tables() {
        return Stream.of(
                new Table<>("container start", ContainerStartSignatures.TABLE, "4.", Set.of(
                        "exec %s: %s", // os.PathError at execve: its three texts are rows of their own
                        "… (pod: %q, container: %s)",
                        "…image has non-numeric user (%s), cannot verify user is non-root",
                        "…: permission denied",
                        "…: no such file or directory"), s -> s.rule),
                new Table<>("sandbox and volumes", SandboxVolumeSignatures.TABLE, "6.", Set.of(
                        "MountVolume.SetUp failed for volume \"cfg\" : configmap \"cfg\" not found", // the example of the envelope
                        "\": \"+err", "…: %s", ": %w",
                        "MountVolume.MountDevice failed", "MountVolume.WaitForAttach failed", "AttachVolume.Attach failed",
                        "references non-existent secret key", "timed out waiting for the condition", "context deadline exceeded",
                        "… Volume is already used by %d pod(s) in different namespaces",
                        "… Volume is already exclusively attached to one node and can't be attached to another",
                        "…to attach or mount for pod %q/%q. list of unmounted volumes=%v. list of unattached volumes=%v",
                        " and %d pod(s) in different namespaces",
                        "networkPlugin %s …"), s -> s.rule),
                new Table<>("node and pod lifecycle", NodeLifecycleSignatures.TABLE, "7.", Set.of(), s -> s.rule));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    <S> void everyRowHasAFixture(Table<S> t) {
        assertEquals(List.of(), SignatureTables.rowsWithoutFixture(t.table()), t.name() + ": rows whose wording no fixture carries");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    <S> void everyWordingOfTheSpecHasARow(Table<S> t) throws IOException {
        assertEquals(List.of(), SignatureTables.wordingsWithoutRow(t.table(), t.section(), t.notWordings()),
                t.name() + ": wordings of section " + t.section() + " that no row finds");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    <S> void everyRowFindsItsOwnFormat(Table<S> t) {
        assertEquals(List.of(), SignatureTables.rowsMissingTheirOwnFormat(t.table()), t.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    <S> void theCatalogShowsEveryRow(Table<S> t) {
        for (Wording<S> row : t.table().rows()) {
            RuleDefinition rule = StandardRules.catalog().rule(t.rule().apply(row.signature()).id()).orElseThrow();
            assertTrue(rule.detection().contains(row.shown()), rule.id() + " detection lacks " + row.shown() + ": " + rule.detection());
        }
    }
}
