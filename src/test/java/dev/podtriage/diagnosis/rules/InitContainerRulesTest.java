package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertHealthy;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.Redactor;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitContainerRulesTest {

    // ------------------------------------------------------------ init-container-failed

    @Test
    void secondInitContainerCrashLoops() {
        Diagnosis d = Fixtures.diagnose("containers/init-failed-crashloop.json");
        Finding f = assertRootCause(d, "init-container-failed", "migrate");
        assertEquals(List.of("init-container-failed"), rules(d), "the waiting `seed` and `accounts` are not reported");
        assertMessageNames(f, "Init container `migrate`", "2nd of 3", "exit code 1 (application error)", "restarted 7 times",
                "Init:CrashLoopBackOff", "relation \"users_email_idx\" already exists");
        assertFixNames(f, "kubectl logs -n shop accounts-7d6c5b4a3-q9w8e -c migrate --previous", "/app/migrate --to=latest",
                "spec.initContainers[migrate]", "Deployment `accounts`");
    }

    @Test
    void terminationMessageAndLogLineWithMarkdownCharactersAreQuotedVerbatimAsCode() {
        String termination = "ERROR: relation `users_email_idx` already exists *";
        String line = "psql: error: `FATAL` role _migrate_ denied";
        PodSnapshot snapshot = ContainerRunRulesTest.withTerminationMessage(Fixtures.snapshots("containers/init-failed-crashloop.json").get(0),
                "migrate", termination).withPreviousLogs(Map.of("migrate", line + "\n"));
        Finding f = assertRootCause(Fixtures.ENGINE.diagnose(snapshot, Fixtures.AT, "offline"), "init-container-failed", "migrate");
        assertTrue(f.message().parts().contains(new Prose.Part(Prose.Kind.CODE, termination)), () -> "termination message as code: " + f.message().parts());
        assertTrue(f.message().parts().contains(new Prose.Part(Prose.Kind.CODE, line)), () -> "log line as code: " + f.message().parts());
        assertTrue(f.message().plain().endsWith("Termination message: " + termination + ". Last log line: " + line + "."), f.message().plain());
        assertEquals(f.message(), Prose.fromMarkdown(f.message().markdown()), "the Markdown reads back as the same parts: " + f.message());
    }

    @Test
    void initContainerFailedWithRestartPolicyNeverEndsThePod() {
        Diagnosis d = Fixtures.diagnose("containers/init-failed-never.json", Fixtures.AT,
                Map.of("check-target", "\nAn error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied\n"));
        Finding f = assertRootCause(d, "init-container-failed", "check-target");
        assertEquals(List.of("init-container-failed"), rules(d));
        assertMessageNames(f, "exit code 254", "restartPolicy Never", "ended Failed", "Access Denied");
        assertFixNames(f, "Job `backup-29012300`", "kubectl logs -n ops backup-29012300-v4c5x -c check-target`",
                "spec.initContainers[check-target].terminationMessagePolicy: FallbackToLogsOnError");
        assertTrue(f.evidence().stream().anyMatch(e -> e.source() == EvidenceSource.LOG));
    }

    @Test
    void initContainerFailingFromEventsOnly() {
        Diagnosis d = Fixtures.diagnose("containers/init-failed-events-only.json");
        Finding f = assertRootCause(d, "init-container-failed", "init-schema");
        assertEquals(List.of("init-container-failed"), rules(d));
        assertMessageNames(f, "70 times", "exit code is not known");
        assertFixNames(f, "/schema apply", "-c init-schema --previous");
    }

    @Test
    void initContainerWithAnImageProblemIsLeftToTheImageFamily() {
        Diagnosis d = Fixtures.diagnose("containers/init-image-pull.json");
        assertRootCause(d, "image-not-found", "wait-for-db");
        assertEquals(List.of("image-not-found"), rules(d));
    }

    // ------------------------------------------------------------ init-container-stuck

    @Test
    void waitLoopForAServiceNameThatNeverResolves() {
        Diagnosis d = Fixtures.diagnose("containers/init-stuck-nslookup.json", Fixtures.AT,
                Map.of("wait-for-registry", "nslookup: can't resolve 'registry'\nwaiting for registry\n"));
        Finding f = assertRootCause(d, "init-container-stuck", "wait-for-registry");
        assertEquals(List.of("init-container-stuck"), rules(d));
        assertMessageNames(f, "39m", "10m", "Init:0/1", "until nslookup registry", "waits for `registry`", "Last log line: `waiting for registry`");
        assertFixNames(f, "Service `registry`", "namespace `shop`", "kubectl get endpointslices -n shop -l kubernetes.io/service-name=registry",
                "timeout 300", "Deployment `web`");
    }

    @Test
    void waitLoopForAPortOfAServiceInAnotherNamespace() {
        Diagnosis d = Fixtures.diagnose("containers/init-stuck-nc.json");
        Finding f = assertRootCause(d, "init-container-stuck", "wait-for-db");
        assertMessageNames(f, "2h14m", "`postgres.databases.svc.cluster.local:5432`");
        assertFixNames(f, "Service `postgres`", "namespace `databases`", "on port 5432", "kubectl get service postgres -n databases");
    }

    @Test
    void stuckFromEventsOnly() {
        Diagnosis d = Fixtures.diagnose("containers/init-stuck-events-only.json");
        Finding f = assertRootCause(d, "init-container-stuck", "wait-for-kafka");
        assertMessageNames(f, "34m", "`kafka.messaging:9092`");
        assertFixNames(f, "Service `kafka`", "namespace `messaging`");
        assertEquals("Started", f.evidence().get(f.evidence().size() - 1).reason());
    }

    @Test
    void notStuckBeforeTheThreshold() {
        Diagnosis d = Fixtures.diagnose("containers/init-stuck-nslookup.json", Instant.parse("2026-11-27T09:29:00Z"));
        assertHealthy(d);
        assertTrue(rules(d).isEmpty(), () -> rules(d).toString());
    }

    @Test
    void thresholdComesFromTheSettings() {
        DiagnosisSettings patient = new DiagnosisSettings(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMinutes(5), 4000,
                Redactor.standard());
        DiagnosisEngine engine = new DiagnosisEngine(StandardRules.catalog(), patient);
        Diagnosis d = engine.diagnose(Fixtures.snapshots("containers/init-stuck-nslookup.json").get(0), Fixtures.AT, "offline");
        assertTrue(rules(d).isEmpty(), () -> "39m is below a 1h threshold: " + rules(d));
        Diagnosis later = engine.diagnose(Fixtures.snapshots("containers/init-stuck-nslookup.json").get(0), Fixtures.AT.plus(Duration.ofMinutes(30)), "offline");
        assertEquals(List.of("init-container-stuck"), rules(later));
        assertMessageNames(later.findings().get(0), "1h9m", "longer than the 1h");
    }

    @Test
    void toleratesPartialObjects() {
        for (PodView pod : PartialPods.all()) {
            assertTrue(new InitContainerRules().detect(pod).isEmpty(), "nothing to say about " + pod.pod());
        }
    }
}
