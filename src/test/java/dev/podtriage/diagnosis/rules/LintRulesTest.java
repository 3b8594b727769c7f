package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertHealthy;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class LintRulesTest {

    private static List<Finding> lint(Diagnosis d) {
        return d.findings().stream().filter(f -> f.rule().equals("resources-unbounded") || f.rule().equals("restart-policy-mismatch")).toList();
    }

    @Test
    void unboundedContainersAreInfoAndNameTheMissingFields() {
        Diagnosis d = Fixtures.diagnose("lint/unbounded.json");
        assertHealthy(d);
        List<Finding> fs = lint(d);
        assertEquals(List.of("app", "shipper"), fs.stream().map(Finding::container).toList());
        assertTrue(fs.stream().allMatch(f -> f.severity() == Severity.INFO));
        assertMessageNames(fs.get(0), "`limits.memory`", "`requests.cpu`", "`requests.memory`");
        assertFixNames(fs.get(0), "spec.containers[app].resources.limits.memory", "spec.containers[app].resources.requests.cpu", "Deployment `notifier`");
        // the sidecar has requests: only its memory limit is missing
        assertMessageNames(fs.get(1), "`limits.memory`");
        assertFalse(fs.get(1).message().markdown().contains("requests.cpu"));
        assertEquals(EvidenceSource.SPEC, fs.get(1).evidence().get(0).source());
    }

    @Test
    void fullySpecifiedPodHasNoLint() {
        Diagnosis d = Fixtures.diagnose("lint/bounded-healthy.json");
        assertHealthy(d);
        assertEquals(List.of(), d.findings());
    }

    @Test
    void replicaSetPodWithRestartPolicyNever() {
        Diagnosis d = Fixtures.diagnose("lint/restart-never-replicaset.json");
        assertHealthy(d);
        Finding f = lint(d).stream().filter(x -> x.rule().equals("restart-policy-mismatch")).findFirst().orElseThrow();
        assertEquals(Severity.INFO, f.severity());
        assertMessageNames(f, "`restartPolicy: Never`", "Deployment `worker`");
        assertFixNames(f, "restartPolicy: Always", "Job");
    }

    @Test
    void barePodRestartingAfterExitZero() {
        Diagnosis d = Fixtures.diagnose("lint/bare-pod-exit-zero.json");
        Finding f = lint(d).stream().filter(x -> x.rule().equals("restart-policy-mismatch")).findFirst().orElseThrow();
        assertEquals("seed", f.container());
        assertEquals(Severity.INFO, f.severity());
        assertMessageNames(f, "5 restarts", "exit code 0");
        assertFixNames(f, "kubectl create job seed-db --image=ghcr.io/acme/seed-db:1.0.0", "restartPolicy: OnFailure");
        // lint never becomes the root cause of a failure
        assertTrue(d.findings().stream().filter(x -> x.severity().unhealthy()).allMatch(x -> d.findings().indexOf(x) < d.findings().indexOf(f)));
    }

    @Test
    void lintComesAfterEveryRealFinding() {
        Diagnosis d = Fixtures.diagnose("lifecycle/evicted-memory.json");
        assertEquals("pod-evicted", d.findings().get(0).rule());
        Finding lint = d.findings().get(d.findings().size() - 1);
        assertEquals("resources-unbounded", lint.rule());
        assertEquals("app", lint.container());
    }

    @Test
    void aRestartPolicyAndImageWithBackticksAndMarkupAreQuotedVerbatim() {
        String json = Fixtures.read("lint/restart-never-replicaset.json").replace("\"restartPolicy\": \"Never\"", "\"restartPolicy\": \"Nev`er_*\"");
        assertTrue(json.contains("Nev`er_*"), "fixture edited");
        Finding f = ClusterTexts.diagnoseEdited(json).findings().stream().filter(x -> x.rule().equals("restart-policy-mismatch")).findFirst().orElseThrow();
        ClusterTexts.assertQuotedVerbatim(f.message(), "restartPolicy: Nev`er_*");
        // in the headline it is words, escaped for Markdown and read back unaltered
        assertEquals(f.headline(), Prose.fromMarkdown(f.headline().markdown()));
        assertTrue(f.headline().plain().startsWith("restartPolicy Nev`er_* on a pod of Deployment worker"), f.headline()::plain);

        String image = "ghcr.io/acme/seed_db:`1.0.0`*";
        String bare = Fixtures.read("lint/bare-pod-exit-zero.json").replace("ghcr.io/acme/seed-db:1.0.0", image);
        assertTrue(bare.contains(image), "fixture edited");
        Finding seed = ClusterTexts.diagnoseEdited(bare).findings().stream().filter(x -> x.rule().equals("restart-policy-mismatch")).findFirst().orElseThrow();
        ClusterTexts.assertQuotedVerbatim(seed.fixes().get(0), "kubectl create job seed-db --image=" + image);
    }
}
