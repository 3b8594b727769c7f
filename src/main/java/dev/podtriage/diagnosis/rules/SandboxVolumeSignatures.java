package dev.podtriage.diagnosis.rules;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The kubelet's, the attach/detach controller's, the runtimes' and the CNI plugins' words for a pod stuck before its
 * containers, one row per wording (as in {@code shared/spec/wordings.md}, section 6): which signature each means and
 * what it extracts. The rule is decided by the event's reason (FailedMount / FailedAttachVolume against
 * FailedCreatePodSandBox); the signature decides what the finding says and which fixes it gives. The catalog's
 * detection texts of both rules are generated from this table.
 *
 * <p>Adding a wording is adding one row here and one fixture under {@code fixtures/wordings/} (README, "Adding a wording").
 */
final class SandboxVolumeSignatures {
    private SandboxVolumeSignatures() {
    }

    /** What a wording tells, and the rule whose events carry it. */
    enum Signature {
        MULTI_ATTACH(RuleId.VOLUME_MOUNT_FAILED),
        MISSING_OBJECT(RuleId.VOLUME_MOUNT_FAILED),
        MISSING_KEY(RuleId.VOLUME_MOUNT_FAILED),
        /** The kubelet's object cache has not caught up, usually right after it restarted. */
        NOT_REGISTERED(RuleId.VOLUME_MOUNT_FAILED),
        ATTACH(RuleId.VOLUME_MOUNT_FAILED),
        MOUNT(RuleId.VOLUME_MOUNT_FAILED),
        /** The envelope naming the volume of any of the above. */
        FOR_VOLUME(RuleId.VOLUME_MOUNT_FAILED),
        /** The kubelet gave up waiting: the volumes not mounted in time (their own errors may have expired). */
        TIMED_OUT(RuleId.VOLUME_MOUNT_FAILED),
        SANDBOX_IMAGE(RuleId.SANDBOX_CREATE_FAILED),
        CNI_NOT_READY(RuleId.SANDBOX_CREATE_FAILED),
        IP_EXHAUSTED(RuleId.SANDBOX_CREATE_FAILED),
        RUNTIME_HANDLER(RuleId.SANDBOX_CREATE_FAILED),
        NETWORK(RuleId.SANDBOX_CREATE_FAILED),
        /** The kubelet's envelope: a sandbox failure, cause in the runtime's words after it. */
        SANDBOX(RuleId.SANDBOX_CREATE_FAILED),
        /** The CNI plugin that failed, as libcni names it (extracts the plugin). */
        CNI_PLUGIN(RuleId.SANDBOX_CREATE_FAILED),
        /** Any other text about the pod network: the CNI plugin failed to set it up. */
        CNI_FAILURE(RuleId.SANDBOX_CREATE_FAILED),
        /** calico's CNI plugin is refused by the API server: its token on the node has expired or was revoked. */
        CALICO_UNAUTHORIZED(RuleId.SANDBOX_CREATE_FAILED, "calico"),
        /** flannel's CNI plugin finds no /run/flannel/subnet.env: the flannel agent on the node has not written it. */
        FLANNEL_NO_SUBNET(RuleId.SANDBOX_CREATE_FAILED, "flannel"),
        /** cilium's CNI plugin cannot reach the cilium agent on the node. */
        CILIUM_AGENT_DOWN(RuleId.SANDBOX_CREATE_FAILED, "cilium");

        final RuleId rule;
        /** For a plugin's own failure: the name of the CNI plugin that writes it (it says so only when that plugin failed). */
        final String plugin;

        Signature(RuleId rule) {
            this(rule, null);
        }

        Signature(RuleId rule, String plugin) {
            this.rule = rule;
            this.plugin = plugin;
        }
    }

    /** Rows whose text wordings.md does not list: written from the plugins' sources as remembered, not checked here. */
    private static final String NOT_IN_SPEC = "not in wordings.md, unverified";
    private static final String VOLUME = "\"(?<volume>[^\"]+)\"";
    private static final String VOLUMES = "\\[(?<volumes>[^\\[\\]\\n]{0,4096})\\]";

