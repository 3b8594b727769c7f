package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;

import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.rules.NodeLifecycleSignatures.Signature;
import dev.podtriage.diagnosis.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod's node and the pod's lifecycle: things that happen to the pod as a whole and override
 * whatever its containers say (a lost node, an eviction, a preemption, a deadline, a deletion
 * that never completes). Kubelet admission rejections ({@code OutOfcpu}, {@code NodeAffinity}, …)
 * are reported under the scheduling rule they amount to, since rules.md has no own ID for them:
 * the pod was placed on a node that could not take it.
 */
public final class NodeLifecycleRules implements RuleFamily {
    /**
     * A pod ended from outside (evicted, preempted) is a warning when a controller replaces it, the usual case: the
     * workload serves on, this object is a leftover that tells why. A bare pod's work has stopped for good.
     */
    private static final String BARE = "no controller re-creates this pod, so its work has stopped";

    public static final RuleDefinition NODE_LOST = CatalogEntries.define(RuleId.NODE_LOST,
            NodeLifecycleSignatures.detection(RuleId.NODE_LOST, "Phase Unknown or reason NodeLost, whose message reads",
                    "Or the Node's Ready condition False/Unknown (\"Kubelet stopped posting node status.\") or taint node.kubernetes.io/unreachable; "
                            + "NodeNotReady events on the pod while it is not Ready."));
    public static final RuleDefinition EVICTED = CatalogEntries.define(RuleId.POD_EVICTED,
            NodeLifecycleSignatures.detection(RuleId.POD_EVICTED,
                    "Pod reason Evicted (or Terminated/Shutdown: graceful node shutdown) with the kubelet's message, which reads",
                    "Also TaintManagerEviction events."));
    public static final RuleDefinition PREEMPTED = CatalogEntries.define(RuleId.POD_PREEMPTED,
            NodeLifecycleSignatures.detection(RuleId.POD_PREEMPTED,
                    "Preempted event, DisruptionTarget condition with reason PreemptionBy…, or pod reason Preempting; their messages read", ""));
    public static final RuleDefinition TERMINATING_STUCK = CatalogEntries.define(RuleId.POD_TERMINATING_STUCK,
            "metadata.deletionTimestamp older than the terminating threshold before the evaluation instant.");
    public static final RuleDefinition DEADLINE_EXCEEDED = CatalogEntries.define(RuleId.POD_DEADLINE_EXCEEDED,
            NodeLifecycleSignatures.detection(RuleId.POD_DEADLINE_EXCEEDED, "Pod reason DeadlineExceeded, whose message reads",
                    "Also a Job condition Failed with reason DeadlineExceeded."));

    /** The CronJob controller names its Jobs {@code <cronjob>-<scheduled time in minutes>}. */
    private static final Pattern CRONJOB_JOB = Pattern.compile("(?<![-a-z0-9.])([a-z0-9][-a-z0-9.]{0,62}?)-\\d{8,10}");
    private static final Set<String> SHUTDOWN_REASONS = Set.of("Terminated", "Shutdown", "NodeShutdown");

    @Override
    public List<RuleDefinition> rules() {
        return List.of(NODE_LOST, EVICTED, PREEMPTED, TERMINATING_STUCK, DEADLINE_EXCEEDED);
    }

    @Override
    public List<Finding> detect(PodView pod) {
        List<Finding> out = new ArrayList<>();
        Optional<NodeTrouble> trouble = nodeTrouble(pod);
        trouble.ifPresent(t -> out.add(nodeLost(pod, t)));
        String reason = pod.reason();
        if (reason.equals("Evicted")) {
            out.add(evicted(pod));
        } else if (SHUTDOWN_REASONS.contains(reason)) {
            out.add(shutdown(pod));
        } else if (trouble.isEmpty()) {
            taintEviction(pod).ifPresent(out::add);
        }
        admissionRejection(pod).ifPresent(out::add);
        preempted(pod).ifPresent(out::add);
        terminatingStuck(pod, trouble).ifPresent(out::add);
        if (reason.equals("DeadlineExceeded")) {
            out.add(deadline(pod));
        }
        return out;
    }

    // ---------------------------------------------------------------- node lost

    /** Why the pod's node is considered lost, with the evidence for it. */
    private record NodeTrouble(String node, String description, List<Evidence> evidence, boolean unreachable) {
    }

