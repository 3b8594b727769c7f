package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertHealthy;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ContainerRunRulesTest {

    // ------------------------------------------------------------ container-oom-killed

    @Test
    void oomKilledAtItsLimitInACrashLoop() {
        Diagnosis d = Fixtures.diagnose("containers/oom-crashloop.json");
        Finding f = assertRootCause(d, "container-oom-killed", "resizer");
        assertEquals(List.of("container-oom-killed"), rules(d), "no crash-loop or readiness finding on top");
        assertEquals(Severity.CRITICAL, f.severity());
        assertMessageNames(f, "killed at its 50Mi memory limit; raise `resources.limits.memory`", "CrashLoopBackOff",
                "registry.example.com/media/image-resizer:3.4.1");
        assertFixNames(f, "spec.containers[resizer].resources.limits.memory", "from 50Mi (e.g. to 100Mi)", "Deployment `image-resizer`");
        assertTrue(f.evidence().stream().anyMatch(e -> e.source() == EvidenceSource.SPEC && "50Mi".equals(e.text())));
        assertTrue(f.evidence().stream().anyMatch(e -> "OOMKilled".equals(e.reason())));
    }

    @Test
    void oomKilledWithoutLimitBlamesTheNodesMemory() {
        Diagnosis d = Fixtures.diagnose("containers/oom-no-limit.json");
        Finding f = assertRootCause(d, "container-oom-killed", "ledger");
        assertMessageNames(f, "no memory limit", "node `node-6` ran out of memory", "LimitRange");
        assertFixNames(f, "spec.containers[ledger].resources.requests.memory", "StatefulSet `ledger`", "kubectl describe node node-6",
                "LimitRange", "namespace `finance`", "MaxRAMPercentage");
    }

    @Test
    void oomKilledTwentyMinutesAgoAndReadyAgainIsAWarning() {
        Diagnosis d = Fixtures.diagnose("containers/oom-recovered-recently.json");
        Finding f = assertRootCause(d, "container-oom-killed", "api");
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(Severity.WARNING, d.severity());
        assertMessageNames(f, "2Gi memory limit", "runs again (Ready)", "19m ago");
    }

    @Test
    void oomKilledMoreThanAnHourAgoAndReadySinceIsHistory() {
        Diagnosis d = Fixtures.diagnose("containers/oom-recovered-recently.json", Fixtures.AT.plus(Duration.ofMinutes(65)));
        assertHealthy(d);
        assertTrue(d.findings().isEmpty(), () -> "no finding at all: " + rules(d));
    }

    @Test
    void oomKilledJobPodIsOomNotATerminatedError() {
        Diagnosis d = Fixtures.diagnose("containers/oom-job-never.json");
        Finding f = assertRootCause(d, "container-oom-killed", "load");
        assertEquals(List.of("container-oom-killed"), rules(d));
        assertEquals(Severity.CRITICAL, f.severity(), "a Failed pod's cause stays critical however old");
        assertMessageNames(f, "1Gi memory limit", "will not be restarted (restartPolicy Never)");
        assertFixNames(f, "from 1Gi (e.g. to 2Gi)", "Job `etl-load-29012400`");
    }

    // ------------------------------------------------------------ container-crash-loop

    @Test
    void crashLoopQuotesExitCodeTerminationMessageAndLog() {
        Diagnosis d = Fixtures.diagnose("containers/crash-loop-exit1.json", Fixtures.AT,
                Map.of("checkout", "INFO starting checkout 4.0.0\nERROR config error: required setting STRIPE_API_KEY is empty\n"));
        Finding f = assertRootCause(d, "container-crash-loop", "checkout");
        assertEquals(List.of("container-crash-loop"), rules(d));
        assertMessageNames(f, "exit code 1 (application error)", "restarted 9 times", "CrashLoopBackOff",
                "Termination message: `config error: required setting STRIPE_API_KEY is empty`",
                "Last log line: `ERROR config error: required setting STRIPE_API_KEY is empty`");
        assertFixNames(f, "kubectl logs -n shop checkout-7b8c9d6e5-a1s2d -c checkout --previous", "Deployment `checkout`");
        assertEquals(EvidenceSource.LOG, f.evidence().get(f.evidence().size() - 1).source());
        assertTrue(f.evidence().get(f.evidence().size() - 1).text().contains("STRIPE_API_KEY"));
    }

    @Test
    void terminationMessageAndLogLineWithMarkdownCharactersAreQuotedVerbatimAsCode() {
        String termination = "config error: `STRIPE_API_KEY` is empty (see *docs*/setup_guide)";
        String line = "ERROR `db_url` must be set_";
        PodSnapshot snapshot = withTerminationMessage(Fixtures.snapshots("containers/crash-loop-exit1.json").get(0), "checkout", termination)
                .withPreviousLogs(Map.of("checkout", "INFO starting checkout 4.0.0\n" + line + "\n"));
        Finding f = assertRootCause(Fixtures.ENGINE.diagnose(snapshot, Fixtures.AT, "offline"), "container-crash-loop", "checkout");
        assertTrue(f.message().parts().contains(new Prose.Part(Prose.Kind.CODE, termination)), () -> "termination message as code: " + f.message().parts());
        assertTrue(f.message().parts().contains(new Prose.Part(Prose.Kind.CODE, line)), () -> "log line as code: " + f.message().parts());
        assertTrue(f.message().plain().contains("Termination message: " + termination + ". Last log line: " + line + "."), f.message().plain());
        assertEquals(f.message(), Prose.fromMarkdown(f.message().markdown()), "the Markdown reads back as the same parts: " + f.message());
    }

    /** The snapshot with the container's latest termination carrying this message. */
    static PodSnapshot withTerminationMessage(PodSnapshot snapshot, String container, String message) {
        ContainerStatus status = Stream.concat(snapshot.pod().getStatus().getInitContainerStatuses().stream(),
                        snapshot.pod().getStatus().getContainerStatuses().stream())
                .filter(s -> s.getName().equals(container)).findFirst().orElseThrow();
        ContainerStateTerminated t = status.getState() != null && status.getState().getTerminated() != null
                ? status.getState().getTerminated() : status.getLastState().getTerminated();
        t.setMessage(message);
        return snapshot;
    }

    @Test
    void segfaultIsNamed() {
        Diagnosis d = Fixtures.diagnose("containers/crash-loop-segfault.json");
        Finding f = assertRootCause(d, "container-crash-loop", "thumbnailer");
        assertMessageNames(f, "exit code 139 (SIGSEGV", "restarted 31 times");
        assertFixNames(f, "native", "registry.example.com/media/thumbnailer:0.18.2", "FallbackToLogsOnError");
    }

    @Test
    void crashLoopCaughtWhileRunningBetweenTwoCrashes() {
        Diagnosis d = Fixtures.diagnose("containers/crash-loop-running-between-crashes.json");
        Finding f = assertRootCause(d, "container-crash-loop", "scheduler");
        assertEquals(List.of("container-crash-loop"), rules(d), "the unready container is explained by the crash, not readiness");
        assertEquals(Severity.CRITICAL, f.severity());
        assertMessageNames(f, "exit code 2 (misuse", "4m ago", "runs again, not Ready");
        assertFixNames(f, "/scheduler --interval 30s --strict-mode");
    }

    @Test
    void crashLongerAgoThanTheWindowIsNoCrashLoop() {
        Diagnosis d = Fixtures.diagnose("containers/crash-loop-running-between-crashes.json", Fixtures.AT.plus(Duration.ofMinutes(30)));
        assertFalse(rules(d).contains("container-crash-loop"), () -> rules(d).toString());
        // still unready half an hour later: that is the readiness probe's story now
        assertEquals(List.of("readiness-probe-failed"), rules(d));
    }

    @Test
    void crashLoopFromEventsOnly() {
        Diagnosis d = Fixtures.diagnose("containers/crash-loop-events-only.json");
        Finding f = assertRootCause(d, "container-crash-loop", "engine");
        assertMessageNames(f, "Back-off restarting failed container", "98 times", "exit code is not known");
        assertFixNames(f, "kubectl logs -n shop reco-engine-7c6d5e4f3-v5b6n -c engine --previous");
        assertEquals("BackOff", f.evidence().get(0).reason());
    }

    @Test
    void sigkillWithoutOomReasonAndExpiredEventsHintsAtTheLivenessProbe() {
        Diagnosis d = Fixtures.diagnose("containers/crash-loop-sigkill-status-only.json");
        Finding f = assertRootCause(d, "container-crash-loop", "warmer");
        assertMessageNames(f, "exit code 137 (SIGKILL", "liveness probe", "not confirmed");
        assertFixNames(f, "not the OOM killer", "limit 256Mi");
    }

    // ------------------------------------------------------------ container-exit-zero-restarting

    @Test
    void oneOffCommandInADeploymentExitsZero() {
        Diagnosis d = Fixtures.diagnose("containers/exit-zero-restarting.json");
        Finding f = assertRootCause(d, "container-exit-zero-restarting", "migrate");
        assertEquals(List.of("container-exit-zero-restarting"), rules(d));
        assertMessageNames(f, "exits with code 0 (Completed)", "restartPolicy Always", "flyway migrate && echo migrations applied", "restarted 7 times");
        assertFixNames(f, "Job", "CronJob", "Deployment `db-migrate`", "foreground");
    }

    @Test
    void barePodRunningAnImageWhoseDefaultCommandEnds() {
        Diagnosis d = Fixtures.diagnose("containers/exit-zero-bare-pod.json");
        Finding f = assertRootCause(d, "container-exit-zero-restarting", "debug");
        assertMessageNames(f, "busybox:1.36", "default command");
        assertFixNames(f, "spec.restartPolicy: OnFailure", "image `busybox:1.36` may need a command");
    }

    // ------------------------------------------------------------ container-terminated-error

    @Test
    void jobPodEndedFailed() {
        Diagnosis d = Fixtures.diagnose("containers/terminated-error-job.json");
        Finding f = assertRootCause(d, "container-terminated-error", "invoice");
        assertEquals(List.of("container-terminated-error"), rules(d));
        assertMessageNames(f, "Job `invoice-run-29012460`", "exit code 1 (application error)", "restartPolicy Never", "pod has ended Failed",
                "connection refused");
        assertFixNames(f, "kubectl describe job invoice-run-29012460 -n finance", "kubectl logs -n finance invoice-run-29012460-h7g6f -c invoice`",
                "10.96.41.7:5432");
    }

    @Test
    void sidecarStoppedWhenTheJobEndedIsNotReported() {
        Diagnosis d = Fixtures.diagnose("containers/terminated-error-with-sidecar.json");
        Finding f = assertRootCause(d, "container-terminated-error", "report");
        assertEquals(List.of("container-terminated-error"), rules(d), "cloud-sql-proxy's 143 is the kubelet stopping it");
        assertMessageNames(f, "exit code 3", "Job `report-gen-29012470`");
    }

    // ------------------------------------------------------------ several containers, pod-level causes

    @Test
    void twoContainersFailingDifferentlyAreBothReportedInTheOrderTheyRun() {
        Diagnosis d = Fixtures.diagnose("containers/multi-container-crash-and-oom.json");
        assertRootCause(d, "container-crash-loop", "inventory");
        assertEquals(List.of("container-crash-loop", "container-oom-killed"), rules(d));
        assertEquals("metrics-exporter", d.findings().get(1).container());
        assertMessageNames(d.findings().get(1), "32Mi memory limit");
        assertTrue(d.summary().markdown().endsWith("(+1 more)"), d.summary().markdown());
    }

    @Test
    void aContainerThatCannotBeCreatedComesBeforeOneThatCrashes() {
        Diagnosis d = Fixtures.diagnose("containers/multi-container-config-and-crash.json");
        assertRootCause(d, "config-missing", "proxy");
        assertEquals(List.of("config-missing", "container-crash-loop"), rules(d));
        assertEquals("storefront", d.findings().get(1).container());
    }

    @Test
    void evictedPodIsLeftToTheLifecycleFamily() {
        PodView pod = ContainerStartRulesTest.view("containers/skip-evicted.json");
        assertTrue(new ContainerRunRules().detect(pod).isEmpty());
        assertTrue(new ContainerStartRules().detect(pod).isEmpty());
        assertTrue(new ProbeRules().detect(pod).isEmpty());
        assertTrue(new InitContainerRules().detect(pod).isEmpty());
    }

    @Test
    void podOnALostNodeIsLeftToTheLifecycleFamily() {
        PodView pod = ContainerStartRulesTest.view("containers/skip-node-lost.json");
        assertTrue(new ContainerRunRules().detect(pod).isEmpty(), "its CrashLoopBackOff is stale: the node is gone");
    }

    @Test
    void toleratesPartialObjects() {
        for (PodView pod : PartialPods.all()) {
            assertTrue(new ContainerRunRules().detect(pod).isEmpty(), "nothing to say about " + pod.pod());
        }
    }
}
