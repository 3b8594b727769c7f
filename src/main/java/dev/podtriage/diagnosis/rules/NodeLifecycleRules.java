package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;
import static dev.podtriage.diagnosis.Prose.code;

import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Timestamps;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.rules.NodeLifecycleSignatures.Signature;
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
    private record NodeTrouble(String node, Prose description, List<Evidence> evidence, boolean unreachable) {
    }

    private static Optional<NodeTrouble> nodeTrouble(PodView pod) {
        String node = pod.nodeName() == null ? "?" : pod.nodeName();
        boolean terminal = pod.phase().equals("Succeeded") || pod.phase().equals("Failed");
        List<Evidence> ev = new ArrayList<>();
        if (pod.reason().equals("NodeLost") || pod.phase().equals("Unknown")) {
            ev.add(Evidence.status("status.phase", pod.reason().isEmpty() ? pod.phase() : pod.reason(), pod.message().isEmpty() ? "phase " + pod.phase() : pod.message()));
            nodeEvidence(pod, ev);
            ev.addAll(PodView.evidence(pod.eventsWithReason("NodeNotReady"), 1));
            return Optional.of(new NodeTrouble(node, Prose.of("the node controller marked the pod " + (pod.reason().isEmpty() ? pod.phase() : pod.reason()),
                    quoted(pod.message())), ev, true));
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
                return Optional.of(new NodeTrouble(node, Prose.of("node ", code(node), " is NotReady: Ready=" + r.getStatus(),
                        r.getLastTransitionTime() == null ? null : " since " + r.getLastTransitionTime(), quoted(r.getMessage()),
                        taintKeys(n.get()).isEmpty() ? null : Prose.of(", taints ", Prose.codes(taintKeys(n.get())))), ev, unreachable));
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
                return Optional.of(new NodeTrouble(node, Prose.of("the node controller reported node ", code(node), " not ready",
                        quoted(notReady.get(0).getMessage()), " and the pod has not been Ready since"), ev, false));
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

    /** Cluster text quoted after what it explains: " (`text`)", nothing when there is none. */
    private static Prose quoted(String clusterText) {
        return clusterText == null || clusterText.isEmpty() ? Prose.EMPTY : Prose.of(" (", code(clusterText), ")");
    }

    private Finding nodeLost(PodView pod, NodeTrouble t) {
        String kind = pod.workload().map(w -> w.kind()).orElse("");
        Prose node = code(t.node());
        Prose deleteNode = code("kubectl delete node " + t.node());
        Finding.Builder f = NODE_LOST.finding().cause("node", t.node())
                .message(Prose.of("Pod ", code(pod.name()), " runs on a lost node: ", t.description(),
                        ". The pod's status is stale: its containers may or may not still be running."))
                .headline(Prose.of("Node ", node, " is lost or NotReady"))
                .evidence(t.evidence())
                .fix(Prose.of("Find out what happened to node ", node, ": ", code("kubectl describe node " + t.node()),
                        " (conditions, events), the machine in your cloud console, and on the node ", code("systemctl status kubelet containerd"), "."));
        if (!WorkloadKind.STATEFUL_SET.kind().equals(kind) && !WorkloadKind.DAEMON_SET.kind().equals(kind)) {
            unreachableToleration(pod).ifPresent(sec -> f.fix(Prose.of("Pod ", code(pod.name()), " tolerates ", code("node.kubernetes.io/unreachable"), " for " + sec
                    + "s; after that the taint eviction controller deletes it and ", controller(pod), " creates a replacement on another node.")));
        }
        if (WorkloadKind.DAEMON_SET.kind().equals(kind)) {
            f.fix(Prose.of("DaemonSet pods belong to their node and are never moved: repair node ", node, ", or delete the Node (", deleteNode,
                    ") if it is gone for good; DaemonSet ", code(pod.workload().get().name()), " needs nothing else."));
        } else if (WorkloadKind.STATEFUL_SET.kind().equals(kind)) {
            f.fix(Prose.of("StatefulSet pods are not replaced while the old one may still run: once you are sure node ", node, " is down, delete the Node (",
                    deleteNode, ") or force-delete the pod (", forceDelete(pod), ")."));
        } else if (pod.workload().isEmpty()) {
            f.fix(Prose.of("Pod ", code(pod.name()), " has no controller: nothing recreates it. Create it again on a healthy node once the old one is gone."));
        } else {
            f.fix(Prose.of("If node ", node, " will not come back, remove it (", deleteNode, ") so that its pods are cleaned up at once."));
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
        Prose node = node(pod);
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
        Prose evictedFrom = Prose.of("Pod ", code(pod.name()), " was evicted from node ", node);
        if (containerLimit.isPresent()) {
            String c = containerLimit.get().get("container");
            String limit = containerLimit.get().get("limit");
            f.message(evictedFrom.then(" because container ", code(c),
                            " wrote more to local ephemeral storage (writable layer, logs, emptyDir) than its limit of " + limit + "."))
                    .headline(Prose.of("Evicted: container ", code(c), " exceeded its ephemeral-storage limit " + limit))
                    .fix(Prose.of("Raise ", code("spec.containers[" + c + "].resources.limits.ephemeral-storage"), " (now " + limit + ") in the pod template", pod.ownerHint(),
                            " to what the container really writes, or write bulk data to a PersistentVolume instead of the container's filesystem."))
                    .fix(Prose.of("Log to stdout rather than to files inside container ", code(c), ", and clean up temporary files."));
        } else if (podLimit.isPresent()) {
            String limit = podLimit.get().get("limit");
            f.message(evictedFrom.then(" because its containers together used more local ephemeral storage than the sum of their limits (" + limit + ")."))
                    .headline(Prose.words("Evicted: pod exceeded its ephemeral-storage limits (" + limit + ")"))
                    .fix(Prose.of("Raise the containers' ", code("resources.limits.ephemeral-storage"), " (together " + limit + ") in the pod template", pod.ownerHint(),
                            ", or move bulk data (caches, downloads) to a PersistentVolume."));
        } else if (emptyDir.isPresent()) {
            String vol = emptyDir.get().get("volume");
            String limit = emptyDir.get().get("limit");
            f.message(evictedFrom.then(" because emptyDir volume ", code(vol), " grew beyond its sizeLimit " + limit + "."))
                    .headline(Prose.of("Evicted: emptyDir ", code(vol), " exceeded its sizeLimit " + limit))
                    .fix(Prose.of("Raise ", code("spec.volumes[" + vol + "].emptyDir.sizeLimit"), " (now " + limit + ") in the pod template", pod.ownerHint(),
                            ", or clean up what the pod writes there."));
        } else if (low.isPresent()) {
            nodePressure(pod, f, msg, low.get(), node);
        } else {
            f.message(evictedFrom.then(msg.isBlank() ? "." : Prose.of(": ", code(msg))))
                    .headline(Prose.of("Pod evicted from node ", node))
                    .fix(Prose.of("See why node ", node, " evicted pods: ", code("kubectl describe node " + pod.nodeName()),
                            " (conditions MemoryPressure/DiskPressure/PIDPressure and events)."));
        }
        return f.fix(Prose.of("Delete the Failed pod object once you have read it: ", deletePod(pod),
                " (evicted pods stay until the garbage collector's threshold; ", code("kubectl -n " + ns + " delete pods --field-selector=status.phase==Failed"),
                " removes all).")).build();
    }

    private static void nodePressure(PodView pod, Finding.Builder f, String msg, String rawResource, Prose node) {
        String resource = rawResource.replaceAll("\\.+$", "");
        String res = switch (resource) {
            case "DiskPressure", "nodefs", "imagefs", "nodefs.available", "imagefs.available" -> "ephemeral-storage";
            case "MemoryPressure" -> "memory";
            case "PIDPressure" -> "pids";
            default -> resource;
        };
        String threshold = NodeLifecycleSignatures.TABLE.first(Signature.THRESHOLD, msg)
                .map(th -> " (eviction threshold " + th.get("threshold").strip() + ", available " + th.get("available") + ")").orElse("");
        List<Prose> users = new ArrayList<>();
        String worst = null;
        String worstUsage = null;
        String worstRequest = null;
        for (Wording.Hit<Signature> u : NodeLifecycleSignatures.TABLE.all(Signature.USAGE, msg)) {
            String request = u.get("request");
            users.add(Prose.of("container ", code(u.get("container")), " was using " + u.get("usage") + " while requesting " + ("0".equals(request) ? "nothing" : request)));
            if (worst == null) {
                worst = u.get("container");
                worstUsage = u.get("usage");
                worstRequest = request;
            }
        }
        f.message(Prose.of("Pod ", code(pod.name()), " was evicted by the kubelet because node ", node, " ran low on " + res + threshold,
                        users.isEmpty() ? "." : Prose.of("; ", Prose.join(", ", users), ", so it was among the first to go.")))
                .headline(Prose.of("Evicted: node ", node, " ran low on " + res,
                        worst == null ? null : Prose.of(" (container ", code(worst), " used " + worstUsage + ")")));
        if (worst != null && (res.equals("memory") || res.equals("ephemeral-storage"))) {
            f.fix(Prose.of("Raise ", code("spec.containers[" + worst + "].resources.requests." + res), " from " + ("0".equals(worstRequest) ? "nothing" : worstRequest)
                    + " to at least " + worstUsage + " in the pod template", pod.ownerHint(), ": under pressure the kubelet evicts first the pods that use most beyond their requests"
                    + (res.equals("memory") ? "; with requests equal to limits the pod is Guaranteed and evicted last." : ".")));
            if (res.equals("ephemeral-storage")) {
                f.fix(Prose.of("Also set ", code("spec.containers[" + worst + "].resources.limits.ephemeral-storage"),
                        " so that the container, not the node, hits the limit, and move bulk data to a volume."));
            }
        }
        if (res.equals("memory")) {
            f.fix(Prose.of("See what fills node ", node, "'s memory: ", code("kubectl top pods -A --sort-by=memory"), " and ", code("kubectl describe node " + pod.nodeName()),
                    "; add memory to the node pool or spread the memory-heavy pods."));
        } else if (res.equals("ephemeral-storage")) {
            f.fix(Prose.of("Free disk on node ", node, ": unused images (", code("crictl rmi --prune"), "), container logs, emptyDirs; or give the nodes larger disks."));
        } else {
            f.fix(Prose.of("See why node ", node, " ran out of " + res + ": ", code("kubectl describe node " + pod.nodeName()), "."));
        }
    }

    private Finding shutdown(PodView pod) {
        Prose node = node(pod);
        Finding.Builder f = EVICTED.finding().cause("node", pod.nodeName())
                .message(Prose.of("Pod ", code(pod.name()), " was terminated because node ", node, " shut down (graceful node shutdown, reason " + pod.reason() + ")",
                        pod.message().isEmpty() ? "." : Prose.of(": ", code(pod.message()), ".")))
                .headline(Prose.of("Terminated by the shutdown of node ", node))
                .evidence(Evidence.status("status.reason", pod.reason(), pod.message()));
        disruption(pod).ifPresent(f::evidence);
        if (pod.workload().isPresent()) {
            f.fix(Prose.of("Nothing to repair in the pod: ", controller(pod), " creates a replacement. Check why node ", node,
                    " shut down (maintenance, spot/preemptible reclaim, autoscaler scale-down)."));
        } else {
            f.severity(Severity.CRITICAL, BARE)
                    .fix(Prose.of("Pod ", code(pod.name()), " has no controller and will not come back by itself: run it under a Deployment or Job so that node shutdowns are survived."));
        }
        return f.fix(Prose.of("Delete the Failed pod object: ", deletePod(pod), ".")).build();
    }

    private Optional<Finding> taintEviction(PodView pod) {
        List<Event> events = pod.eventsWithReason("TaintManagerEviction");
        if (events.isEmpty() || containsAny(events.get(0).getMessage(), "Cancelling deletion")) {
            return Optional.empty();
        }
        Prose node = node(pod);
        List<String> taints = pod.node().map(NodeLifecycleRules::taintKeys).orElse(List.of()).stream()
                .filter(t -> t.endsWith(":NoExecute")).toList();
        Finding.Builder f = EVICTED.finding().cause("node", pod.nodeName())
                .message(Prose.of("Pod ", code(pod.name()), " was deleted by the taint eviction controller because node ", node, " has a NoExecute taint",
                        taints.isEmpty() ? null : Prose.of(" (", Prose.codes(taints), ")"), " that the pod does not tolerate, or tolerates only for a while."))
                .headline(Prose.of("Evicted by a NoExecute taint on node ", node))
                .evidence(PodView.evidence(events, 1))
                .fix(Prose.of("See the node's taints: ", code("kubectl get node " + pod.nodeName() + " -o jsonpath='{.spec.taints}'"), "; remove a taint set by mistake (",
                        code("kubectl taint nodes " + pod.nodeName() + " <key>:NoExecute-"), "), or add a matching toleration to the pod template", pod.ownerHint(),
                        " if the pod should stay."));
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
        Prose node = node(pod);
        Evidence ev = Evidence.status("status.reason", reason, msg);
        Prose bypass = pod.workload().isEmpty()
                ? Prose.of(" Pods bound with ", code("spec.nodeName"), " (no scheduler) or static pods skip the scheduler's checks and meet them only at the kubelet.")
                : Prose.words(" This happens when the node's capacity or labels changed between scheduling and admission.");
        Prose rejected = Prose.of("The kubelet on node ", node, " rejected pod ", code(pod.name()));
        Prose rejectedBy = Prose.of("Rejected by node ", node, ": ");
        if (reason.startsWith("OutOf")) {
            String resource = PodResources.resourceOfOutOf(reason);
            if (resource.equals("pods")) {
                return Optional.of(Unschedulable.OTHER.finding()
                        .message(rejected.then(": the node already runs its maximum number of pods (" + reason + ").", bypass))
                        .headline(rejectedBy.then("too many pods"))
                        .evidence(ev)
                        .fix(recreate(pod).then(" Or raise the kubelet's ", code("maxPods"), " / add nodes."))
                        .build());
            }
            String detail = NodeLifecycleSignatures.TABLE.first(Signature.OUT_OF, msg).map(m -> {
                String r = m.get("resource");
                return " (requested " + kubeletAmount(r, m.get("requested")) + ", already used " + kubeletAmount(r, m.get("used")) + " of "
                        + kubeletAmount(r, m.get("capacity")) + ")";
            }).orElse("");
            return Optional.of(Unschedulable.INSUFFICIENT.finding()
                    .message(rejected.then(" at admission: not enough " + resource + detail + ".", bypass))
                    .headline(rejectedBy.then("not enough " + resource))
                    .evidence(ev)
                    .fix(Prose.of("Let the scheduler place the pod: do not set ", code("spec.nodeName"), " yourself (use a nodeSelector). ", recreate(pod)))
                    .fix(PodResources.largestRequester(pod, resource)
                            .map(c -> Prose.of("Lower ", code(c.specPath() + ".resources.requests." + resource), " (now "
                                    + PodResources.request(c.spec(), resource).map(q -> PodResources.format(resource, q)).orElse("?") + ")"))
                            .orElse(Prose.of("Lower the containers' ", code("resources.requests." + resource)))
                            .then(" or free " + resource + " on node ", node, "."))
                    .build());
        }
        // NodeAffinity (1.18+) was MatchNodeSelector (≤1.17): "Predicate %s failed"
        if (reason.equals("NodeAffinity") || reason.equals("MatchNodeSelector")
                || NodeLifecycleSignatures.TABLE.says(Signature.PREDICATE, msg)) {
            return Optional.of(Unschedulable.NODE_SELECTOR.finding()
                    .message(rejected.then(": the node's labels do not match the pod's nodeSelector/affinity (", msg.isEmpty() ? reason : code(msg), ").", bypass))
                    .headline(rejectedBy.then("node affinity/selector does not match"))
                    .evidence(ev)
                    .fix(Prose.of("Compare ", code("kubectl get node " + pod.nodeName() + " --show-labels"),
                            " with the pod's nodeSelector/affinity; restore the missing label or correct the selector in the pod template", pod.ownerHint(), "."))
                    .fix(recreate(pod))
                    .build());
        }
        if (reason.equals("UnexpectedAdmissionError")) {
            boolean device = containsAny(msg, "device", "Allocate failed", "resource");
            return Optional.of((device ? Unschedulable.INSUFFICIENT : Unschedulable.OTHER).finding()
                    .message(Prose.of("The kubelet on node ", node, " failed to admit pod ", code(pod.name()), " (UnexpectedAdmissionError): ", code(msg),
                            device ? " The device plugin could not hand out the devices the pod requests." : null))
                    .headline(rejectedBy.then(device ? "devices unavailable" : "unexpected admission error"))
                    .evidence(ev)
                    .fix(device ? Prose.of("Check the device plugin on node ", node,
                                    " (e.g. the nvidia-device-plugin pod in kube-system) and the devices' health; restart it if it lost track of them.")
                            : Prose.of("Read the kubelet's log on node ", node, " around the pod's creation (", code("journalctl -u kubelet"), ")."))
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
        Prose prio = Prose.of("priority " + (priority == null ? 0 : priority), pc == null ? ", no PriorityClass" : Prose.of(", PriorityClass ", code(pc)));
        Prose how = kubeletPreempting
                ? Prose.of("by the kubelet on node ", code(onNode), " to admit a critical pod (kubelet preemption ignores PodDisruptionBudgets)")
                : Prose.of("by the scheduler on node ", code(onNode), " to make room for a pod of higher priority", by == null ? null : Prose.of(" (", code(by), ")"));
        Finding.Builder f = PREEMPTED.finding()
                .severity(pod.workload().isEmpty() ? Severity.CRITICAL : Severity.WARNING, BARE)
                .message(Prose.of("Pod ", code(pod.name()), " (", prio, ") was preempted ", how, "."))
                .headline(Prose.of("Preempted on node ", code(onNode), " by a higher-priority pod"))
                .evidence(PodView.evidence(events, 1));
        cond.ifPresent(c -> f.evidence(Evidence.status("status.conditions[DisruptionTarget]", c.getReason(), c.getMessage())));
        if (kubeletPreempting) {
            f.evidence(Evidence.status("status.reason", pod.reason(), pod.message()));
            f.evidence(PodView.evidence(pod.eventsWithReason("Preempting"), 1));
        }
        if (by != null && by.matches("[0-9a-f-]{36}")) {
            f.fix(Prose.of("Identify the preemptor: ", code("kubectl get pods -A -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name,UID:.metadata.uid | grep " + by), "."));
        } else if (by != null && by.contains("/")) {
            String[] nsName = by.split("/", 2);
            f.fix(Prose.of("See what the preemptor asks for: ", code("kubectl -n " + nsName[0] + " get pod " + nsName[1]
                    + " -o jsonpath='{.spec.priorityClassName} {.spec.priority}'"), "."));
        }
        Prose app = pod.workload().map(w -> Prose.of(w.kind() + " ", code(w.name()))).orElse(Prose.of("pod ", code(pod.name())));
        if (kubeletPreempting) {
            // critical pods have system priorities above any user PriorityClass: a higher priorityClassName does not help here
            f.fix(Prose.of("The kubelet picks its victims among pods of lower priority than the critical pod (every user PriorityClass is), BestEffort and Burstable before Guaranteed: give the containers of ",
                    app, " requests equal to their limits (Guaranteed QoS), and keep room on node ", code(onNode), " for its critical pods (kube-reserved/system-reserved)."));
            f.fix(pod.workload().isPresent() ? Prose.of(controller(pod), " re-creates the pod elsewhere; delete the Failed one: ", deletePod(pod), ".")
                    : Prose.of("Pod ", code(pod.name()), " has no controller: create it again (on another node)."));
            return Optional.of(f.build());
        }
        f.fix(Prose.of("If pod ", code(pod.name()), " matters as much, give its pod template", pod.ownerHint(), " a higher ", code("priorityClassName"), " (",
                code("kubectl get priorityclass"), "); otherwise expect its controller to re-create it when room frees up."));
        f.fix(Prose.of("Cover ", app, " with a PodDisruptionBudget: the scheduler prefers victims whose PodDisruptionBudget allows the disruption (best effort: it still preempts when no other choice is left)."));
        pod.workload().filter(w -> w.is(WorkloadKind.JOB)).ifPresent(w -> f.fix(Prose.of("A preempted pod counts as a failure against the backoffLimit of Job ", code(w.name()),
                ": add a ", code("spec.podFailurePolicy"), " rule with ", code("action: Ignore"), " and ", code("onPodConditions: [{type: DisruptionTarget}]"),
                " so that preemptions do not fail the Job.")));
        return Optional.of(f.fix(Prose.of("Add capacity so that high-priority pods need not preempt, or set ", code("preemptionPolicy: Never"),
                        " on the PriorityClass of the preempting pods."))
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
        List<Prose> why = new ArrayList<>();
        if (!finalizers.isEmpty()) {
            why.add(Prose.of("finalizer(s) ", Prose.codes(finalizers), " have not been removed"));
        }
        if (trouble.isPresent()) {
            why.add(Prose.of("node ", code(trouble.get().node()), " is lost, so its kubelet cannot confirm that the containers stopped"));
        }
        if (why.isEmpty()) {
            why.add(Prose.of("the kubelet on node ", node(pod),
                    " has not finished stopping the containers (a hanging preStop hook, a container that ignores SIGTERM and cannot be killed, or a stuck runtime)"));
        }
        Finding.Builder f = TERMINATING_STUCK.finding()
                .message(Prose.of("Pod ", code(pod.name()), " was deleted but is still there " + Timestamps.human(over) + " after its grace period"
                        + (grace == null ? "" : " of " + grace + "s") + " ended (" + deletion.get() + "): ", Prose.join("; ", why), "."))
                .headline(Prose.of("Stuck terminating for " + Timestamps.human(over), finalizers.isEmpty() ? null : Prose.of(" (finalizer ", Prose.codes(finalizers), ")")))
                .evidence(Evidence.status("metadata.deletionTimestamp", null, deletion.get() + (grace == null ? "" : " (grace period " + grace + "s)")
                        + (finalizers.isEmpty() ? "" : "; finalizers: " + String.join(", ", finalizers))))
                .evidence(PodView.evidence(pod.eventsWithReason("Killing", "FailedKillPod", "FailedPreStopHook"), 2));
        trouble.ifPresent(t -> f.evidence(t.evidence()));
        if (!finalizers.isEmpty()) {
            f.fix(Prose.of("Find the controller that owns finalizer(s) ", Prose.codes(finalizers),
                    " and why it does not remove them (its logs). Only if it is gone for good, remove them with caution (its cleanup will not run): ",
                    code("kubectl -n " + pod.namespace() + " patch pod " + pod.name() + " -p '{\"metadata\":{\"finalizers\":null}}'"), "."));
        }
        if (trouble.isPresent()) {
            f.fix(Prose.of("Once you are sure node ", code(trouble.get().node()), " is down, force-delete the pod: ", forceDelete(pod),
                    " (for StatefulSet pods make sure the old instance really stopped: two pods with one identity corrupt data), or delete the Node."));
        } else if (finalizers.isEmpty()) {
            f.fix(Prose.of("Look at the kubelet on node ", node(pod), ": ", code("journalctl -u kubelet | grep " + pod.name()), " and ", code("crictl ps -a | grep " + pod.name()),
                            " show what keeps the containers from stopping."))
                    .fix(Prose.of("As a last resort: ", forceDelete(pod), " (the containers may keep running on the node until the kubelet cleans them up)."));
        }
        return Optional.of(f.build());
    }

    // ---------------------------------------------------------------- deadline

    private Finding deadline(PodView pod) {
        Long deadline = pod.spec().getActiveDeadlineSeconds();
        String job = pod.workload().filter(w -> w.is(WorkloadKind.JOB)).map(w -> w.name()).orElse(null);
        String limit = deadline == null ? "its activeDeadlineSeconds" : "spec.activeDeadlineSeconds=" + deadline + " (" + Timestamps.human(Duration.ofSeconds(deadline)) + ")";
        Finding.Builder f = DEADLINE_EXCEEDED.finding()
                .message(Prose.of("Pod ", code(pod.name()), " was active longer than " + limit
                        + (pod.status().getStartTime() == null ? "" : " since it started at " + pod.status().getStartTime()) + ", so the kubelet stopped it",
                        quoted(pod.message()), "."))
                .headline(Prose.words("Active deadline exceeded (" + (deadline == null ? "activeDeadlineSeconds" : deadline + "s") + ")"))
                .evidence(Evidence.status("status.reason", pod.reason(), pod.message()));
        if (deadline != null) {
            f.evidence(Evidence.spec("spec.activeDeadlineSeconds", String.valueOf(deadline)));
        }
        String now = deadline == null ? "" : " (now " + deadline + ")";
        Prose field = code("spec.activeDeadlineSeconds");
        if (pod.workload().isEmpty()) {
            // a bare pod stays Failed: nothing re-creates it, and the field of an existing pod can only be lowered
            f.fix(Prose.of("Pod ", code(pod.name()), " has no controller and stays Failed: delete it (", deletePod(pod), ") and create it again with a higher ", field, now
                    + ", or none if it is meant to run for good."));
        } else {
            Matcher cron = job == null ? null : CRONJOB_JOB.matcher(job);
            if (cron != null && cron.matches()) {
                f.fix(Prose.of("Raise ", field, now + " to the time the work really needs, or make it finish faster. The pod template of Job ", code(job),
                        " cannot be edited; the Job is named like a run of CronJob ", code(cron.group(1)), ": change ", code("spec.jobTemplate.spec.template.spec.activeDeadlineSeconds"),
                        " there (", code("kubectl -n " + pod.namespace() + " edit cronjob " + cron.group(1)), ") and the next run picks it up."));
            } else {
                f.fix(Prose.of("Raise ", field, now + " in the pod template", pod.ownerHint(), " to the time the work really needs, or make it finish faster"
                        + (job == null ? "." : " (a Job's pod template cannot be edited: re-create the Job).")));
            }
        }
        if (job != null) {
            f.fix(Prose.of("To bound the whole Job rather than each pod, use ", field, " of Job ", code(job), " and see its earlier runs: ",
                    code("kubectl -n " + pod.namespace() + " get pods -l job-name=" + job), "."));
        }
        return f.build();
    }

    /** "Deployment `web`" or "its controller". */
    private static Prose controller(PodView pod) {
        return pod.workload().map(w -> Prose.of(w.kind() + " ", code(w.name()))).orElse(Prose.words("its controller"));
    }

    /** How to get a rejected pod placed again. */
    private static Prose recreate(PodView pod) {
        return pod.workload().isPresent()
                ? Prose.of("Delete the rejected pod (", deletePod(pod), ") so that ", controller(pod), " creates a new one for the scheduler to place.")
                : Prose.of("Pod ", code(pod.name()), " has no controller: delete it (", deletePod(pod), ") and create it again without ", code("spec.nodeName"),
                        ", so that the scheduler picks a node that fits.");
    }

    private static Prose deletePod(PodView pod) {
        return code("kubectl -n " + pod.namespace() + " delete pod " + pod.name());
    }

    private static Prose forceDelete(PodView pod) {
        return code("kubectl -n " + pod.namespace() + " delete pod " + pod.name() + " --grace-period=0 --force");
    }

    private static Prose node(PodView pod) {
        return pod.nodeName() == null ? Prose.words("(unknown)") : code(pod.nodeName());
    }
}