    private static Optional<NodeTrouble> nodeTrouble(PodView pod) {
        String node = pod.nodeName() == null ? "?" : pod.nodeName();
        boolean terminal = pod.phase().equals("Succeeded") || pod.phase().equals("Failed");
        List<Evidence> ev = new ArrayList<>();
        if (pod.reason().equals("NodeLost") || pod.phase().equals("Unknown")) {
            ev.add(Evidence.status("status.phase", pod.reason().isEmpty() ? pod.phase() : pod.reason(), pod.message().isEmpty() ? "phase " + pod.phase() : pod.message()));
            nodeEvidence(pod, ev);
            ev.addAll(PodView.evidence(pod.eventsWithReason("NodeNotReady"), 1));
            return Optional.of(new NodeTrouble(node, "the node controller marked the pod " + (pod.reason().isEmpty() ? pod.phase() : pod.reason())
                    + (pod.message().isEmpty() ? "" : " (\"" + pod.message() + "\")"), ev, true));
        }
        if (terminal) {
            return Optional.empty();
        }
        Optional<Node> n = pod.node();
        if (n.isPresent()) {
            Optional<NodeCondition> ready = readyCondition(n.get());
            if (ready.isPresent() && !"True".equalsIgnoreCase(ready.get().getStatus())) {
                nodeEvidence(pod, ev);
                ev.addAll(PodView.evidence(pod.eventsWithReason("NodeNotReady"), 1));
                NodeCondition r = ready.get();
                boolean unreachable = "Unknown".equalsIgnoreCase(r.getStatus()) || taintKeys(n.get()).contains("node.kubernetes.io/unreachable");
                return Optional.of(new NodeTrouble(node, "node `" + node + "` is NotReady: Ready=" + r.getStatus()
                        + (r.getLastTransitionTime() == null ? "" : " since " + r.getLastTransitionTime())
                        + (r.getMessage() == null ? "" : " (\"" + r.getMessage() + "\")")
                        + (taintKeys(n.get()).isEmpty() ? "" : ", taints " + Quoting.quoteAll(taintKeys(n.get()))), ev, unreachable));
            }
            return Optional.empty();
        }
        // without the Node object: the node controller's NodeNotReady event, while the pod is not Ready since
        List<Event> notReady = pod.eventsWithReason("NodeNotReady");
        if (!notReady.isEmpty() && !pod.conditionIs("Ready", "True")) {
            Instant readySince = pod.condition("Ready").map(PodCondition::getLastTransitionTime).map(Timestamps::parse).orElse(null);
            Instant last = EventFacts.lastSeen(notReady.get(0));
            if (readySince == null || last == null || !last.isBefore(readySince.minusSeconds(60))) {
                pod.condition("Ready").ifPresent(c -> ev.add(Evidence.status("status.conditions[Ready]", c.getReason(),
                        "Ready=" + c.getStatus() + " since " + c.getLastTransitionTime())));
                ev.addAll(PodView.evidence(notReady, 1));
                return Optional.of(new NodeTrouble(node, "the node controller reported node `" + node + "` not ready (\"" + notReady.get(0).getMessage()
                        + "\") and the pod has not been Ready since", ev, false));
            }
        }
        return Optional.empty();
    }