    static final SignatureTable<Signature> TABLE = new SignatureTable<>(List.of(
            Wording.of(Signature.MULTI_ATTACH, "Multi-Attach error for volume %q Volume is already used by pod(s) %s",
                    "Multi-Attach error for volume " + VOLUME + "\\s*Volume is already used by pod\\(s\\) (?<pods>[^\\n\"]+)",
                    "attach/detach controller ≈1.10+ (+ \" and %d pod(s) in different namespaces\")"),
            Wording.of(Signature.MULTI_ATTACH, "Multi-Attach error for volume %q Volume is already used by %d pod(s) in different namespaces",
                    "Multi-Attach error for volume " + VOLUME + "\\s*Volume is already used by \\d+ pod\\(s\\) in different namespaces",
                    "attach/detach controller ≈1.10+"),
            Wording.of(Signature.MULTI_ATTACH, "Multi-Attach error for volume %q Volume is already exclusively attached to one node and can't be attached to another",
                    "Multi-Attach error for volume " + VOLUME + "\\s*Volume is already exclusively attached", "attach/detach controller before ≈1.10"),
            Wording.of(Signature.MISSING_OBJECT, "configmap %q not found", "\\bconfigmaps? \"(?<configmap>[^\"]+)\" not found", "kubelet, the volume's ConfigMap"),
            Wording.of(Signature.MISSING_OBJECT, "secret %q not found", "\\bsecrets? \"(?<secret>[^\"]+)\" not found", "kubelet, the volume's Secret"),
            Wording.of(Signature.MISSING_KEY, "configmap references non-existent config key: %s",
                    "configmap references non-existent config key(?:: (?<key>\\S+))?", "kubelet configmap volume"),
            Wording.of(Signature.MISSING_KEY, "secret references non-existent secret key: %s",
                    "references non-existent secret key(?:: (?<key>\\S+))?", "kubelet secret volume (the key 1.14+)"),
            Wording.of(Signature.NOT_REGISTERED, "object %q/%q not registered", "\\bnot registered\\b", "kubelet object cache after a restart"),
            Wording.of(Signature.ATTACH, "AttachVolume.Attach failed for volume %q : %v", "AttachVolume\\.Attach failed for volume " + VOLUME,
                    "attach/detach controller 1.8+"),
            Wording.of(Signature.MOUNT, "MountVolume.MountDevice failed for volume %q : %v", "MountVolume\\.MountDevice failed for volume " + VOLUME,
                    "kubelet 1.8+"),
            Wording.of(Signature.MOUNT, "MountVolume.SetUp failed for volume %q : %v", "MountVolume\\.SetUp failed for volume " + VOLUME, "kubelet 1.8+"),
            Wording.of(Signature.MOUNT, "MountVolume.WaitForAttach failed for volume %q : %v", "MountVolume\\.WaitForAttach failed for volume " + VOLUME,
                    "kubelet 1.8+"),
            Wording.of(Signature.MOUNT, "mount failed: %v", "\\bmount failed\\b", "kubelet mount utility (exit status and the mount helper's output)"),
            Wording.of(Signature.FOR_VOLUME, "%v for volume %q %v", "for volume " + VOLUME, "kubelet operation executor 1.8+"),
            Wording.of(Signature.TIMED_OUT, "Unable to mount volumes for pod %q: %v", "Unable to mount volumes for pod \"", "kubelet 1.8–1.15"),
            Wording.of(Signature.TIMED_OUT, "timeout expired waiting for volumes to attach/mount for pod %q/%q. list of unattached/unmounted volumes=%v",
                    "list of unattached/unmounted volumes=" + VOLUMES, "kubelet 1.8–1.9"),
            Wording.of(Signature.TIMED_OUT, "timeout expired waiting for volumes to attach or mount for pod %q/%q. list of unmounted volumes=%v. list of unattached volumes=%v",
                    "list of unmounted volumes=" + VOLUMES, "kubelet 1.10–1.15"),
            Wording.of(Signature.TIMED_OUT, "Unable to attach or mount volumes: %v", "Unable to attach or mount volumes", "kubelet 1.16+"),
            Wording.of(Signature.TIMED_OUT, "unmounted volumes=%v, unattached volumes=%v: %s",
                    "(?<!list of )unmounted volumes=" + VOLUMES + ", unattached volumes=", "kubelet 1.16+ (\"timed out waiting for the condition\" ≤1.26, "
                            + "\"context deadline exceeded\" 1.28+)"),
            Wording.of(Signature.TIMED_OUT, "…, failed to process volumes=%v: %s", "failed to process volumes=", "kubelet 1.27"),

            Wording.of(Signature.SANDBOX_IMAGE, "failed to get sandbox image %q: %w", "failed to get sandbox image \"(?<image>[^\"]+)\"", "containerd CRI 1.1+"),
            Wording.of(Signature.SANDBOX_IMAGE, "error creating pod sandbox with name %q: initializing source docker://%s/pause:%s",
                    "initializing source docker://(?<image>[^\\s:\"]*pause:[^\\s:\"]+)", "CRI-O pulling its pause image (containers/image)"),
            Wording.of(Signature.CNI_NOT_READY, "cni plugin not initialized", "cni plugin not initialized", "containerd CRI 1.1+ (go-cni)"),
            Wording.of(Signature.CNI_NOT_READY, "Network plugin returns error: %v", "Network plugin returns error", "containerd CRI node status"),
            Wording.of(Signature.CNI_NOT_READY, "NetworkReady=false reason:NetworkPluginNotReady message:%s", "NetworkPluginNotReady",
                    "kubelet runtime status (NetworkNotReady events)"),
            Wording.of(Signature.CNI_NOT_READY, "network plugin is not ready: cni config uninitialized", "cni config uninitialized", "dockershim 1.x"),
            Wording.of(Signature.CNI_NOT_READY, "no networks found in /etc/cni/net.d", "no networks found in /etc/cni/net\\.d", "CRI-O (ocicni)"),
            Wording.of(Signature.IP_EXHAUSTED, "failed to assign an IP address to container", "failed to assign an IP address", "AWS VPC CNI"),
            Wording.of(Signature.IP_EXHAUSTED, "no IP addresses available in range set: %s", "no IP addresses available", "host-local IPAM"),
            Wording.of(Signature.IP_EXHAUSTED, "failed to allocate for range %d: %v", "failed to allocate for range", "host-local IPAM"),
            Wording.of(Signature.RUNTIME_HANDLER, "no runtime for %q is configured", "no runtime for \"(?<handler>[^\"]+)\"", "containerd CRI"),
            Wording.of(Signature.RUNTIME_HANDLER, "RuntimeHandler %q not supported", "(?:RuntimeHandler|runtime handler) \"(?<handler>[^\"]+)\"", "CRI-O"),
            Wording.of(Signature.NETWORK, "failed to setup network for sandbox %q: %w", "failed to setup network for sandbox", "containerd CRI 1.1+"),
            Wording.of(Signature.NETWORK, "NetworkPlugin %s failed to set up pod %q network: %v", "networkPlugin (?<plugin>[\\w./-]+) failed to set up pod",
                    "dockershim 1.11–1.15 (\"networkPlugin\" 1.16+)"),
            Wording.of(Signature.NETWORK, "failed to set up sandbox container %q network for pod %q: %v", "failed to set up sandbox container \"[^\"]*\" network",
                    "dockershim 1.16–1.23"),
            Wording.of(Signature.NETWORK, "failed to create pod network sandbox %s(%s): %v", "failed to create pod network sandbox", "CRI-O 1.10+"),
            Wording.of(Signature.SANDBOX, "Failed create pod sandbox.", "Failed create pod sandbox\\.", "kubelet 1.8–1.9"),
            Wording.of(Signature.SANDBOX, "Failed create pod sandbox: %v", "Failed create pod sandbox: ", "kubelet 1.10–1.16"),
            Wording.of(Signature.SANDBOX, "Failed to create pod sandbox: %v", "Failed to create pod sandbox", "kubelet 1.17+"),

            Wording.of(Signature.CNI_PLUGIN, "plugin type=%q failed (add): %v", "plugin type=\"(?<plugin>[^\"]+)\"",
                    "libcni 0.7+ (containerd go-cni, CRI-O ocicni); " + NOT_IN_SPEC),
            Wording.of(Signature.CNI_FAILURE, "… network …", "network", "any runtime's or plugin's text naming the network (a fallback)"),
            Wording.of(Signature.CNI_FAILURE, "… cni …", "cni", "any runtime's or plugin's text naming CNI (a fallback)"),
            Wording.of(Signature.CALICO_UNAUTHORIZED, "error getting ClusterInformation: connection is unauthorized: Unauthorized",
                    "connection is unauthorized", "calico CNI plugin 3.x (libcalico-go); " + NOT_IN_SPEC),
            Wording.of(Signature.CALICO_UNAUTHORIZED, "Unauthorized", "Unauthorized", "the API server's 401, as calico's CNI plugin passes it on; " + NOT_IN_SPEC),
            Wording.of(Signature.FLANNEL_NO_SUBNET, "failed to load flannel 'subnet.env' file: open /run/flannel/subnet.env: no such file or directory",
                    "subnet\\.env", "flannel CNI plugin (flannel-io/cni-plugin, containernetworking/plugins before 1.0); " + NOT_IN_SPEC),
            Wording.of(Signature.CILIUM_AGENT_DOWN, "Unable to connect to Cilium daemon: %v", "daemon", "cilium-cni 1.x; " + NOT_IN_SPEC)));

