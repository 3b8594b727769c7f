package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleOverride;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Custom rules matched on fixture pods, and the regular expressions they may use. */
class CustomRulesTest {
    private static final CustomRuleSpec NFS = new CustomRuleSpec("test", "nfs-server-down", "NFS server down", "sandbox", "warning",
            "The NFS server of a volume does not answer.",
            new CustomRuleSpec.Match(null, null, null, "FailedMount", "-t nfs (?<server>[a-z0-9.-]{1,253}):/", null),
            List.of("Check the NFS server `{server}` that pod `{pod}` in `{namespace}` mounts"));

    private static Diagnosis diagnose(String fixture, List<CustomRuleSpec> custom, Map<String, RuleOverride> overrides) {
        DiagnosisEngine engine = new DiagnosisEngine(StandardRules.catalog(custom, overrides), DiagnosisSettings.defaults());
        return engine.diagnose(Fixtures.snapshots(fixture).get(0), Fixtures.AT, "offline");
    }

    @Test
    void anEventRuleMatchesThePodAndFillsItsTemplates() {
        String fixture = "sandbox/nfs-mount-failed.json";
        Diagnosis d = diagnose(fixture, List.of(NFS), Map.of());
        Finding f = d.findings().stream().filter(x -> x.rule().equals("nfs-server-down")).findFirst().orElseThrow();
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.evidence().stream().allMatch(e -> "FailedMount".equals(e.reason())), f.evidence().toString());
        assertTrue(f.fixes().get(0).markdown().matches("Check the NFS server `[a-z0-9.-]+` that pod `.+` in `.+` mounts"), f.fixes().get(0).markdown());
        assertEquals(Fixtures.diagnose(fixture).findings().get(0).rule(), d.findings().get(0).rule(),
                "a custom warning does not displace the built-in root cause");
    }

    @Test
    void extractedValuesAreFilledInAsTheyAreNeverReadAsMarkdown() {
        String output = "mount.nfs: access denied by server while mounting `10.0.9.14:/exports/shared` *ro* as nfs_user";
        String json = Fixtures.read("sandbox/nfs-mount-failed.json").replace("Output: mount.nfs: Connection timed out", "Output: " + output);
        CustomRuleSpec denied = new CustomRuleSpec("test", "nfs-access-denied", "NFS export refused", "sandbox", "warning",
                "The NFS server refuses to export the volume to the node.",
                new CustomRuleSpec.Match(null, null, null, "FailedMount", "Output: (?<output>mount\\.nfs: access denied[^\\n]{0,200})", null),
                List.of("Read `{output}` on the node of pod `{pod}`", "Allow the node in the server's exports: it said {output}"));
        DiagnosisEngine engine = new DiagnosisEngine(StandardRules.catalog(List.of(denied), Map.of()), DiagnosisSettings.defaults());
        Diagnosis d = engine.diagnose(SnapshotAssembler.assemble(new ManifestReader().read(json, false)).get(0), Fixtures.AT, "offline");
        Finding f = d.findings().stream().filter(x -> x.rule().equals("nfs-access-denied")).findFirst().orElseThrow();
        // in a code span of the template: the value is the code's text, backticks and all
        assertEquals(Prose.of("Read ", Prose.code(output), " on the node of pod ", Prose.code("media-worker-7c4d5b9f8-nq4zx")), f.fixes().get(0));
        // among the template's words: words, whose backticks and asterisks open no code span and no emphasis
        assertEquals(Prose.words("Allow the node in the server's exports: it said " + output), f.fixes().get(1));
        for (Prose fix : f.fixes()) {
            assertEquals(fix, Prose.fromMarkdown(fix.markdown()), fix.markdown());
        }
        assertEquals(Prose.of("NFS export refused in pod ", Prose.code("media-worker-7c4d5b9f8-nq4zx")), f.message());
    }

    @Test
    void aRuleThatDoesNotMatchAddsNothing() {
        Diagnosis d = diagnose("containers/crash-loop-exit1.json", List.of(NFS), Map.of());
        assertEquals(Fixtures.diagnose("containers/crash-loop-exit1.json").findings(), d.findings());
    }

    @Test
    void aDisabledBuiltInRuleIsCountedNotListed() {
        String fixture = "image/not-found-containerd.json";
        Diagnosis d = diagnose(fixture, List.of(), Map.of("image-not-found", new RuleOverride(null, false)));
        assertTrue(d.findings().stream().noneMatch(f -> f.rule().equals("image-not-found")));
        assertEquals(Fixtures.diagnose(fixture).findings().stream().filter(f -> f.rule().equals("image-not-found")).count(),
                d.suppressed());
    }

    @Test
    void regexShapes() {
        for (String ok : List.of("required setting (?<setting>[A-Z_]{1,64}) is empty", "a.*b", "(?:foo|bar) baz", "(ab)?c+",
                "[(]+x", "\\(a+\\)+", "x{2}", "(a|b)")) {
            assertNull(RegexShape.problem(ok), ok);
        }
        for (String bad : List.of("(a+)+", "(\\w+\\s?)*$", "(a|ab)*c", "((ab)*)+", "(x)\\1", "(?<n>a)\\k<n>", "(a{1,5}){2,}")) {
            assertNotNull(RegexShape.problem(bad), bad);
        }
    }
}
