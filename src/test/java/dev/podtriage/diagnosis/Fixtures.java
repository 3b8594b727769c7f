package dev.podtriage.diagnosis;

import dev.podtriage.diagnosis.rules.StandardRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Loads fixtures (kubectl {@code -o json} Lists under {@code src/test/resources/fixtures}) and
 * diagnoses them the way the offline API does.
 */
public final class Fixtures {
    /** The instant fixtures are evaluated at unless a test says otherwise. */
    public static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
    public static final DiagnosisEngine ENGINE = StandardRules.engine();

    private Fixtures() {
    }

    public static String read(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<PodSnapshot> snapshots(String path) {
        return SnapshotAssembler.assemble(new ManifestReader().read(read(path), path.endsWith(".yaml")));
    }

    /** The diagnosis of the fixture's only (or first) pod at {@link #AT}. */
    public static Diagnosis diagnose(String path) {
        return diagnose(path, AT);
    }

    public static Diagnosis diagnose(String path, Instant at) {
        return ENGINE.diagnose(snapshots(path).get(0), at, "offline");
    }

    /** Same, with previous-container logs attached (container name to log tail). */
    public static Diagnosis diagnose(String path, Instant at, Map<String, String> previousLogs) {
        return ENGINE.diagnose(snapshots(path).get(0).withPreviousLogs(previousLogs), at, "offline");
    }

    /** Asserts the root cause's rule and container, and returns it for further checks. */
    public static Finding assertRootCause(Diagnosis d, String rule, String container) {
        if (d.findings().isEmpty()) {
            fail("expected root cause " + rule + " but found nothing: " + d);
        }
        Finding root = d.findings().get(0);
        assertEquals(rule, root.rule(), () -> "root cause; all findings: " + rules(d));
        assertEquals(container, root.container(), "container of the root cause");
        assertFalse(d.healthy(), "a pod with a root cause is not healthy");
        assertFalse(root.evidence().isEmpty(), "a finding quotes its evidence");
        assertFalse(root.fixes().isEmpty(), "a finding suggests fixes");
        return root;
    }

    /**
     * Asserts that some fix of the finding names every one of the given objects: as its Markdown says it (with code
     * spans) or as its characters read.
     */
    public static void assertFixNames(Finding f, String... names) {
        String fixes = String.join("\n", f.fixes().stream().map(Prose::markdown).toList());
        String plain = String.join("\n", f.fixes().stream().map(Prose::plain).toList());
        for (String n : names) {
            assertTrue(fixes.contains(n) || plain.contains(n), () -> "fixes should name " + n + ":\n" + fixes);
        }
    }

    /** Asserts that the message names every one of the given objects, in its Markdown or its characters. */
    public static void assertMessageNames(Finding f, String... names) {
        for (String n : names) {
            assertTrue(f.message().markdown().contains(n) || f.message().plain().contains(n), () -> "message should name " + n + ": " + f.message());
        }
    }

    /**
     * The rule IDs of the findings that explain a failure, in order. Configuration lint (info, never
     * a failure) is left out here and asserted by LintRulesTest.
     */
    public static List<String> rules(Diagnosis d) {
        return d.findings().stream().filter(f -> f.stage() != Stage.LINT).map(Finding::rule).toList();
    }

    public static void assertHealthy(Diagnosis d) {
        assertTrue(d.healthy(), () -> "expected healthy, got " + rules(d) + ": " + d.summary());
        assertTrue(d.findings().stream().noneMatch(f -> f.severity().unhealthy()), "no warning or critical finding");
    }
}