    /**
     * The CNI plugins known by name, one row each: the first whose name a text mentions names the plugin when libcni's
     * {@code plugin type="…"} does not (the signature is the name the finding gives).
     */
    static final SignatureTable<String> CNI_PLUGINS = new SignatureTable<>(List.of(
            cni("calico", "Project Calico (calico-node)"),
            cni("cilium", "Cilium (cilium-cni)"),
            cni("flannel", "flannel (kube-flannel)"),
            cni("weave", "Weave Net (weave-net)"),
            cni("aws-cni", "Amazon VPC CNI (aws-node)"),
            cni("azure-vnet", "Azure CNI"),
            cni("antrea", "Antrea"),
            cni("kube-ovn", "Kube-OVN"),
            cni("multus", "Multus, the meta-plugin"),
            cni("canal", "Canal (calico policy over flannel)")));

    private static Wording<String> cni(String name, String project) {
        return Wording.of(name, name, Pattern.quote(name), project + ": its name in the runtime's or plugin's error");
    }

    /** The volume a kubelet's or controller's message names. */
    static Optional<String> volume(String text) {
        return TABLE.extract(s -> s == Signature.FOR_VOLUME || s == Signature.MULTI_ATTACH, "volume", text);
    }

    /** The volumes the kubelet's time-out lists as not mounted. */
    static Optional<String> unmounted(String text) {
        return TABLE.extract(s -> s == Signature.TIMED_OUT, "volumes", text);
    }

    /** The CNI plugin a text names: libcni's plugin type, else the first known name it mentions, else dockershim's network plugin. */
    static Optional<String> cniName(String text) {
        return TABLE.extract(s -> s == Signature.CNI_PLUGIN, "plugin", text)
                .or(() -> CNI_PLUGINS.first(text).map(Wording.Hit::signature))
                .or(() -> TABLE.extract(s -> s == Signature.NETWORK, "plugin", text));
    }

    /** The failure of its own that the named CNI plugin reports in the text, if any. */
    static Optional<Signature> pluginFailure(String cni, String text) {
        return TABLE.first(s -> s.plugin != null && cni.contains(s.plugin), text).map(Wording.Hit::signature);
    }

    /** The known CNI plugins' names, for the catalog's detection text. */
    static String knownPlugins() {
        return String.join(", ", CNI_PLUGINS.rows().stream().map(Wording::shown).toList());
    }

    /** The catalog's detection text of a rule of this table. */
    static String detection(RuleId rule, String lead, String more) {
        return TABLE.detection(s -> s.rule == rule, lead, more);
    }
}
