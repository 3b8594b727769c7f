package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Prose.code;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.rules.SandboxVolumeSignatures.Signature;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sandbox and volumes: what the kubelet must set up before any container of the pod can be
 * created. Volumes are mounted first ({@code FailedMount}, {@code FailedAttachVolume}), then the
 * sandbox is created (pause container, network namespace, CNI: {@code FailedCreatePodSandBox}).
 * Both are reported only while the pod is still stuck before its containers: once a container
 * has run, an earlier transient failure is history.
 */
public final class SandboxVolumeRules implements RuleFamily {

    public static final RuleDefinition VOLUME_MOUNT_FAILED = CatalogEntries.define(RuleId.VOLUME_MOUNT_FAILED,
            SandboxVolumeSignatures.detection(RuleId.VOLUME_MOUNT_FAILED,
                    "FailedMount or FailedAttachVolume events while no container has started; their messages read",
                    "The extracted volume, object, key and pods name the fix."));
    public static final RuleDefinition SANDBOX_CREATE_FAILED = CatalogEntries.define(RuleId.SANDBOX_CREATE_FAILED,
            SandboxVolumeSignatures.detection(RuleId.SANDBOX_CREATE_FAILED,
                    "FailedCreatePodSandBox or NetworkNotReady events while no container has started; their messages read",
                    "The CNI plugin is named by libcni's plugin type, else by the first known name the events mention ("
                            + SandboxVolumeSignatures.knownPlugins() + "), else by dockershim's network plugin."));

    private static final Set<String> CREATING = Set.of("", "ContainerCreating", "PodInitializing");
    private static final Pattern MOUNT_OUTPUT = Pattern.compile("(?m)^Output:[ \\t]{0,16}(.+)$");

    @Override
    public List<RuleDefinition> rules() {
        return List.of(VOLUME_MOUNT_FAILED, SANDBOX_CREATE_FAILED);
    }

    @Override
    public List<Finding> detect(PodView pod) {
        if (!stuckBeforeContainers(pod)) {
            return List.of();
        }
        List<Event> mount = pod.eventsWithReason("FailedMount", "FailedAttachVolume");
        List<Event> sandbox = pod.eventsWithReason("FailedCreatePodSandBox", "NetworkNotReady");
        if (mount.isEmpty() && sandbox.isEmpty()) {
            return List.of();
        }
        // volumes are mounted before the sandbox is created: the stage seen last is where the pod is now
        Instant lastMount = mount.isEmpty() ? null : EventFacts.lastSeen(mount.get(0));
        Instant lastSandbox = sandbox.isEmpty() ? null : EventFacts.lastSeen(sandbox.get(0));
        boolean sandboxIsCurrent = !sandbox.isEmpty()
                && (mount.isEmpty() || lastMount == null || (lastSandbox != null && !lastSandbox.isBefore(lastMount)));
        return List.of(sandboxIsCurrent ? sandboxFinding(pod, sandbox) : mountFinding(pod, mount));
    }

