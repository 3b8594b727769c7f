package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerStartRulesTest {

    // ------------------------------------------------------------ config-missing

    @Test
    void secretReferencedByEnvDoesNotExist() {
        Diagnosis d = Fixtures.diagnose("containers/config-missing-secret-env.json");
        Finding f = assertRootCause(d, "config-missing", "app");
        assertEquals(List.of("config-missing"), rules(d));
        assertEquals(Severity.CRITICAL, f.severity());
        assertMessageNames(f, "Secret `db-credentials`", "namespace `shop`", "spec.containers[app].env[DB_PASSWORD].valueFrom.secretKeyRef", "`password`");
        assertFixNames(f, "kubectl create secret generic db-credentials -n shop --from-literal=password=<value>",
                "spec.containers[app].env[DB_PASSWORD].valueFrom.secretKeyRef.name", "Deployment `web`", "optional: true");
        assertEquals(EvidenceSource.STATUS, f.evidence().get(0).source());
        assertEquals("CreateContainerConfigError", f.evidence().get(0).reason());
        assertEquals(95, f.evidence().stream().filter(e -> e.source() == EvidenceSource.EVENT).findFirst().orElseThrow().count());
    }

    @Test
    void configMapReadByEnvFromOnCrioStatusOnly() {
        Diagnosis d = Fixtures.diagnose("containers/config-missing-configmap-envfrom-crio.json");
        Finding f = assertRootCause(d, "config-missing", "api");
        assertMessageNames(f, "ConfigMap `payments-api-settings`", "namespace `payments`", "spec.containers[api].envFrom[0].configMapRef");
        assertFixNames(f, "kubectl create configmap payments-api-settings -n payments", "envFrom[0].configMapRef.name", "Deployment `payments-api`");
        assertTrue(f.evidence().stream().noneMatch(e -> e.source() == EvidenceSource.EVENT), "events have expired");
    }

    @Test
    void keyMissingInConfigMap() {
        Diagnosis d = Fixtures.diagnose("containers/config-missing-key-configmap.json");
        Finding f = assertRootCause(d, "config-missing", "worker");
        assertMessageNames(f, "ConfigMap `worker-config`", "no key `log_level`", "env[LOG_LEVEL]");
        assertFixNames(f, "kubectl patch configmap worker-config -n shop", "\"log_level\"", "configMapKeyRef.key", "Deployment `worker`");
    }

    @Test
    void keyMissingInSecretFromEventsOnly() {
        Diagnosis d = Fixtures.diagnose("containers/config-missing-key-secret-events-only.json");
        Finding f = assertRootCause(d, "config-missing", "billing");
        assertMessageNames(f, "Secret `postgres-credentials`", "namespace `payments`", "no key `password`", "env[PGPASSWORD]");
        assertFixNames(f, "kubectl patch secret postgres-credentials -n payments", "stringData");
        assertEquals(EvidenceSource.EVENT, f.evidence().get(0).source());
        assertEquals(56, f.evidence().get(0).count());
    }

    @Test
    void initContainerWithMissingSecretIsOnlyAConfigProblem() {
        Diagnosis d = Fixtures.diagnose("containers/config-missing-init-container.json");
        Finding f = assertRootCause(d, "config-missing", "migrate");
        assertEquals(List.of("config-missing"), rules(d), "no init-container-failed/stuck on top");
        assertMessageNames(f, "Init container `migrate`", "Secret `orders-db`", "spec.initContainers[migrate].env[DATABASE_URL]");
        assertFixNames(f, "--from-literal=url=<value>", "spec.initContainers[migrate]");
    }

    // ------------------------------------------------------------ container-create-failed

    @Test
    void runAsNonRootWithRootImageNeedsASecurityContextFix() {
        Diagnosis d = Fixtures.diagnose("containers/create-runasnonroot.json");
        Finding f = assertRootCause(d, "container-create-failed", "nginx");
        assertMessageNames(f, "runAsNonRoot", "`nginx:1.27.2`", "spec.securityContext.runAsNonRoot");
        assertFixNames(f, "spec.containers[nginx].securityContext", "runAsUser: 10001", "Deployment `frontend`", "USER 10001");
    }

    @Test
    void runAsNonRootFindingWithTheKubeletsEventsStillThere() {
        PodView pod = view("containers/create-runasnonroot-events.json");
        List<Finding> fs = new ContainerStartRules().detect(pod);
        assertEquals(1, fs.size());
        assertEquals("container-create-failed", fs.get(0).rule());
        assertTrue(fs.get(0).evidence().stream().anyMatch(e -> e.source() == EvidenceSource.EVENT));
    }

    @Test
    void runAsNonRootWithEventsIsNotAPullFailure() {
        Diagnosis d = Fixtures.diagnose("containers/create-runasnonroot-events.json");
        assertRootCause(d, "container-create-failed", "nginx");
        assertEquals(List.of("container-create-failed"), rules(d));
    }

    @Test
    void subPathThatCannotBePreparedIsNotAMissingCommand() {
        Diagnosis d = Fixtures.diagnose("containers/create-failed-subpath.json");
        Finding f = assertRootCause(d, "container-create-failed", "reports");
        assertEquals(List.of("container-create-failed"), rules(d));
        assertMessageNames(f, "CreateContainerError", "volume-subpaths", "node `node-2`");
        assertFixNames(f, "subPath", "spec.containers[reports].volumeMounts", "journalctl -u containerd");
    }

    /** The fix a create failure gets is chosen by the detail rows of ContainerStartSignatures, one cause each. */
    @Test
    void createFailureFixIsChosenByTheWordingOfItsCause() {
        Map<String, String> fixByFixture = Map.of(
                "wordings/container-create-failed.dockershim-name-conflict.complete.json", "still holds a previous attempt",
                "wordings/container-create-failed.containerd-reserved-name.events.json", "still holds a previous attempt",
                "wordings/container-create-failed.k8s-1.12-configmap-cache.complete.json", "journalctl -u kubelet",
                "wordings/container-create-failed.k8s-1.12-secret-cache.complete.json", "journalctl -u kubelet",
                "wordings/container-create-failed.containerd-no-space.complete.json", "crictl rmi --prune",
                "wordings/container-create-failed.k8s-1.10-subpath-prepare.complete.json", "cannot be prepared");
        List<String> all = List.copyOf(Set.copyOf(fixByFixture.values()));
        fixByFixture.forEach((fixture, fix) -> {
            Finding f = assertRootCause(Fixtures.diagnose(fixture), "container-create-failed", "app");
            String fixes = f.fixes().stream().map(Prose::markdown).reduce("", (a, b) -> a + "\n" + b);
            for (String other : all) {
                assertEquals(other.equals(fix), fixes.contains(other), fixture + " gets the fix of its own cause only (" + other + "): " + fixes);
            }
        });
    }

    @Test
    void dockersNameConflictRestartsDocker() {
        Finding f = assertRootCause(Fixtures.diagnose("wordings/container-create-failed.dockershim-name-conflict.complete.json"),
                "container-create-failed", "app");
        assertMessageNames(f, "CreateContainerError", "is already in use");
        assertFixNames(f, "systemctl restart");
    }

    // ------------------------------------------------------------ container-command-not-found

    @Test
    void executableNotFoundOnContainerd() {
        Diagnosis d = Fixtures.diagnose("containers/command-not-found-containerd.json");
        Finding f = assertRootCause(d, "container-command-not-found", "api");
        assertEquals(List.of("container-command-not-found"), rules(d), "no crash-loop on top of it");
        assertMessageNames(f, "`serve`", "registry.example.com/shop/api:1.12.0", "executable file not found in $PATH", "`serve --port=8080`");
        assertFixNames(f, "spec.containers[api].command", "Deployment `api`", "instead of `serve`");
        assertEquals("CrashLoopBackOff", f.evidence().get(0).reason());
        assertEquals("StartError", f.evidence().get(1).reason());
    }

    @Test
    void executableNotFoundOnDockerContainerCannotRun() {
        Diagnosis d = Fixtures.diagnose("containers/command-not-found-docker.json");
        Finding f = assertRootCause(d, "container-command-not-found", "billing");
        assertEquals(List.of("container-command-not-found"), rules(d));
        assertMessageNames(f, "`/opt/billing/bin/start-billing`", "acme/legacy-billing:2019.4", "container_linux.go");
        assertFixNames(f, "Deployment `legacy-billing`", "/opt/billing/bin/start-billing");
        assertTrue(f.evidence().stream().anyMatch(e -> "ContainerCannotRun".equals(e.reason())));
        assertTrue(f.evidence().stream().anyMatch(e -> e.source() == EvidenceSource.EVENT && e.text().contains("Error response from daemon")));
    }

    @Test
    void executableNotFoundOnCrioAtCreateTime() {
        Diagnosis d = Fixtures.diagnose("containers/command-not-found-crio.json");
        Finding f = assertRootCause(d, "container-command-not-found", "indexer");
        assertMessageNames(f, "`/usr/local/bin/indexer`", "quay.io/acme/search-indexer:0.9.3");
        assertFalse(f.message().markdown().contains("$PATH"), "an absolute path is not looked up in $PATH: " + f.message());
        assertFixNames(f, "spec.containers[indexer].command", "Deployment `search-indexer`");
    }

    @Test
    void argsWithoutCommandOnAnImageWithoutEntrypointOnCrun() {
        Diagnosis d = Fixtures.diagnose("containers/command-not-found-crio-crun-args.json");
        Finding f = assertRootCause(d, "container-command-not-found", "agent");
        assertMessageNames(f, "`metrics-agent`", "quay.io/acme/metrics-agent:3.0.0");
        assertFixNames(f, "spec.containers[agent].args", "no ENTRYPOINT", "DaemonSet `metrics-agent`");
    }

    @Test
    void shellExit127NamesTheMissingCommandFromTheLog() {
        Diagnosis d = Fixtures.diagnose("containers/command-not-found-exit127.json", Fixtures.AT,
                Map.of("catalog", "starting catalog\nsh: 1: migrate-db: not found\n"));
        Finding f = assertRootCause(d, "container-command-not-found", "catalog");
        assertEquals(List.of("container-command-not-found"), rules(d));
        assertMessageNames(f, "`migrate-db`", "code 127", "sh -c");
        assertTrue(f.evidence().stream().anyMatch(e -> e.source() == EvidenceSource.LOG));
    }

    @Test
    void shellExit127WithoutLogStillSaysCommandNotFound() {
        Diagnosis d = Fixtures.diagnose("containers/command-not-found-exit127.json");
        Finding f = assertRootCause(d, "container-command-not-found", "catalog");
        assertMessageNames(f, "code 127 (command not found)", "migrate-db && exec catalog-server");
    }

    @Test
    void jobPodWithStartErrorIsCommandNotFoundNotATerminatedError() {
        Diagnosis d = Fixtures.diagnose("containers/command-not-found-job-never.json");
        Finding f = assertRootCause(d, "container-command-not-found", "export");
        assertEquals(List.of("container-command-not-found"), rules(d));
        assertMessageNames(f, "`/app/run-export`");
        assertFixNames(f, "Job `nightly-export-29012345`");
    }

    // ------------------------------------------------------------ container-permission-denied

    @Test
    void scriptFromAConfigMapVolumeIsNotExecutable() {
        Diagnosis d = Fixtures.diagnose("containers/permission-denied-configmap-script.json");
        Finding f = assertRootCause(d, "container-permission-denied", "importer");
        assertEquals(List.of("container-permission-denied"), rules(d));
        assertMessageNames(f, "`/scripts/entrypoint.sh`", "permission denied");
        assertFixNames(f, "volume `scripts`", "defaultMode: 0755", "spec.volumes[scripts]", "Deployment `importer`", "chmod +x /scripts/entrypoint.sh");
    }

    @Test
    void shellExit126FromTheTerminationMessage() {
        Diagnosis d = Fixtures.diagnose("containers/permission-denied-exit126.json");
        Finding f = assertRootCause(d, "container-permission-denied", "notifier");
        assertEquals(List.of("container-permission-denied"), rules(d));
        assertMessageNames(f, "`/app/start.sh`", "126");
        assertFixNames(f, "chmod +x /app/start.sh", "registry.example.com/shop/notifier:1.3.0");
    }

    // ------------------------------------------------------------ container-start-failed

    @Test
    void execFormatErrorIsAWrongArchitecture() {
        Diagnosis d = Fixtures.diagnose("containers/start-failed-exec-format.json");
        Finding f = assertRootCause(d, "container-start-failed", "gateway");
        assertMessageNames(f, "different CPU architecture", "node `arm-node-7`", "linux/arm64", "`/usr/local/bin/gateway`", "exec format error");
        assertFixNames(f, "docker buildx build --platform", "kubernetes.io/arch", "Deployment `gateway`");
    }

    @Test
    void execFormatErrorPrintedByRuncAfterTheStartIsAWrongArchitectureToo() {
        Diagnosis d = Fixtures.diagnose("containers/start-failed-exec-format-in-log.json");
        Finding f = assertRootCause(d, "container-start-failed", "ingest");
        assertEquals(List.of("container-start-failed"), rules(d), "not a crash loop with exit 255");
        assertMessageNames(f, "`/usr/local/bin/ingest`", "node `arm-node-2` (linux/arm64)", "wrong architecture");
        assertFixNames(f, "for linux/arm64");
    }

    @Test
    void entrypointScriptWithAMissingInterpreterFromThePreviousLog() {
        Diagnosis d = Fixtures.diagnose("containers/command-not-found-bad-shebang.json", Fixtures.AT,
                Map.of("admin", "exec /docker-entrypoint.sh: no such file or directory\n"));
        Finding f = assertRootCause(d, "container-command-not-found", "admin");
        assertEquals(List.of("container-command-not-found"), rules(d));
        assertMessageNames(f, "`/docker-entrypoint.sh`", "interpreter", "CRLF");
        assertFixNames(f, "#!/bin/sh", "dos2unix");
    }

    @Test
    void exit255WithoutTheLogIsJustACrash() {
        Diagnosis d = Fixtures.diagnose("containers/command-not-found-bad-shebang.json");
        assertEquals(List.of("container-crash-loop"), rules(d));
        assertMessageNames(d.findings().get(0), "exit code 255");
    }

    @Test
    void directoryMountedOntoAFileNeedsASubPath() {
        Diagnosis d = Fixtures.diagnose("containers/start-failed-mount-onto-file.json");
        Finding f = assertRootCause(d, "container-start-failed", "envoy");
        assertEquals(List.of("container-start-failed"), rules(d));
        assertFixNames(f, "`/etc/envoy/envoy.yaml`", "volume `conf`", "subPath: envoy.yaml", "spec.containers[envoy].volumeMounts");
    }

    @Test
    void failingPostStartHookIsAStartFailureNotAnEntrypointProblemOrCrash() {
        Diagnosis d = Fixtures.diagnose("containers/poststart-hook-failed.json");
        Finding f = assertRootCause(d, "container-start-failed", "sync");
        assertEquals(List.of("container-start-failed"), rules(d));
        assertMessageNames(f, "postStart hook", "/app/register.sh", "exited with 126");
        assertFixNames(f, "spec.containers[sync].lifecycle.postStart", "Deployment `registry-sync`");
        assertTrue(f.evidence().stream().anyMatch(e -> "FailedPostStartHook".equals(e.reason())));
    }

    @Test
    void runtimeTextWithBackticksIsQuotedVerbatimAsCode() {
        // CRI-O/crun quotes the executable in backticks: the text reaches the finding unaltered, in one code part
        Finding f = assertRootCause(Fixtures.diagnose("containers/command-not-found-crio-crun-args.json"), "container-command-not-found", "agent");
        String runtime = "container create failed: executable file `metrics-agent` not found in $PATH: No such file or directory";
        assertTrue(f.message().parts().contains(new Prose.Part(Prose.Kind.CODE, runtime)), () -> "quoted as one code part: " + f.message().parts());
        assertTrue(f.message().plain().contains("the runtime answered " + runtime + "."), f.message().plain());
        assertTrue(f.message().markdown().contains("``" + runtime + "``"), "a fence longer than the backticks inside: " + f.message());
        assertEquals(f.message(), Prose.fromMarkdown(f.message().markdown()), "the Markdown reads back as the same parts");
        assertEquals(f.headline(), Prose.fromMarkdown(f.headline().markdown()));
        f.fixes().forEach(x -> assertEquals(x, Prose.fromMarkdown(x.markdown())));
    }

    @Test
    void hookMessageWithMarkdownCharactersIsQuotedVerbatimAsCode() {
        PodSnapshot snapshot = Fixtures.snapshots("containers/poststart-hook-failed.json").get(0);
        String said = "register_node: `curl` failed *twice*";
        for (Event e : snapshot.events()) {
            if ("FailedPostStartHook".equals(e.getReason())) {
                e.setMessage(e.getMessage().replaceFirst("message: \"[^\"]*\"", "message: \"" + said + "\""));
            }
        }
        assertTrue(snapshot.events().stream().anyMatch(e -> Objects.toString(e.getMessage(), "").contains(said)), "the fixture's hook event is rewritten");
        Finding f = assertRootCause(Fixtures.ENGINE.diagnose(snapshot, Fixtures.AT, "offline"), "container-start-failed", "sync");
        Prose.Part quoted = new Prose.Part(Prose.Kind.CODE, "command '/bin/sh -c /app/register.sh' exited with 126: " + said);
        assertTrue(f.message().parts().contains(quoted), () -> "the hook's message quoted verbatim as code: " + f.message().parts());
        assertTrue(f.message().plain().contains(said), f.message().plain());
        assertEquals(f.message(), Prose.fromMarkdown(f.message().markdown()));
    }

    // ------------------------------------------------------------ robustness

    @Test
    void toleratesPartialObjects() {
        for (PodView pod : PartialPods.all()) {
            assertTrue(new ContainerStartRules().detect(pod).isEmpty(), "nothing to say about " + pod.pod());
        }
    }

    static PodView view(String path) {
        return new PodView(Fixtures.snapshots(path).get(0), Fixtures.AT, DiagnosisSettings.defaults());
    }
}
