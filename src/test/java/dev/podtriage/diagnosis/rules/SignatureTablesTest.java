package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.RuleDefinition;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
    record Table<S>(String name, SignatureTable<S> table, String section, Set<String> notWordings, Function<S, Collection<RuleId>> rules) {
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
                        "…: no such file or directory"), s -> List.of(s.rule)),
                new Table<>("running containers and probes", ContainerRunSignatures.TABLE, "5.", Set.of(
                        "%s %q: %s", // Go's url.Error envelope: its instances are rows of their own
                        "Killing container with id %s", // the first half of the 1.8–1.13 Killing row
                        "back-off …"), s -> s.rules), // the 1.16+ lower case of the CrashLoopBackOff row (rows are case-insensitive)
                new Table<>("sandbox and volumes", SandboxVolumeSignatures.TABLE, "6.", Set.of(
                        "MountVolume.SetUp failed for volume \"cfg\" : configmap \"cfg\" not found", // the example of the envelope
                        "\": \"+err", "…: %s", ": %w",
                        "MountVolume.MountDevice failed", "MountVolume.WaitForAttach failed", "AttachVolume.Attach failed",
                        "references non-existent secret key", "timed out waiting for the condition", "context deadline exceeded",
                        "… Volume is already used by %d pod(s) in different namespaces",
                        "… Volume is already exclusively attached to one node and can't be attached to another",
                        "…to attach or mount for pod %q/%q. list of unmounted volumes=%v. list of unattached volumes=%v",
                        " and %d pod(s) in different namespaces",
                        "networkPlugin %s …"), s -> List.of(s.rule)),
                new Table<>("node and pod lifecycle", NodeLifecycleSignatures.TABLE, "7.", Set.of(), s -> List.of(s.rule)),
                new Table<>("workloads and admission", WorkloadSignatures.TABLE, "8.", Set.of(
                        "would violate PodSecurity %q: %s", // a warning: the pod is created
                        "policy: {rule: msg}", // Kyverno's YAML list under "was blocked due to the following policies"
                        "Error creating: pods \"web-7d9c8b6f4-\" is forbidden: exceeded quota: compute, requested: limits.cpu=2, used: limits.cpu=8, limited: limits.cpu=8",
                        "Post \"https://svc.ns.svc:443/validate?timeout=10s\": no endpoints available for service \"svc\"", // the webhook call's error
                        ".  No limit is specified", ".  No request is specified", ", but request is %s", ", but limit is %s", // LimitRange fragments
                        "Exceeded quota:", "Error looking up …", // early capitals: the rows are case-insensitive
                        "must specify %s", "…: serviceaccount \"sa\" not found", "… denied the request without explanation", // fragments
                        "Failed%s"), s -> s.rules));
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

    /** The known CNI plugins are data too: every name is carried by a fixture, finds itself, and is shown in the catalog. */
    @Test
    void theKnownCniPluginsAreRowsOfTheirOwnTable() {
        SignatureTable<String> cni = SandboxVolumeSignatures.CNI_PLUGINS;
        assertEquals(List.of(), SignatureTables.rowsWithoutFixture(cni), "CNI plugins no fixture names");
        assertEquals(List.of(), SignatureTables.rowsMissingTheirOwnFormat(cni), "CNI plugins");
        String detection = StandardRules.catalog().rule(RuleId.SANDBOX_CREATE_FAILED.id()).orElseThrow().detection();
        for (Wording<String> row : cni.rows()) {
            assertEquals(row.signature(), row.format(), "a plugin's row is named by the plugin");
            assertTrue(detection.contains(row.shown()), "sandbox-create-failed detection lacks " + row.shown() + ": " + detection);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    <S> void theCatalogShowsEveryRow(Table<S> t) {
        for (Wording<S> row : t.table().rows()) {
            for (RuleId id : t.rules().apply(row.signature())) {
                RuleDefinition rule = StandardRules.catalog().rule(id.id()).orElseThrow();
                assertTrue(rule.detection().contains(row.shown()), rule.id() + " detection lacks " + row.shown() + ": " + rule.detection());
            }
        }
    }
}