    /** The pod has not got past volumes and sandbox: no container runs or has run since, none waits for another reason. */
    static boolean stuckBeforeContainers(PodView pod) {
        if (!(pod.phase().isEmpty() || pod.phase().equals("Pending"))) {
            return false;
        }
        for (ContainerView c : pod.allContainers()) {
            if (c.running().isPresent() || c.terminated().isPresent() || !CREATING.contains(c.waitingReason())) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- volumes

    /** What is known about one failing volume. */
    private static final class VolumeProblem {
        final String volume;
        Prose cause;
        /** For the headline: "ConfigMap `x` not found". */
        Prose brief;
        final List<Prose> fixes = new ArrayList<>();

        VolumeProblem(String volume) {
            this.volume = volume;
        }
    }

    private Finding mountFinding(PodView pod, List<Event> events) {
        Map<String, VolumeProblem> problems = new LinkedHashMap<>();
        String ns = pod.namespace();
        // the specific errors first (oldest to newest would lose the latest word; newest first keeps it)
        for (Event e : events) {
            String msg = Objects.toString(e.getMessage(), "");
            Optional<Wording.Hit<Signature>> multi = SandboxVolumeSignatures.TABLE.first(Signature.MULTI_ATTACH, msg);
            if (multi.isPresent()) {
                multiAttach(pod, problems, multi.get().get("volume"), multi.get().get("pods"));
                continue;
            }
            Optional<String> v = SandboxVolumeSignatures.volume(msg);
            if (v.isEmpty() || problems.containsKey(v.get())) {
                continue;
            }
            VolumeProblem p = new VolumeProblem(v.get());
            Optional<Wording.Hit<Signature>> missing = SandboxVolumeSignatures.TABLE.first(Signature.MISSING_OBJECT, msg);
            Optional<Wording.Hit<Signature>> key = SandboxVolumeSignatures.TABLE.first(Signature.MISSING_KEY, msg);
            Volume spec = volume(pod, p.volume);
            if (missing.isPresent()) {
                String kind = missing.get().get("configmap") != null ? "ConfigMap" : "Secret";
                String name = kind.equals("ConfigMap") ? missing.get().get("configmap") : missing.get().get("secret");
                boolean secret = kind.equals("Secret");
                p.cause = Prose.of(kind + " ", code(name), " does not exist in namespace ", code(ns));
                p.brief = Prose.of(kind + " ", code(name), " not found");
                p.fixes.add(Prose.of("Create " + kind + " ", code(name), " in namespace ", code(ns), " (",
                        code("kubectl -n " + ns + " create " + (secret ? "secret generic " : "configmap ") + name + " --from-file=…"), "), or correct ",
                        code("spec.volumes[" + p.volume + "]." + (secret ? "secret.secretName" : "configMap.name")), " in the pod template", pod.ownerHint(), "."));
                p.fixes.add(Prose.of("If the pod can start without it, mark the volume optional: ",
                        code("spec.volumes[" + p.volume + "]." + (secret ? "secret" : "configMap") + ".optional: true"), "."));
            } else if (key.isPresent()) {
                String kind = key.get().row().format().startsWith("configmap") ? "ConfigMap" : "Secret";
                String obj = sourceName(spec).orElse("?");
                String k = key.get().get("key") == null ? "?" : key.get().get("key");
                p.cause = Prose.of(kind + " ", code(obj), " has no key ", code(k), " that the volume's ", code("items"), " name");
                p.brief = Prose.of("key ", code(k), " missing in " + kind + " ", code(obj));
                p.fixes.add(Prose.of("Add key ", code(k), " to " + kind + " ", code(obj), " in namespace ", code(ns), ", or remove it from ",
                        code("spec.volumes[" + p.volume + "]"), " items in the pod template", pod.ownerHint(), "."));
            } else if (SandboxVolumeSignatures.TABLE.says(Signature.NOT_REGISTERED, msg) && p.volume.startsWith("kube-api-access-")) {
                continue; // the service-account token volume waits for the kubelet's cache after a restart: noise next to other errors
            } else if (SandboxVolumeSignatures.TABLE.says(Signature.NOT_REGISTERED, msg)) {
                // the kubelet's object cache had not caught up (after a kubelet restart): transient unless it repeats
                p.cause = Prose.of("the kubelet has not yet registered its source object (", code(firstLine(msg)), "), usually transient after a kubelet restart");
                p.fixes.add(Prose.of("If it persists, restart the kubelet on node ", node(pod, e), " (", code("systemctl restart kubelet"), ")."));
            } else if (SandboxVolumeSignatures.TABLE.says(Signature.ATTACH, msg)) {
                p.cause = Prose.of("attaching it failed: ", code(afterColon(msg)));
                p.fixes.add(Prose.of("Read the storage driver's answer: ", code("kubectl get volumeattachment | grep " + p.volume), " and ",
                        code("kubectl describe volumeattachment <name>"), "; check the CSI controller's logs and the cloud volume's state (attached elsewhere, wrong zone, attach limit of node ",
                        node(pod, e), ")."));
            } else if (SandboxVolumeSignatures.TABLE.says(Signature.MOUNT, msg)) {
                p.cause = Prose.of("mounting it failed on node ", node(pod, e), ": ", mountError(msg));
                p.brief = Prose.words("mount failed");
                if (spec != null && spec.getNfs() != null) {
                    String server = spec.getNfs().getServer();
                    p.fixes.add(Prose.of("Check that NFS server ", code(server), " exports ", code(spec.getNfs().getPath()), " to node ", node(pod, e),
                            " and is reachable from it (", code("showmount -e " + server),
                            " on the node; firewall for ports 111 and 2049), and that the node has the NFS client (nfs-utils / nfs-common)."));
                } else {
                    p.fixes.add(Prose.of("Mount volume ", code(p.volume), " by hand on node ", node(pod, e), " to see the error, and check the storage backend it names",
                            sourceName(spec).map(s -> Prose.of(" (", code(s), ")")).orElse(Prose.EMPTY), " and the CSI node plugin's logs on that node."));
                }
            } else {
                p.cause = code(firstLine(msg));
            }
            problems.put(p.volume, p);
        }
        // "Unable to attach or mount volumes: unmounted volumes=[data]": volumes whose own error has expired or never came
        for (Event e : events) {
            Optional<String> unmounted = SandboxVolumeSignatures.unmounted(Objects.toString(e.getMessage(), ""));
            if (unmounted.isEmpty()) {
                continue;
            }
            for (String vol : unmounted.get().trim().split("[\\s,]+")) {
                if (vol.isBlank() || problems.containsKey(vol)) {
                    continue;
                }
                problems.put(vol, timedOut(pod, vol, e));
            }
        }
        problems.values().removeIf(p -> p.cause == null);
        if (problems.isEmpty()) {
            // only noise such as the api-access volume: say what the events say
            VolumeProblem p = new VolumeProblem(events.stream().map(e -> SandboxVolumeSignatures.volume(Objects.toString(e.getMessage(), "")))
                    .flatMap(Optional::stream).findFirst().orElse("?"));
            p.cause = code(firstLine(Objects.toString(events.get(0).getMessage(), "")));
            p.fixes.add(Prose.of("Check the kubelet on node ", node(pod, events.get(0)), " (", code("journalctl -u kubelet"), ") for the volume's mount errors."));
            problems.put(p.volume, p);
        }
        List<Prose> causes = problems.values().stream().map(p -> Prose.of("volume ", code(p.volume), describeSource(pod, p.volume), ": ", p.cause)).toList();
        Finding.Builder f = VOLUME_MOUNT_FAILED.finding()
                .message(Prose.of("Pod ", code(pod.name()), " is stuck in ContainerCreating because the kubelet cannot mount its volumes: ", Prose.join("; ", causes), "."))
                .headline(Prose.of("Volume ", Prose.codes(problems.keySet()), " cannot be mounted",
                        Optional.ofNullable(problems.values().iterator().next().brief).map(b -> Prose.of(": ", b)).orElse(Prose.EMPTY)))
                .evidence(waitingEvidence(pod))
                .evidence(PodView.evidence(events, 3));
        problems.values().forEach(p -> p.fixes.forEach(f::fix));
        return f.build();
    }

    private static void multiAttach(PodView pod, Map<String, VolumeProblem> problems, String pv, String usedBy) {
        // the event names the PersistentVolume (pvc-<uid>); the pod mounts it through a claim
        Map<String, String> claims = PodVolumes.claims(pod);
        String volume = claims.size() == 1 ? claims.values().iterator().next() : pv;
        if (problems.containsKey(volume)) {
            return;
        }
        VolumeProblem p = new VolumeProblem(volume);
        List<String> holders = usedBy == null ? null : Arrays.asList(usedBy.trim().split(",\\s*"));
        String claim = claims.size() == 1 ? claims.keySet().iterator().next() : null;
        p.brief = Prose.words("Multi-Attach, still attached to another node");
        p.cause = Prose.of("PersistentVolume ", code(pv), claim == null ? null : Prose.of(" (claim ", code(claim), ")"),
                " is ReadWriteOnce and still attached to another node", holders == null ? null : Prose.of(", used by pod(s) ", Prose.codes(holders)));
        if (holders != null) {
            p.fixes.add(Prose.of("Let pod(s) ", Prose.codes(holders), " terminate first (or delete them: ",
                    code("kubectl -n " + pod.namespace() + " delete pod " + holders.get(0)), "), so that ", code(pv), " is detached from their node."));
        }
        if (pod.workload().filter(w -> w.is(WorkloadKind.DEPLOYMENT)).isPresent()) {
            p.fixes.add(Prose.of("Deployment ", code(pod.workload().get().name()), " mounts a ReadWriteOnce claim: set ", code("spec.strategy.type: Recreate"),
                    " so that old and new pods never run at the same time."));
        }
        p.fixes.add(Prose.of("Find where ", code(pv), " is attached: ", code("kubectl get volumeattachment | grep " + pv),
                "; if that node is gone, the attach/detach controller force-detaches it after 6 minutes, or delete the stale VolumeAttachment."));
        p.fixes.add(Prose.of("If several pods must share the volume, use a ReadWriteMany StorageClass (NFS, EFS, CephFS) for claim ",
                claim == null ? Prose.words("the claim") : code(claim), "."));
        problems.put(volume, p);
    }

    private static VolumeProblem timedOut(PodView pod, String vol, Event e) {
        VolumeProblem p = new VolumeProblem(vol);
        Volume spec = volume(pod, vol);
        String ns = pod.namespace();
        if (spec != null && spec.getPersistentVolumeClaim() != null) {
            String claim = spec.getPersistentVolumeClaim().getClaimName();
            p.cause = Prose.of("claim ", code(claim), " was not attached and mounted in time (the attach or mount error itself is no longer in the events)");
            p.fixes.add(Prose.of("See what the storage driver says: ", code("kubectl -n " + ns + " describe pvc " + claim), " and ",
                    code("kubectl get volumeattachment | grep $(kubectl -n " + ns + " get pvc " + claim + " -o jsonpath='{.spec.volumeName}')"), "."));
            p.fixes.add(Prose.of("Check the CSI node plugin on node ", node(pod, e), " (its pod in kube-system) and that the volume is not still attached to another node."));
        } else if (spec != null && (spec.getConfigMap() != null || spec.getSecret() != null)) {
            boolean cm = spec.getConfigMap() != null;
            String name = cm ? spec.getConfigMap().getName() : spec.getSecret().getSecretName();
            String kind = cm ? "ConfigMap" : "Secret";
            p.cause = Prose.of(kind + " ", code(name), " was not mounted in time (probably missing in namespace ", code(ns), ")");
            p.fixes.add(Prose.of("Check that " + kind + " ", code(name), " exists: ", code("kubectl -n " + ns + " get " + kind.toLowerCase() + " " + name),
                    "; create it or correct ", code("spec.volumes[" + vol + "]"), "."));
        } else if (vol.startsWith("kube-api-access-")) {
            return p; // listed with the others but never the cause on its own
        } else {
            p.cause = Prose.words("not mounted in time");
            p.fixes.add(Prose.of("Read the kubelet's mount errors for volume ", code(vol), " on node ", node(pod, e), " (", code("journalctl -u kubelet | grep " + vol), ")."));
        }
        return p;
    }

    private static Volume volume(PodView pod, String name) {
        List<Volume> vols = pod.spec().getVolumes();
        return vols == null || name == null ? null : vols.stream().filter(v -> name.equals(v.getName())).findFirst().orElse(null);
    }

    private static Optional<String> sourceName(Volume v) {
        if (v == null) {
            return Optional.empty();
        }
        if (v.getConfigMap() != null) {
            return Optional.ofNullable(v.getConfigMap().getName());
        }
        if (v.getSecret() != null) {
            return Optional.ofNullable(v.getSecret().getSecretName());
        }
        if (v.getPersistentVolumeClaim() != null) {
            return Optional.ofNullable(v.getPersistentVolumeClaim().getClaimName());
        }
        if (v.getNfs() != null) {
            return Optional.of(v.getNfs().getServer() + ":" + v.getNfs().getPath());
        }
        if (v.getCsi() != null) {
            return Optional.ofNullable(v.getCsi().getDriver());
        }
        return Optional.empty();
    }

    private static Prose describeSource(PodView pod, String volume) {
        Volume v = volume(pod, volume);
        if (v == null) {
            return Prose.EMPTY;
        }
        if (v.getConfigMap() != null) {
            return Prose.of(" (ConfigMap ", code(v.getConfigMap().getName()), ")");
        }
        if (v.getSecret() != null) {
            return Prose.of(" (Secret ", code(v.getSecret().getSecretName()), ")");
        }
        if (v.getPersistentVolumeClaim() != null) {
            return Prose.of(" (PersistentVolumeClaim ", code(v.getPersistentVolumeClaim().getClaimName()), ")");
        }
        if (v.getNfs() != null) {
            return Prose.of(" (NFS ", code(v.getNfs().getServer() + ":" + v.getNfs().getPath()), ")");
        }
        return Prose.EMPTY;
    }

    // ---------------------------------------------------------------- sandbox

    private Finding sandboxFinding(PodView pod, List<Event> events) {
        Event latest = events.get(0);
        String msg = Objects.toString(latest.getMessage(), "");
        String all = String.join("\n", events.stream().map(e -> Objects.toString(e.getMessage(), "")).toList());
        Prose node = node(pod, latest);
        String nodeName = nodeName(pod, latest);
        Prose said = code(tail(msg));
        String cni = SandboxVolumeSignatures.cniName(all).orElse(null);
        Finding.Builder f = SANDBOX_CREATE_FAILED.finding().cause("node", nodeName)
                .evidence(waitingEvidence(pod))
                .evidence(PodView.evidence(events, 2));
        Optional<String> image = SandboxVolumeSignatures.TABLE.extract(x -> x == Signature.SANDBOX_IMAGE, "image", msg);
        Optional<String> handler = SandboxVolumeSignatures.TABLE.extract(x -> x == Signature.RUNTIME_HANDLER, "handler", msg);
        if (image.isPresent()) {
            String img = image.get();
            f.message(Prose.of("The container runtime on node ", node, " cannot pull the sandbox (pause) image ", code(img), ", so no sandbox can be created for pod ",
                            code(pod.name()), ": ", said))
                    .headline(Prose.of("Sandbox image ", code(img), " cannot be pulled on node ", node))
                    .fix(Prose.of("Make ", code(img), " pullable from node ", node, ": check DNS/proxy/firewall towards its registry (", code("crictl pull " + img), " on the node)."))
                    .fix(Prose.of("Or mirror it into a registry the node can reach and point the runtime at it (containerd: ", code("sandbox_image"),
                            " in /etc/containerd/config.toml; CRI-O: ", code("pause_image"), "; kubelet ", code("--pod-infra-container-image"), "), then restart the runtime."));
        } else if (SandboxVolumeSignatures.TABLE.says(Signature.CNI_NOT_READY, all)) {
            f.message(Prose.of("The network plugin on node ", node, " is not ready (", said, "), so no sandbox can be created for pod ", code(pod.name()), "."))
                    .headline(Prose.of("CNI not initialised on node ", node))
                    .fix(Prose.of("Check the CNI DaemonSet pod on node ", node, ": ", code("kubectl -n kube-system get pods -o wide --field-selector spec.nodeName=" + nodeName),
                            " (calico-node, cilium, aws-node, kube-flannel, …) must be Running; read its logs."))
                    .fix(Prose.words("On the node, /etc/cni/net.d must hold the plugin's config and /opt/cni/bin its binaries; restart the container runtime after the plugin has written them."));
        } else if (SandboxVolumeSignatures.TABLE.says(Signature.IP_EXHAUSTED, all)) {
            f.message(Prose.of(cniText(cni, true), " on node ", node, " has no free pod IP address for pod ", code(pod.name()), ": ", said))
                    .headline(Prose.of("No free pod IP on node ", node))
                    .fix(Prose.of("Free or add pod IPs for node ", node, ": stale IP allocations from deleted pods (restart the CNI agent on the node), a larger pod CIDR, "
                            + "or for the AWS VPC CNI prefix delegation / more ENIs (", code("kubectl -n kube-system set env ds/aws-node ENABLE_PREFIX_DELEGATION=true"), ")."))
                    .fix(Prose.of("Lower the node's ", code("maxPods"), " to what its IP pool can serve, or spread the pods over more nodes."));
        } else if (handler.isPresent()) {
            String h = handler.get();
            String runtimeClass = Objects.toString(pod.spec().getRuntimeClassName(), h);
            f.message(Prose.of("The container runtime on node ", node, " has no runtime handler ", code(h), " for pod ", code(pod.name()), " (RuntimeClass ",
                            code(runtimeClass), ")."))
                    .headline(Prose.of("Runtime handler ", code(h), " missing on node ", node))
                    .fix(Prose.of("Install and configure runtime handler ", code(h), " on node ", node, " (containerd: ",
                            code("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes." + h + "]"), "), or give RuntimeClass ", code(runtimeClass), " a ",
                            code("scheduling.nodeSelector"), " so that the pod only lands on nodes that have it."));
        } else if (cni != null || SandboxVolumeSignatures.TABLE.says(Signature.CNI_FAILURE, msg)) {
            f.message(Prose.of(cniText(cni, true), " failed to set up the network of pod ", code(pod.name()), " on node ", node, ": ", said))
                    .headline(Prose.of(cniText(cni, true), " failed to set up the pod network on node ", node))
                    .fix(Prose.of("Check ", cniText(cni, false), "'s agent on node ", node, ": ",
                            code("kubectl -n kube-system get pods -o wide --field-selector spec.nodeName=" + nodeName),
                            " and read its logs; restarting it often re-registers the node", cniHint(cni, all), "."))
                    .fix(Prose.of("Compare with other nodes: if every new pod on ", node, " fails, cordon it (", code("kubectl cordon " + nodeName),
                            ") and delete the pod so it is placed elsewhere."));
        } else {
            f.message(Prose.of("The container runtime on node ", node, " cannot create the sandbox of pod ", code(pod.name()), ": ", said))
                    .headline(Prose.of("Pod sandbox cannot be created on node ", node))
                    .fix(Prose.of("Read the runtime's log on node ", node, " (", code("journalctl -u containerd"), " or ", code("journalctl -u crio"), ") around ",
                            EventFacts.lastSeen(latest), "."))
                    .fix(Prose.of("If only node ", node, " is affected, cordon it (", code("kubectl cordon " + nodeName), ") and delete the pod so it is placed elsewhere."));
        }
        return f.build();
    }

    /** "CNI plugin `calico`" or "the CNI plugin", capitalised at the start of a sentence. */
    private static Prose cniText(String cni, boolean sentenceStart) {
        if (cni == null) {
            return Prose.words(sentenceStart ? "The CNI plugin" : "the CNI plugin");
        }
        return Prose.of("CNI plugin ", code(cni));
    }

    private static String cniHint(String cni, String text) {
        if (cni == null) {
            return "";
        }
        return SandboxVolumeSignatures.pluginFailure(cni, text).map(s -> switch (s) {
            case CALICO_UNAUTHORIZED -> " (calico's CNI token on the node has expired or was revoked: restarting the calico-node pod on it writes a new one)";
            case FLANNEL_NO_SUBNET -> " (flannel has not written /run/flannel/subnet.env: the kube-flannel pod on the node is not running or cannot reach the API server)";
            case CILIUM_AGENT_DOWN -> " (the cilium agent pod on the node is not running or not ready)";
            default -> "";
        }).orElse("");
    }

    private static List<Evidence> waitingEvidence(PodView pod) {
        List<Evidence> out = new ArrayList<>();
        pod.appContainers().stream().findFirst().flatMap(ContainerView::waitingEvidence).ifPresent(out::add);
        if (out.isEmpty() && !pod.phase().isEmpty()) {
            out.add(Evidence.status("status.phase", pod.phase(), "no container has been created yet"));
        }
        return out;
    }

    /** The node, from spec.nodeName or the kubelet that reported the event. */
    private static Prose node(PodView pod, Event e) {
        return code(nodeName(pod, e));
    }

    private static String nodeName(PodView pod, Event e) {
        if (pod.nodeName() != null && !pod.nodeName().isBlank()) {
            return pod.nodeName();
        }
        if (e.getSource() != null && e.getSource().getHost() != null) {
            return e.getSource().getHost();
        }
        return e.getReportingInstance() == null || e.getReportingInstance().isBlank() ? "<node>" : e.getReportingInstance();
    }

    /** The runtime's own words: the part after the last "desc = " or "rpc error:" wrapper. */
    private static String tail(String msg) {
        String t = msg.strip();
        int desc = t.indexOf("desc = ");
        if (desc >= 0) {
            t = t.substring(desc + 7);
        }
        return t.length() > 400 ? t.substring(0, 400) + "…" : t;
    }

    /** "`mount failed: exit status 32` (`mount.nfs: Connection timed out`)" from the kubelet's multi-line mount error. */
    private static Prose mountError(String msg) {
        Prose first = code(firstLine(afterColon(msg)));
        Matcher out = MOUNT_OUTPUT.matcher(msg);
        return out.find() ? Prose.of(first, " (", code(out.group(1).strip()), ")") : first;
    }

    private static String afterColon(String msg) {
        int i = msg.indexOf("\" : ");
        return tail(i >= 0 ? msg.substring(i + 4) : msg);
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