    private static Optional<NodeCondition> readyCondition(Node n) {
        if (n.getStatus() == null || n.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    private static List<String> taintKeys(Node n) {
        if (n.getSpec() == null || n.getSpec().getTaints() == null) {
            return List.of();
        }
        return n.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    private static void nodeEvidence(PodView pod, List<Evidence> ev) {
        pod.node().ifPresent(n -> {
            readyCondition(n).ifPresent(r -> ev.add(Evidence.node("status.conditions[Ready]", r.getReason(),
                    "Ready=" + r.getStatus() + " since " + r.getLastTransitionTime() + (r.getMessage() == null ? "" : ": " + r.getMessage()))));
            if (n.getSpec() != null && n.getSpec().getTaints() != null && !n.getSpec().getTaints().isEmpty()) {
                List<String> taints = new ArrayList<>();
                for (Taint t : n.getSpec().getTaints()) {
                    taints.add(t.getKey() + ":" + t.getEffect() + (t.getTimeAdded() == null ? "" : " (added " + t.getTimeAdded() + ")"));
                }
                ev.add(Evidence.node("spec.taints", null, String.join(", ", taints)));
            }
        });
    }

    private Finding nodeLost(PodView pod, NodeTrouble t) {
        String ns = pod.namespace();
        String kind = pod.workload().map(w -> w.kind()).orElse("");
        Finding.Builder f = NODE_LOST.finding().cause("node", t.node())
                .message("Pod `" + pod.name() + "` runs on a lost node: " + t.description() + ". The pod's status is stale: its containers may or may not still be running.")
                .headline("Node `" + t.node() + "` is lost or NotReady")
                .evidence(t.evidence())
                .fix("Find out what happened to node `" + t.node() + "`: `kubectl describe node " + t.node() + "` (conditions, events), the machine in your cloud console, and on the node `systemctl status kubelet containerd`.");
        if (!kind.equals("StatefulSet") && !kind.equals("DaemonSet")) {
            unreachableToleration(pod).ifPresent(sec -> f.fix("Pod `" + pod.name() + "` tolerates `node.kubernetes.io/unreachable` for " + sec
                    + "s; after that the taint eviction controller deletes it and " + controller(pod) + " creates a replacement on another node."));
        }
        if (kind.equals("DaemonSet")) {
            f.fix("DaemonSet pods belong to their node and are never moved: repair node `" + t.node() + "`, or delete the Node (`kubectl delete node " + t.node()
                    + "`) if it is gone for good; DaemonSet `" + pod.workload().get().name() + "` needs nothing else.");
        } else if (kind.equals("StatefulSet")) {
            f.fix("StatefulSet pods are not replaced while the old one may still run: once you are sure node `" + t.node() + "` is down, delete the Node (`kubectl delete node "
                    + t.node() + "`) or force-delete the pod (`kubectl -n " + ns + " delete pod " + pod.name() + " --grace-period=0 --force`).");
        } else if (pod.workload().isEmpty()) {
            f.fix("Pod `" + pod.name() + "` has no controller: nothing recreates it. Create it again on a healthy node once the old one is gone.");
        } else {
            f.fix("If node `" + t.node() + "` will not come back, remove it (`kubectl delete node " + t.node() + "`) so that its pods are cleaned up at once.");
        }
        return f.build();
    }

    private static Optional<Long> unreachableToleration(PodView pod) {
        List<Toleration> ts = pod.spec().getTolerations();
        if (ts == null) {
            return Optional.empty();
        }
        return ts.stream().filter(t -> "node.kubernetes.io/unreachable".equals(t.getKey()) && "NoExecute".equals(t.getEffect()))
                .map(Toleration::getTolerationSeconds).filter(Objects::nonNull).findFirst();
    }

    // ---------------------------------------------------------------- evicted

    private Finding evicted(PodView pod) {
        String msg = pod.message();
        List<Event> events = pod.eventsWithReason("Evicted");
        if (msg.isBlank() && !events.isEmpty()) {
            msg = Objects.toString(events.get(0).getMessage(), "");
        }
        String node = node(pod);
        String ns = pod.namespace();
        Finding.Builder f = EVICTED.finding().cause("node", pod.nodeName())
                .evidence(Evidence.status("status.reason", "Evicted", msg))
                .evidence(PodView.evidence(events, 1));
        disruption(pod).ifPresent(f::evidence);
        if (pod.workload().isEmpty()) {
            f.severity(Severity.CRITICAL, BARE);
        }
        String text = msg;
        Optional<Wording.Hit<Signature>> containerLimit = NodeLifecycleSignatures.TABLE.first(Signature.CONTAINER_EPHEMERAL, msg);
        Optional<Wording.Hit<Signature>> podLimit = NodeLifecycleSignatures.TABLE.first(Signature.POD_EPHEMERAL, msg);
        Optional<Wording.Hit<Signature>> emptyDir = NodeLifecycleSignatures.TABLE.first(Signature.EMPTY_DIR, msg);
        Optional<String> low = NodeLifecycleSignatures.TABLE.extract(x -> x == Signature.LOW_ON, "resource", text)
                .or(() -> NodeLifecycleSignatures.TABLE.extract(x -> x == Signature.CONDITION, "condition", text));
        if (containerLimit.isPresent()) {
            String c = containerLimit.get().get("container");
            String limit = containerLimit.get().get("limit");
            f.message("Pod `" + pod.name() + "` was evicted from node " + node + " because container `" + c
                            + "` wrote more to local ephemeral storage (writable layer, logs, emptyDir) than its limit of " + limit + ".")
                    .headline("Evicted: container `" + c + "` exceeded its ephemeral-storage limit " + limit)
                    .fix("Raise `spec.containers[" + c + "].resources.limits.ephemeral-storage` (now " + limit + ") in the pod template" + pod.ownerHint()
                            + " to what the container really writes, or write bulk data to a PersistentVolume instead of the container's filesystem.")
                    .fix("Log to stdout rather than to files inside container `" + c + "`, and clean up temporary files.");
        } else if (podLimit.isPresent()) {
            String limit = podLimit.get().get("limit");
            f.message("Pod `" + pod.name() + "` was evicted from node " + node + " because its containers together used more local ephemeral storage than the sum of their limits (" + limit + ").")
                    .headline("Evicted: pod exceeded its ephemeral-storage limits (" + limit + ")")
                    .fix("Raise the containers' `resources.limits.ephemeral-storage` (together " + limit + ") in the pod template" + pod.ownerHint()
                            + ", or move bulk data (caches, downloads) to a PersistentVolume.");
        } else if (emptyDir.isPresent()) {
            String vol = emptyDir.get().get("volume");
            String limit = emptyDir.get().get("limit");
            f.message("Pod `" + pod.name() + "` was evicted from node " + node + " because emptyDir volume `" + vol + "` grew beyond its sizeLimit " + limit + ".")
                    .headline("Evicted: emptyDir `" + vol + "` exceeded its sizeLimit " + limit)
                    .fix("Raise `spec.volumes[" + vol + "].emptyDir.sizeLimit` (now " + limit + ") in the pod template" + pod.ownerHint()
                            + ", or clean up what the pod writes there.");
        } else if (low.isPresent()) {
            nodePressure(pod, f, msg, low.get(), node);
        } else {
            f.message("Pod `" + pod.name() + "` was evicted from node " + node + (msg.isBlank() ? "." : ": " + msg))
                    .headline("Pod evicted from node " + node)
                    .fix("See why node " + node + " evicted pods: `kubectl describe node " + pod.nodeName() + "` (conditions MemoryPressure/DiskPressure/PIDPressure and events).");
        }
        return f.fix("Delete the Failed pod object once you have read it: `kubectl -n " + ns + " delete pod " + pod.name()
                + "` (evicted pods stay until the garbage collector's threshold; `kubectl -n " + ns + " delete pods --field-selector=status.phase==Failed` removes all).").build();
    }

    private static void nodePressure(PodView pod, Finding.Builder f, String msg, String rawResource, String node) {
        String resource = rawResource.replaceAll("\\.+$", "");
        String res = switch (resource) {
            case "DiskPressure", "nodefs", "imagefs", "nodefs.available", "imagefs.available" -> "ephemeral-storage";
            case "MemoryPressure" -> "memory";
            case "PIDPressure" -> "pids";
            default -> resource;
        };
        String threshold = NodeLifecycleSignatures.TABLE.first(Signature.THRESHOLD, msg)
                .map(th -> " (eviction threshold " + th.get("threshold").strip() + ", available " + th.get("available") + ")").orElse("");
        List<String> users = new ArrayList<>();
        String worst = null;
        String worstUsage = null;
        String worstRequest = null;
        for (Wording.Hit<Signature> u : NodeLifecycleSignatures.TABLE.all(Signature.USAGE, msg)) {
            String request = u.get("request");
            users.add("container `" + u.get("container") + "` was using " + u.get("usage") + " while requesting " + ("0".equals(request) ? "nothing" : request));
            if (worst == null) {
                worst = u.get("container");
                worstUsage = u.get("usage");
                worstRequest = request;
            }
        }
        f.message("Pod `" + pod.name() + "` was evicted by the kubelet because node " + node + " ran low on " + res + threshold
                        + (users.isEmpty() ? "." : "; " + String.join(", ", users) + ", so it was among the first to go."))
                .headline("Evicted: node " + node + " ran low on " + res + (worst == null ? "" : " (container `" + worst + "` used " + worstUsage + ")"));
        if (worst != null && (res.equals("memory") || res.equals("ephemeral-storage"))) {
            f.fix("Raise `spec.containers[" + worst + "].resources.requests." + res + "` from " + ("0".equals(worstRequest) ? "nothing" : worstRequest) + " to at least " + worstUsage
                    + " in the pod template" + pod.ownerHint() + ": under pressure the kubelet evicts first the pods that use most beyond their requests"
                    + (res.equals("memory") ? "; with requests equal to limits the pod is Guaranteed and evicted last." : "."));
            if (res.equals("ephemeral-storage")) {
                f.fix("Also set `spec.containers[" + worst + "].resources.limits.ephemeral-storage` so that the container, not the node, hits the limit, and move bulk data to a volume.");
            }
        }
        if (res.equals("memory")) {
            f.fix("See what fills node " + node + "'s memory: `kubectl top pods -A --sort-by=memory` and `kubectl describe node " + pod.nodeName()
                    + "`; add memory to the node pool or spread the memory-heavy pods.");
        } else if (res.equals("ephemeral-storage")) {
            f.fix("Free disk on node " + node + ": unused images (`crictl rmi --prune`), container logs, emptyDirs; or give the nodes larger disks.");
        } else {
            f.fix("See why node " + node + " ran out of " + res + ": `kubectl describe node " + pod.nodeName() + "`.");
        }
    }

    private Finding shutdown(PodView pod) {
        String node = node(pod);
        Finding.Builder f = EVICTED.finding().cause("node", pod.nodeName())
                .message("Pod `" + pod.name() + "` was terminated because node " + node + " shut down (graceful node shutdown, reason " + pod.reason() + ")"
                        + (pod.message().isEmpty() ? "." : ": \"" + pod.message() + "\"."))
                .headline("Terminated by the shutdown of node " + node)
                .evidence(Evidence.status("status.reason", pod.reason(), pod.message()));
        disruption(pod).ifPresent(f::evidence);
        if (pod.workload().isPresent()) {
            f.fix("Nothing to repair in the pod: " + controller(pod) + " creates a replacement. Check why node " + node
                            + " shut down (maintenance, spot/preemptible reclaim, autoscaler scale-down).");
        } else {
            f.severity(Severity.CRITICAL, BARE)
                    .fix("Pod `" + pod.name() + "` has no controller and will not come back by itself: run it under a Deployment or Job so that node shutdowns are survived.");
        }
        return f.fix("Delete the Failed pod object: `kubectl -n " + pod.namespace() + " delete pod " + pod.name() + "`.").build();
    }

    private Optional<Finding> taintEviction(PodView pod) {
        List<Event> events = pod.eventsWithReason("TaintManagerEviction");
        if (events.isEmpty() || containsAny(events.get(0).getMessage(), "Cancelling deletion")) {
            return Optional.empty();
        }
        String node = node(pod);
        List<String> taints = pod.node().map(NodeLifecycleRules::taintKeys).orElse(List.of()).stream()
                .filter(t -> t.endsWith(":NoExecute")).toList();
        Finding.Builder f = EVICTED.finding().cause("node", pod.nodeName())
                .message("Pod `" + pod.name() + "` was deleted by the taint eviction controller because node " + node + " has a NoExecute taint"
                        + (taints.isEmpty() ? "" : " (" + Quoting.quoteAll(taints) + ")") + " that the pod does not tolerate, or tolerates only for a while.")
                .headline("Evicted by a NoExecute taint on node " + node)
                .evidence(PodView.evidence(events, 1))
                .fix("See the node's taints: `kubectl get node " + pod.nodeName() + " -o jsonpath='{.spec.taints}'`; remove a taint set by mistake (`kubectl taint nodes "
                        + pod.nodeName() + " <key>:NoExecute-`), or add a matching toleration to the pod template" + pod.ownerHint() + " if the pod should stay.");
        if (pod.workload().isEmpty()) {
            f.severity(Severity.CRITICAL, BARE);
        }
        return Optional.of(f.build());
    }

    private static Optional<Evidence> disruption(PodView pod) {
        return pod.condition("DisruptionTarget").filter(c -> "True".equalsIgnoreCase(c.getStatus()))
                .map(c -> Evidence.status("status.conditions[DisruptionTarget]", c.getReason(), c.getMessage()));
    }

    // ---------------------------------------------------------------- kubelet admission

    /**
     * The kubelet refused to admit the pod on the node the scheduler (or spec.nodeName) chose. rules.md
     * has no ID for kubelet admission: the refusals are what the scheduler would have said, so they are
     * reported under the scheduling rule that names the same cause.
     */
    private Optional<Finding> admissionRejection(PodView pod) {
        if (!pod.phase().equals("Failed")) {
            return Optional.empty();
        }
        String reason = pod.reason();
        String msg = pod.message();
        String node = node(pod);
        Evidence ev = Evidence.status("status.reason", reason, msg);
        String bypass = pod.workload().isEmpty()
                ? " Pods bound with `spec.nodeName` (no scheduler) or static pods skip the scheduler's checks and meet them only at the kubelet."
                : " This happens when the node's capacity or labels changed between scheduling and admission.";
        if (reason.startsWith("OutOf")) {
            String resource = PodResources.resourceOfOutOf(reason);
            if (resource.equals("pods")) {
                return Optional.of(Unschedulable.OTHER.finding()
                        .message("The kubelet on node " + node + " rejected pod `" + pod.name() + "`: the node already runs its maximum number of pods (" + reason + ")." + bypass)
                        .headline("Rejected by node " + node + ": too many pods")
                        .evidence(ev)
                        .fix(recreate(pod) + " Or raise the kubelet's `maxPods` / add nodes.")
                        .build());
            }
            String detail = NodeLifecycleSignatures.TABLE.first(Signature.OUT_OF, msg).map(m -> {
                String r = m.get("resource");
                return " (requested " + kubeletAmount(r, m.get("requested")) + ", already used " + kubeletAmount(r, m.get("used")) + " of "
                        + kubeletAmount(r, m.get("capacity")) + ")";
            }).orElse("");
            return Optional.of(Unschedulable.INSUFFICIENT.finding()
                    .message("The kubelet on node " + node + " rejected pod `" + pod.name() + "` at admission: not enough " + resource + detail + "." + bypass)
                    .headline("Rejected by node " + node + ": not enough " + resource)
                    .evidence(ev)
                    .fix("Let the scheduler place the pod: do not set `spec.nodeName` yourself (use a nodeSelector). " + recreate(pod))
                    .fix(PodResources.largestRequester(pod, resource)
                            .map(c -> "Lower `" + c.specPath() + ".resources.requests." + resource + "` (now "
                                    + PodResources.request(c.spec(), resource).map(q -> PodResources.format(resource, q)).orElse("?") + ")")
                            .orElse("Lower the containers' `resources.requests." + resource + "`") + " or free " + resource + " on node " + node + ".")
                    .build());
        }
        // NodeAffinity (1.18+) was MatchNodeSelector (≤1.17): "Predicate %s failed"
        if (reason.equals("NodeAffinity") || reason.equals("MatchNodeSelector")
                || NodeLifecycleSignatures.TABLE.first(Signature.PREDICATE, msg).isPresent()) {
            return Optional.of(Unschedulable.NODE_SELECTOR.finding()
                    .message("The kubelet on node " + node + " rejected pod `" + pod.name() + "`: the node's labels do not match the pod's nodeSelector/affinity ("
                            + (msg.isEmpty() ? reason : msg) + ")." + bypass)
                    .headline("Rejected by node " + node + ": node affinity/selector does not match")
                    .evidence(ev)
                    .fix("Compare `kubectl get node " + pod.nodeName() + " --show-labels` with the pod's nodeSelector/affinity; restore the missing label or correct the selector in the pod template" + pod.ownerHint() + ".")
                    .fix(recreate(pod))
                    .build());
        }
        if (reason.equals("UnexpectedAdmissionError")) {
            boolean device = containsAny(msg, "device", "Allocate failed", "resource");
            return Optional.of((device ? Unschedulable.INSUFFICIENT : Unschedulable.OTHER).finding()
                    .message("The kubelet on node " + node + " failed to admit pod `" + pod.name() + "` (UnexpectedAdmissionError): " + msg
                            + (device ? " The device plugin could not hand out the devices the pod requests." : ""))
                    .headline("Rejected by node " + node + ": " + (device ? "devices unavailable" : "unexpected admission error"))
                    .evidence(ev)
                    .fix(device ? "Check the device plugin on node " + node + " (e.g. the nvidia-device-plugin pod in kube-system) and the devices' health; restart it if it lost track of them."
                            : "Read the kubelet's log on node " + node + " around the pod's creation (`journalctl -u kubelet`).")
                    .fix(recreate(pod))
                    .build());
        }
        return Optional.empty();
    }

    /** The kubelet prints cpu in millicores and memory in bytes. */
    private static String kubeletAmount(String resource, String raw) {
        try {
            BigDecimal v = new BigDecimal(raw);
            if (resource.equals("cpu")) {
                return PodResources.format("cpu", v.movePointLeft(3)) + " cpu";
            }
            return PodResources.format(resource, v);
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    // ---------------------------------------------------------------- preempted

    private Optional<Finding> preempted(PodView pod) {
        List<Event> events = pod.eventsWithReason("Preempted");
        Optional<PodCondition> cond = pod.condition("DisruptionTarget")
                .filter(c -> "True".equalsIgnoreCase(c.getStatus()) && Objects.toString(c.getReason(), "").startsWith("PreemptionBy"));
        boolean kubeletPreempting = pod.reason().equals("Preempting");
        boolean gone = pod.deletionTimestamp().isPresent() || pod.phase().equals("Failed");
        if (cond.isEmpty() && !kubeletPreempting && !(gone && !events.isEmpty())) {
            return Optional.empty();
        }
        String by = null;
        String onNode = pod.nodeName();
        if (!events.isEmpty()) {
            Optional<Wording.Hit<Signature>> m = NodeLifecycleSignatures.TABLE.first(Signature.PREEMPTED_BY, Objects.toString(events.get(0).getMessage(), ""));
            if (m.isPresent()) {
                by = m.get().get("preemptor");
                onNode = m.get().get("node");
            }
        }
        Integer priority = pod.spec().getPriority();
        String pc = pod.spec().getPriorityClassName();
        String prio = "priority " + (priority == null ? 0 : priority) + (pc == null ? ", no PriorityClass" : ", PriorityClass `" + pc + "`");
        String how = kubeletPreempting ? "by the kubelet on node `" + onNode + "` to admit a critical pod (kubelet preemption ignores PodDisruptionBudgets)"
                : "by the scheduler on node `" + onNode + "` to make room for a pod of higher priority" + (by == null ? "" : " (`" + by + "`)");
        Finding.Builder f = PREEMPTED.finding()
                .severity(pod.workload().isEmpty() ? Severity.CRITICAL : Severity.WARNING, BARE)
                .message("Pod `" + pod.name() + "` (" + prio + ") was preempted " + how + ".")
                .headline("Preempted on node `" + onNode + "` by a higher-priority pod")
                .evidence(PodView.evidence(events, 1));
        cond.ifPresent(c -> f.evidence(Evidence.status("status.conditions[DisruptionTarget]", c.getReason(), c.getMessage())));
        if (kubeletPreempting) {
            f.evidence(Evidence.status("status.reason", pod.reason(), pod.message()));
            f.evidence(PodView.evidence(pod.eventsWithReason("Preempting"), 1));
        }
        if (by != null && by.matches("[0-9a-f-]{36}")) {
            f.fix("Identify the preemptor: `kubectl get pods -A -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name,UID:.metadata.uid | grep " + by + "`.");
        } else if (by != null && by.contains("/")) {
            String[] nsName = by.split("/", 2);
            f.fix("See what the preemptor asks for: `kubectl -n " + nsName[0] + " get pod " + nsName[1]
                    + " -o jsonpath='{.spec.priorityClassName} {.spec.priority}'`.");
        }
        String app = pod.workload().map(w -> w.kind() + " `" + w.name() + "`").orElse("pod `" + pod.name() + "`");
        if (kubeletPreempting) {
            // critical pods have system priorities above any user PriorityClass: a higher priorityClassName does not help here
            f.fix("The kubelet picks its victims among pods of lower priority than the critical pod (every user PriorityClass is), BestEffort and Burstable before Guaranteed: give the containers of "
                    + app + " requests equal to their limits (Guaranteed QoS), and keep room on node `" + onNode + "` for its critical pods (kube-reserved/system-reserved).");
            f.fix(pod.workload().isPresent() ? controller(pod) + " re-creates the pod elsewhere; delete the Failed one: `kubectl -n " + pod.namespace() + " delete pod " + pod.name() + "`."
                    : "Pod `" + pod.name() + "` has no controller: create it again (on another node).");
            return Optional.of(f.build());
        }
        f.fix("If pod `" + pod.name() + "` matters as much, give its pod template" + pod.ownerHint()
                + " a higher `priorityClassName` (`kubectl get priorityclass`); otherwise expect its controller to re-create it when room frees up.");
        f.fix("Cover " + app + " with a PodDisruptionBudget: the scheduler prefers victims whose PodDisruptionBudget allows the disruption (best effort: it still preempts when no other choice is left).");
        pod.workload().filter(w -> w.kind().equals("Job")).ifPresent(w -> f.fix("A preempted pod counts as a failure against the backoffLimit of Job `" + w.name()
                + "`: add a `spec.podFailurePolicy` rule with `action: Ignore` and `onPodConditions: [{type: DisruptionTarget}]` so that preemptions do not fail the Job."));
        return Optional.of(f.fix("Add capacity so that high-priority pods need not preempt, or set `preemptionPolicy: Never` on the PriorityClass of the preempting pods.")
                .build());
    }

    // ---------------------------------------------------------------- terminating

    private Optional<Finding> terminatingStuck(PodView pod, Optional<NodeTrouble> trouble) {
        Optional<Instant> deletion = pod.deletionTimestamp();
        if (deletion.isEmpty()) {
            return Optional.empty();
        }
        // deletionTimestamp is the end of the grace period (request time + grace), not the time of the request
        Instant graceEnded = deletion.get();
        if (!pod.longerThan(graceEnded, pod.settings().terminatingStuckAfter())) {
            return Optional.empty();
        }
        Duration over = Duration.between(graceEnded, pod.at());
        List<String> finalizers = pod.metadata().getFinalizers() == null ? List.of() : pod.metadata().getFinalizers();
        Long grace = pod.metadata().getDeletionGracePeriodSeconds() != null ? pod.metadata().getDeletionGracePeriodSeconds()
                : pod.spec().getTerminationGracePeriodSeconds();
        String ns = pod.namespace();
        List<String> why = new ArrayList<>();
        if (!finalizers.isEmpty()) {
            why.add("finalizer(s) " + Quoting.quoteAll(finalizers) + " have not been removed");
        }
        if (trouble.isPresent()) {
            why.add("node `" + trouble.get().node() + "` is lost, so its kubelet cannot confirm that the containers stopped");
        }
        if (why.isEmpty()) {
            why.add("the kubelet on node " + node(pod) + " has not finished stopping the containers (a hanging preStop hook, a container that ignores SIGTERM and cannot be killed, or a stuck runtime)");
        }
        Finding.Builder f = TERMINATING_STUCK.finding()
                .message("Pod `" + pod.name() + "` was deleted but is still there " + Timestamps.human(over) + " after its grace period"
                        + (grace == null ? "" : " of " + grace + "s") + " ended (" + deletion.get() + "): " + String.join("; ", why) + ".")
                .headline("Stuck terminating for " + Timestamps.human(over) + (finalizers.isEmpty() ? "" : " (finalizer " + Quoting.quoteAll(finalizers) + ")"))
                .evidence(Evidence.status("metadata.deletionTimestamp", null, deletion.get() + (grace == null ? "" : " (grace period " + grace + "s)")
                        + (finalizers.isEmpty() ? "" : "; finalizers: " + String.join(", ", finalizers))))
                .evidence(PodView.evidence(pod.eventsWithReason("Killing", "FailedKillPod", "FailedPreStopHook"), 2));
        trouble.ifPresent(t -> f.evidence(t.evidence()));
        if (!finalizers.isEmpty()) {
            f.fix("Find the controller that owns finalizer(s) " + Quoting.quoteAll(finalizers) + " and why it does not remove them (its logs). Only if it is gone for good, remove them with caution (its cleanup will not run): `kubectl -n "
                    + ns + " patch pod " + pod.name() + " -p '{\"metadata\":{\"finalizers\":null}}'`.");
        }
        if (trouble.isPresent()) {
            f.fix("Once you are sure node `" + trouble.get().node() + "` is down, force-delete the pod: `kubectl -n " + ns + " delete pod " + pod.name()
                    + " --grace-period=0 --force` (for StatefulSet pods make sure the old instance really stopped: two pods with one identity corrupt data), or delete the Node.");
        } else if (finalizers.isEmpty()) {
            f.fix("Look at the kubelet on node " + node(pod) + ": `journalctl -u kubelet | grep " + pod.name() + "` and `crictl ps -a | grep " + pod.name() + "` show what keeps the containers from stopping.")
                    .fix("As a last resort: `kubectl -n " + ns + " delete pod " + pod.name() + " --grace-period=0 --force` (the containers may keep running on the node until the kubelet cleans them up).");
        }
        return Optional.of(f.build());
    }

    // ---------------------------------------------------------------- deadline

    private Finding deadline(PodView pod) {
        Long deadline = pod.spec().getActiveDeadlineSeconds();
        String job = pod.workload().filter(w -> w.kind().equals("Job")).map(w -> w.name()).orElse(null);
        String limit = deadline == null ? "its activeDeadlineSeconds" : "spec.activeDeadlineSeconds=" + deadline + " (" + Timestamps.human(Duration.ofSeconds(deadline)) + ")";
        Finding.Builder f = DEADLINE_EXCEEDED.finding()
                .message("Pod `" + pod.name() + "` was active longer than " + limit
                        + (pod.status().getStartTime() == null ? "" : " since it started at " + pod.status().getStartTime()) + ", so the kubelet stopped it (" + pod.message() + ").")
                .headline("Active deadline exceeded (" + (deadline == null ? "activeDeadlineSeconds" : deadline + "s") + ")")
                .evidence(Evidence.status("status.reason", pod.reason(), pod.message()));
        if (deadline != null) {
            f.evidence(Evidence.spec("spec.activeDeadlineSeconds", String.valueOf(deadline)));
        }
        String now = deadline == null ? "" : " (now " + deadline + ")";
        if (pod.workload().isEmpty()) {
            // a bare pod stays Failed: nothing re-creates it, and the field of an existing pod can only be lowered
            f.fix("Pod `" + pod.name() + "` has no controller and stays Failed: delete it (`kubectl -n " + pod.namespace() + " delete pod " + pod.name()
                    + "`) and create it again with a higher `spec.activeDeadlineSeconds`" + now + ", or none if it is meant to run for good.");
        } else {
            Matcher cron = job == null ? null : CRONJOB_JOB.matcher(job);
            if (cron != null && cron.matches()) {
                f.fix("Raise `spec.activeDeadlineSeconds`" + now + " to the time the work really needs, or make it finish faster. The pod template of Job `" + job
                        + "` cannot be edited; the Job is named like a run of CronJob `" + cron.group(1) + "`: change `spec.jobTemplate.spec.template.spec.activeDeadlineSeconds` there (`kubectl -n "
                        + pod.namespace() + " edit cronjob " + cron.group(1) + "`) and the next run picks it up.");
            } else {
                f.fix("Raise `spec.activeDeadlineSeconds`" + now + " in the pod template" + pod.ownerHint()
                        + " to the time the work really needs, or make it finish faster" + (job == null ? "." : " (a Job's pod template cannot be edited: re-create the Job)."));
            }
        }
        if (job != null) {
            f.fix("To bound the whole Job rather than each pod, use `spec.activeDeadlineSeconds` of Job `" + job + "` and see its earlier runs: `kubectl -n " + pod.namespace() + " get pods -l job-name=" + job + "`.");
        }
        return f.build();
    }

    /** "Deployment `web`" or "its controller". */
    private static String controller(PodView pod) {
        return pod.workload().map(w -> w.kind() + " `" + w.name() + "`").orElse("its controller");
    }

    /** How to get a rejected pod placed again. */
    private static String recreate(PodView pod) {
        String delete = "`kubectl -n " + pod.namespace() + " delete pod " + pod.name() + "`";
        return pod.workload().isPresent()
                ? "Delete the rejected pod (" + delete + ") so that " + controller(pod) + " creates a new one for the scheduler to place."
                : "Pod `" + pod.name() + "` has no controller: delete it (" + delete + ") and create it again without `spec.nodeName`, so that the scheduler picks a node that fits.";
    }

    private static String node(PodView pod) {
        return pod.nodeName() == null ? "(unknown)" : "`" + pod.nodeName() + "`";
    }
}
