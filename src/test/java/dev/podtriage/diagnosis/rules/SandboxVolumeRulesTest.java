package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertHealthy;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static dev.podtriage.diagnosis.rules.ClusterTexts.MARKUP;
import static dev.podtriage.diagnosis.rules.ClusterTexts.assertQuotedAsCode;
import static dev.podtriage.diagnosis.rules.ClusterTexts.assertMessageQuotes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Prose;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SandboxVolumeRulesTest {

    @Test
    void missingConfigMap() {
        Diagnosis d = Fixtures.diagnose("sandbox/configmap-missing.json");
        Finding f = assertRootCause(d, "volume-mount-failed", null);
        assertMessageNames(f, "volume `config`", "ConfigMap `app-config`", "namespace `shop`", "ContainerCreating");
        assertFixNames(f, "kubectl -n shop create configmap app-config", "spec.volumes[config].configMap.name", "Deployment `web`",
                "optional: true");
        assertEquals("Volume `config` cannot be mounted: ConfigMap `app-config` not found", d.summary().markdown());
        assertEquals(16, f.evidence().stream().filter(e -> e.source() == EvidenceSource.EVENT).findFirst().orElseThrow().count());
    }

    @Test
    void missingSecretExplainsTheTimeoutOfItsVolume() {
        Diagnosis d = Fixtures.diagnose("sandbox/secret-missing-timeout.json");
        Finding f = assertRootCause(d, "volume-mount-failed", null);
        assertEquals(List.of("volume-mount-failed"), rules(d));
        assertMessageNames(f, "volume `tls`", "Secret `web-tls`");
        // the config map volume is merely listed as unattached, the api-access volume never counts
        assertFalse(f.message().markdown().contains("storefront-config"), f.message().markdown());
        assertFalse(f.message().markdown().contains("kube-api-access"), f.message().markdown());
        assertFixNames(f, "kubectl -n shop create secret generic web-tls", "spec.volumes[tls].secret.secretName");
    }

    @Test
    void multiAttachDuringARollingUpdate() {
        Diagnosis d = Fixtures.diagnose("sandbox/multi-attach.json");
        Finding f = assertRootCause(d, "volume-mount-failed", null);
        assertMessageNames(f, "pvc-2b4c6d8e-1f3a-4b5c-9d7e-0a1b2c3d4e5f", "claim `grafana-data`", "`grafana-6d8b7c9f5-k2lmn`", "ReadWriteOnce");
        assertFixNames(f, "kubectl -n monitoring delete pod grafana-6d8b7c9f5-k2lmn", "Deployment `grafana`", "Recreate",
                "kubectl get volumeattachment | grep pvc-2b4c6d8e");
        assertTrue(f.evidence().stream().anyMatch(e -> "FailedAttachVolume".equals(e.reason())));
    }

    @Test
    void oldKubeletTimeoutWithoutContainerStatusesNamesTheClaim() {
        Diagnosis d = Fixtures.diagnose("sandbox/pvc-timeout-old-kubelet.json");
        Finding f = assertRootCause(d, "volume-mount-failed", null);
        assertMessageNames(f, "volume `data`", "`data-mysql-0`", "not attached and mounted in time");
        assertFixNames(f, "kubectl -n db describe pvc data-mysql-0", "`worker-3`");
        assertFalse(f.message().markdown().contains("default-token"));
    }

    @Test
    void nfsMountError() {
        Diagnosis d = Fixtures.diagnose("sandbox/nfs-mount-failed.json");
        Finding f = assertRootCause(d, "volume-mount-failed", null);
        assertMessageNames(f, "NFS `10.0.9.14:/exports/shared`", "exit status 32", "mount.nfs: Connection timed out", "`node-5`");
        assertFixNames(f, "showmount -e 10.0.9.14", "`/exports/shared`");
        assertFalse(f.message().markdown().contains("\n"), "one line: " + f.message());
    }

    @Test
    void calicoUnauthorizedIsTheCurrentStageNotTheEarlierMountNoise() {
        Diagnosis d = Fixtures.diagnose("sandbox/sandbox-calico-unauthorized.json");
        Finding f = assertRootCause(d, "sandbox-create-failed", null);
        assertEquals(List.of("sandbox-create-failed"), rules(d));
        assertMessageNames(f, "`calico`", "`worker-7`", "Unauthorized");
        assertFixNames(f, "spec.nodeName=worker-7", "calico-node", "kubectl cordon worker-7");
        assertEquals(71, f.evidence().get(1).count());
    }

    @Test
    void dockershimFlannel() {
        Diagnosis d = Fixtures.diagnose("sandbox/sandbox-flannel-dockershim.json");
        Finding f = assertRootCause(d, "sandbox-create-failed", null);
        assertMessageNames(f, "`flannel`", "`k8s-worker-02`", "/run/flannel/subnet.env");
        assertFixNames(f, "kube-flannel", "spec.nodeName=k8s-worker-02");
    }

    @Test
    void cniNotInitialised() {
        Diagnosis d = Fixtures.diagnose("sandbox/sandbox-cni-not-initialized.json");
        Finding f = assertRootCause(d, "sandbox-create-failed", null);
        assertMessageNames(f, "`node-9`", "cni plugin not initialized");
        assertFixNames(f, "/etc/cni/net.d", "spec.nodeName=node-9");
        assertEquals("NetworkNotReady", f.evidence().get(1).reason());
    }

    @Test
    void pauseImageOnCrioAndContainerd() {
        for (String fixture : List.of("sandbox/sandbox-pause-image-crio.json", "sandbox/sandbox-pause-image-containerd.json")) {
            Diagnosis d = Fixtures.diagnose(fixture);
            Finding f = assertRootCause(d, "sandbox-create-failed", null);
            assertMessageNames(f, "sandbox (pause) image `registry.k8s.io/pause:3.9`");
            assertFixNames(f, "crictl pull registry.k8s.io/pause:3.9", "sandbox_image", "pause_image");
        }
        assertMessageNames(Fixtures.diagnose("sandbox/sandbox-pause-image-crio.json").findings().get(0), "`ocp-worker-1`", "no such host");
    }

    @Test
    void awsCniOutOfAddresses() {
        Diagnosis d = Fixtures.diagnose("sandbox/sandbox-ip-exhausted-aws.json");
        Finding f = assertRootCause(d, "sandbox-create-failed", null);
        assertMessageNames(f, "`aws-cni`", "no free pod IP", "ip-10-0-7-88.eu-west-1.compute.internal");
        assertFixNames(f, "ENABLE_PREFIX_DELEGATION", "maxPods");
    }

    @Test
    void theCniPluginIsNamedByLibcniElseByAKnownNameInTheText() {
        Map<String, String> named = Map.of(
                "wordings/sandbox-create-failed.weave-plugin-missing.events.json", "weave", // a known name inside "weave-net"
                "wordings/sandbox-create-failed.canal-conflist.events.json", "canal",
                "wordings/sandbox-create-failed.azure-vnet-no-ip.events.json", "azure-vnet",
                "wordings/sandbox-create-failed.antrea-agent-down.events.json", "antrea",
                "wordings/sandbox-create-failed.kube-ovn-no-address.events.json", "kube-ovn");
        named.forEach((fixture, cni) -> {
            Finding f = assertRootCause(Fixtures.diagnose(fixture), "sandbox-create-failed", null);
            assertMessageNames(f, "CNI plugin `" + cni + "` failed to set up the network");
        });
    }

    @Test
    void aPluginsOwnHintOnlyWhenThatPluginFailed() {
        Finding flannel = assertRootCause(Fixtures.diagnose("sandbox/sandbox-flannel-dockershim.json"), "sandbox-create-failed", null);
        assertFixNames(flannel, "flannel has not written /run/flannel/subnet.env");
        Finding calico = assertRootCause(Fixtures.diagnose("sandbox/sandbox-calico-unauthorized.json"), "sandbox-create-failed", null);
        assertFixNames(calico, "CNI token on the node has expired");
        for (Finding f : List.of(flannel, calico)) {
            String fixes = f.fixes().stream().map(Prose::markdown).reduce("", (a, b) -> a + "\n" + b);
            assertEquals(1, Stream.of("CNI token", "subnet.env:", "cilium agent").filter(fixes::contains).count(), fixes);
        }
        Finding antrea = assertRootCause(Fixtures.diagnose("wordings/sandbox-create-failed.antrea-agent-down.events.json"), "sandbox-create-failed", null);
        assertFalse(antrea.fixes().stream().map(Prose::markdown).anyMatch(x -> x.contains("CNI token") || x.contains("cilium agent")), antrea.fixes().toString());
    }

    @Test
    void pastSandboxFailureOfARunningPodIsHistory() {
        Diagnosis d = Fixtures.diagnose("sandbox/sandbox-recovered-running.json");
        assertHealthy(d);
        Optional<Finding> any = d.findings().stream().filter(f -> f.rule().equals("sandbox-create-failed")).findFirst();
        assertTrue(any.isEmpty());
    }

    @Test
    void runtimeAndMountErrorsWithMarkupAreQuotedVerbatimAsCode() {
        assertMessageQuotes("sandbox/sandbox-calico-unauthorized.json", "connection is unauthorized: Unauthorized", "connection is unauthorized: " + MARKUP,
                "sandbox-create-failed", "error getting ClusterInformation: connection is unauthorized: " + MARKUP);
        assertMessageQuotes("sandbox/nfs-mount-failed.json", "Output: mount.nfs: Connection timed out", "Output: mount.nfs: " + MARKUP,
                "volume-mount-failed", "mount.nfs: " + MARKUP);
    }

    @Test
    void aKeyNameWithMarkupReachesMessageAndFixVerbatim() {
        String key = "tls`crt*_v2_";
        Finding f = assertMessageQuotes("wordings/volume-mount-failed.k8s-1.14-secret-key.complete.json", "secret key: tls.crt", "secret key: " + key,
                "volume-mount-failed", key);
        assertQuotedAsCode(f.fixes().get(0), key);
        assertTrue(f.fixes().get(0).parts().contains(new Prose.Part(Prose.Kind.CODE, key)), () -> f.fixes().get(0).parts().toString());
    }
}
