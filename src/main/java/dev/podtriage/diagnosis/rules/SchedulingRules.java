package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;
import static dev.podtriage.diagnosis.Prose.code;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Timestamps;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scheduling: why the scheduler places the pod on no node. The scheduler's verdict is read from
 * the latest {@code FailedScheduling} event or, when events have expired, from the
 * {@code PodScheduled=False} condition, whose message is the same text. Every distinct cause
 * in that text ("2 Insufficient cpu, 1 node(s) had untolerated taint {…}, …") becomes its own
 * finding; the "preemption:" tail only says whether preempting would help and is not a cause.
 *
 * <p>Ordering: all causes block the pod, but the one that rules out the most nodes is the one to
 * fix first. The engine orders findings of a stage by severity, so the cause(s) covering the most
 * nodes keep the rule's severity (critical) and the others are reported as warnings.
 */
public final class SchedulingRules implements RuleFamily {

    public static final RuleDefinition INSUFFICIENT = Unschedulable.INSUFFICIENT;
    public static final RuleDefinition NODE_SELECTOR = Unschedulable.NODE_SELECTOR;
    public static final RuleDefinition TAINT = CatalogEntries.define(RuleId.UNSCHEDULABLE_TAINT,
            SchedulingSignatures.detection(Kind.TAINT, ""));
    public static final RuleDefinition PVC = CatalogEntries.define(RuleId.UNSCHEDULABLE_PVC,
            SchedulingSignatures.detection(Kind.PVC, ""));
    public static final RuleDefinition OTHER = Unschedulable.OTHER;
    public static final RuleDefinition PENDING = CatalogEntries.define(RuleId.PENDING_NOT_SCHEDULED,
            "Phase Pending, no spec.nodeName, no PodScheduled condition (or one with reason SchedulingGated) and no FailedScheduling event, for longer than the pending threshold.");

    private static final String DEFAULT_SCHEDULER = "default-scheduler";
    private static final Pattern NEW_HEADER = Pattern.compile("^(\\d+)/(\\d+) nodes are available:?\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern OLD_HEADER = Pattern.compile("^No nodes are available that match all of the (?:following )?(?:predicates|filters):*\\s*(.*)$",
            Pattern.DOTALL);
    /** Before 1.6: "pod (x) failed to fit in any node" then one line per node, or (1.5) a summary line. */
    private static final Pattern OLDEST_HEADER = Pattern.compile("^pod \\([^)]*\\) failed to fit in any node\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern FIT_FAILURE_ON_NODE = Pattern.compile("fit failure on node \\([^)\\n]{0,253}\\):\\s*(.+)");
    private static final Pattern FIT_FAILURE_SUMMARY = Pattern.compile("fit failure summary on nodes\\s*:\\s*(.+)", Pattern.DOTALL);
    private static final Pattern COUNTED = Pattern.compile("^(\\d+)\\s+(.*)$", Pattern.DOTALL);
    private static final Pattern PREDICATE = Pattern.compile("^(.{0,1024}?)\\s{0,8}\\((\\d{1,9})\\)$");
    private static final Pattern TAINT_KV = Pattern.compile("\\{([^}]*)\\}");
    private static final Pattern CLAIM_NOT_FOUND = Pattern.compile("persistentvolumeclaim \"([^\"]+)\" (not found|is being deleted)");

    /** The kinds of cause a FailedScheduling text can hold, one rule each. */
    enum Kind {
        RESOURCES, SELECTOR, TAINT, PVC, OTHER
    }

    /** One reason of the scheduler's histogram: "2 Insufficient cpu" is (RESOURCES, 2, "Insufficient cpu"). */
    record Cause(Kind kind, int nodes, String text) {
    }

    /** A parsed FailedScheduling text: the number of nodes (-1 when not said) and its causes. */
    record Verdict(int totalNodes, List<Cause> causes) {
    }

    @Override
    public List<RuleDefinition> rules() {
        return List.of(INSUFFICIENT, NODE_SELECTOR, TAINT, PVC, OTHER, PENDING);
    }

    @Override
    public List<Finding> detect(PodView pod) {
        if (scheduled(pod) || !(pod.phase().isEmpty() || pod.phase().equals("Pending"))) {
            // a pod on a node is past scheduling: earlier FailedScheduling events are history
            return List.of();
        }
        Optional<PodCondition> unschedulable = pod.condition("PodScheduled")
                .filter(c -> "False".equalsIgnoreCase(c.getStatus()) && !"SchedulingGated".equals(c.getReason()));
        List<Event> failed = pod.eventsWithReason("FailedScheduling");
        String text = unschedulable.map(PodCondition::getMessage).filter(m -> m != null && !m.isBlank())
                .orElse(failed.isEmpty() ? null : failed.get(0).getMessage());
        if (unschedulable.isEmpty() && failed.isEmpty()) {
            return pendingNotScheduled(pod).map(List::of).orElse(List.of());
        }
        List<Evidence> evidence = new ArrayList<>();
        unschedulable.ifPresent(c -> evidence.add(Evidence.status("status.conditions[PodScheduled]", c.getReason(), c.getMessage())));
        evidence.addAll(PodView.evidence(failed, 1));
        if (text == null || text.isBlank()) {
            return List.of(OTHER.finding()
                    .message(Prose.of("The scheduler could not place pod ", code(pod.name()), " on any node but gave no reason"
                            + " (PodScheduled=False, reason " + unschedulable.map(PodCondition::getReason).orElse("?") + ")."))
                    .headline(Prose.words("Pod cannot be scheduled (no reason given)"))
                    .evidence(evidence)
                    .fix(schedulerLog(pod).then(": ", code("kubectl -n kube-system logs -l component=kube-scheduler | grep " + pod.name()), "."))
                    .build());
        }
        Verdict verdict = parse(text);
        if (verdict.causes().isEmpty()) {
            // "0/3 nodes are available: ." without reasons: quote it rather than stay silent
            verdict = new Verdict(verdict.totalNodes(), List.of(new Cause(Kind.OTHER, verdict.totalNodes(), text.strip())));
        }
        return findings(pod, verdict, evidence);
    }

    private static boolean scheduled(PodView pod) {
        return pod.boundToNode();
    }

    // ---------------------------------------------------------------- parsing

    /** Parses the new ("0/5 nodes are available: …"), old and oldest ("No nodes are available that match …") forms. */
    static Verdict parse(String message) {
        String text = message == null ? "" : message.strip();
        int preemption = text.indexOf("preemption:");
        if (preemption >= 0) {
            text = text.substring(0, preemption).strip();
        }
        text = stripDot(text);
        List<Cause> causes = new ArrayList<>();
        Matcher m = NEW_HEADER.matcher(text);
        if (m.matches()) {
            int total = Integer.parseInt(m.group(2));
            String body = stripDot(m.group(3).strip());
            for (String entry : body.split(",\\s*(?=\\d+\\s)")) {
                String e = stripDot(entry.strip());
                if (e.isEmpty()) {
                    continue;
                }
                Matcher counted = COUNTED.matcher(e);
                if (counted.matches()) {
                    causes.add(new Cause(classify(counted.group(2)), Integer.parseInt(counted.group(1)), counted.group(2)));
                } else {
                    // a PreFilter verdict ("persistentvolumeclaim "x" not found") rules out every node
                    causes.add(new Cause(classify(e), total, e));
                }
            }
            return new Verdict(total, causes);
        }
        Matcher oldest = OLDEST_HEADER.matcher(text);
        if (oldest.matches()) {
            return oldest(oldest.group(1));
        }
        Matcher old = OLD_HEADER.matcher(text);
        if (old.matches()) {
            for (String entry : old.group(1).split(",\\s*")) {
                String e = stripDot(entry.strip());
                Matcher p = PREDICATE.matcher(e);
                if (p.matches()) {
                    causes.add(new Cause(classify(p.group(1)), Integer.parseInt(p.group(2)), p.group(1)));
                } else if (!e.isEmpty()) {
                    causes.add(new Cause(classify(e), -1, e));
                }
            }
            return new Verdict(-1, causes);
        }
        // a bare plugin error ("running PreBind plugin "VolumeBinding": …", "binding rejected: …")
        if (!text.isEmpty()) {
            causes.add(new Cause(classify(text), -1, text));
        }
        return new Verdict(-1, causes);
    }

    /** The per-node lines (≤1.4, each node's first failing predicate) or the summary (1.5) of the oldest form. */
    private static Verdict oldest(String body) {
        List<Cause> causes = new ArrayList<>();
        Matcher summary = FIT_FAILURE_SUMMARY.matcher(body);
        if (summary.find()) {
            for (String entry : summary.group(1).split(",\\s*")) {
                Matcher p = PREDICATE.matcher(stripDot(entry.strip()));
                if (p.matches()) {
                    causes.add(new Cause(classify(p.group(1)), Integer.parseInt(p.group(2)), p.group(1)));
                }
            }
            return new Verdict(-1, causes);
        }
        Map<String, Integer> perReason = new LinkedHashMap<>();
        Matcher line = FIT_FAILURE_ON_NODE.matcher(body);
        int nodes = 0;
        while (line.find()) {
            perReason.merge(stripDot(line.group(1).strip()), 1, Integer::sum);
            nodes++;
        }
        perReason.forEach((reason, n) -> causes.add(new Cause(classify(reason), n, reason)));
        return new Verdict(nodes == 0 ? -1 : nodes, causes);
    }

    static Kind classify(String reason) {
        return SchedulingSignatures.classify(reason);
    }

    private static String stripDot(String s) {
        String t = s.strip();
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t;
    }

    // ---------------------------------------------------------------- findings

    private static final Prose UNCORDON = code("kubectl uncordon <node>");
    private static final Prose SHOW_LABELS = code("kubectl get nodes --show-labels");
    private static final Prose PREFERRED = code("preferredDuringSchedulingIgnoredDuringExecution");
    private static final Prose WAIT_FOR_FIRST_CONSUMER = code("volumeBindingMode: WaitForFirstConsumer");

    private List<Finding> findings(PodView pod, Verdict verdict, List<Evidence> evidence) {
        Map<Kind, List<Cause>> byKind = new EnumMap<>(Kind.class);
        for (Cause c : verdict.causes()) {
            byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c);
        }
        Map<Kind, Integer> nodes = new EnumMap<>(Kind.class);
        byKind.forEach((k, cs) -> nodes.put(k, cs.stream().mapToInt(Cause::nodes).max().orElse(-1)));
        int most = nodes.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        String nominated = pod.status().getNominatedNodeName();
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<Kind, List<Cause>> e : byKind.entrySet()) {
            Finding.Builder f = switch (e.getKey()) {
                case RESOURCES -> insufficient(pod, verdict, e.getValue());
                case SELECTOR -> selector(pod, verdict, e.getValue());
                case TAINT -> taint(pod, verdict, e.getValue());
                case PVC -> pvc(pod, verdict, e.getValue());
                case OTHER -> other(pod, verdict, e.getValue());
            };
            // the causes ruling out most nodes first (see the class comment); unknown counts stay critical
            if (nodes.get(e.getKey()) < most && nodes.get(e.getKey()) >= 0) {
                f.severity(Severity.WARNING, "a secondary cause: it rules out " + nodes.get(e.getKey()) + " node(s), another cause " + most);
            }
            if (nominated != null && !nominated.isBlank()) {
                f.fix(Prose.of("The scheduler has nominated node ", code(nominated),
                        " after preempting lower-priority pods: the pod should be placed there once they have terminated."));
            }
            out.add(f.evidence(evidence).build());
        }
        return out;
    }

    private static String nodesOf(Verdict v, int n) {
        String total = v.totalNodes() >= 0 ? " of " + v.totalNodes() : "";
        return n < 0 ? "nodes" : n + total + " node" + (n == 1 && total.isEmpty() ? "" : "s");
    }

    /** "Read the scheduler's log for pod `ns/name`". */
    private static Prose schedulerLog(PodView pod) {
        return Prose.of("Read the scheduler's log for pod ", code(pod.namespace() + "/" + pod.name()));
    }

    private Finding.Builder insufficient(PodView pod, Verdict v, List<Cause> causes) {
        Map<String, Integer> resources = new LinkedHashMap<>();
        for (Cause c : causes) {
            String r = c.text().replaceFirst("(?i)^insufficient\\s+", "").strip();
            if (r.equalsIgnoreCase("PodFitsResources")) {
                r = "cpu/memory";
            }
            resources.merge(r, c.nodes(), Math::max);
        }
        List<String> requested = new ArrayList<>();
        List<String> lacking = new ArrayList<>();
        for (Map.Entry<String, Integer> r : resources.entrySet()) {
            PodResources.podRequest(pod, r.getKey())
                    .ifPresent(q -> requested.add(PodResources.format(r.getKey(), q) + " " + r.getKey()));
            lacking.add(nodesOf(v, r.getValue()) + " have insufficient " + r.getKey());
        }
        String names = String.join(", ", resources.keySet());
        Finding.Builder f = INSUFFICIENT.finding()
                .message(Prose.of("No node has enough free " + names + " for pod ", code(pod.name()), ": it "
                        + (requested.isEmpty() ? "has no explicit requests for " + names : "requests " + String.join(" and ", requested))
                        + "; " + String.join(", ", lacking) + "."))
                .headline(Prose.words("No node has enough free " + names + (requested.isEmpty() ? "" : " (pod requests " + String.join(", ", requested) + ")")));
        for (String r : resources.keySet()) {
            Optional<ContainerView> biggest = PodResources.largestRequester(pod, r);
            Optional<BigDecimal> total = PodResources.podRequest(pod, r);
            if (biggest.isPresent()) {
                ContainerView c = biggest.get();
                String now = PodResources.request(c.spec(), r).map(q -> PodResources.format(r, q)).orElse("?");
                f.fix(Prose.of("Lower ", code(c.specPath() + ".resources.requests." + r), " (now " + now + " " + r + "; the pod asks for "
                        + total.map(q -> PodResources.format(r, q)).orElse(now) + " " + r + " in total) in the pod template", pod.ownerHint(),
                        " to what it really uses, so that it fits a node's free allocatable " + r + " (see ", code("kubectl describe nodes"),
                        ", section \"Allocated resources\")."));
            }
            if (r.contains("/")) {
                f.fix(Prose.of("Add nodes that offer ", code(r), " (e.g. a GPU node pool) and check that its device plugin advertises it: ",
                        code("kubectl get nodes -o custom-columns=NAME:.metadata.name,RESOURCE:.status.allocatable." + r.replace(".", "\\.")), "."));
            }
        }
        return f.fix(Prose.of("Or add capacity: larger or more nodes in the node pool, or let the cluster-autoscaler scale it up (its events on the pod say ",
                code("TriggeredScaleUp"), " or ", code("NotTriggerScaleUp"), " and why)."));
    }

    private Finding.Builder selector(PodView pod, Verdict v, List<Cause> causes) {
        List<Prose> terms = selectorTerms(pod);
        Prose named = Prose.join(", ", terms);
        int n = causes.stream().mapToInt(Cause::nodes).max().orElse(-1);
        Finding.Builder f = NODE_SELECTOR.finding().cause("node-selector", named.plain())
                .message(Prose.of("No node matches the placement rules of pod ", code(pod.name()), ": ",
                        terms.isEmpty() ? "its node affinity/selector" : named, " (" + nodesOf(v, n) + " did not match)."))
                .headline(Prose.of("No node matches ", terms.isEmpty() ? "the pod's node selector" : named));
        Map<String, String> sel = pod.spec().getNodeSelector();
        if (sel != null && !sel.isEmpty()) {
            String label = sel.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "," + b).orElse("");
            f.evidence(Evidence.spec("spec.nodeSelector", label));
            f.fix(Prose.of("Find the nodes that carry ", code(label), ": ", code("kubectl get nodes -l " + label), " (none do now)."));
            f.fix(Prose.of("Correct ", code("spec.nodeSelector"), " in the pod template", pod.ownerHint(), " to labels your nodes carry (", SHOW_LABELS,
                    "), or label the intended node: ", code("kubectl label node <node> " + label.replace(",", " ")), "."));
        }
        List<String> affinity = requiredNodeAffinity(pod);
        if (!affinity.isEmpty()) {
            f.evidence(Evidence.spec("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution", String.join(" OR ", affinity)));
            f.fix(Prose.of("Check the required node affinity ", anyOf(affinity), " against the node labels (", code("kubectl get nodes -L " + affinityKeys(pod)),
                    "); relax it in the pod template", pod.ownerHint(), " or move it to ", PREFERRED, "."));
        }
        if (terms.isEmpty()) {
            f.fix(Prose.of("Compare the pod's ", code("spec.nodeSelector"), " and ", code("spec.affinity.nodeAffinity"), " with the node labels (", SHOW_LABELS,
                    ") and correct them in the pod template", pod.ownerHint(), "."));
        }
        return f;
    }

    static List<Prose> selectorTerms(PodView pod) {
        List<Prose> out = new ArrayList<>();
        Map<String, String> sel = pod.spec().getNodeSelector();
        if (sel != null) {
            sel.forEach((k, val) -> out.add(Prose.of("nodeSelector ", code(k + "=" + val))));
        }
        List<String> aff = requiredNodeAffinity(pod);
        if (!aff.isEmpty()) {
            out.add(Prose.of("required node affinity ", anyOf(aff)));
        }
        return out;
    }

    /** The terms of a required node affinity, each as code: {@code `a In (x)` OR `b Exists`}. */
    private static Prose anyOf(List<String> affinityTerms) {
        return Prose.join(" OR ", affinityTerms.stream().map(Prose::code).toList());
    }

    private static List<NodeSelectorTerm> nodeTerms(PodView pod) {
        Affinity a = pod.spec().getAffinity();
        if (a == null || a.getNodeAffinity() == null || a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return List.of();
        }
        List<NodeSelectorTerm> terms = a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        return terms == null ? List.of() : terms;
    }

    /** Each term of the required node affinity as one line: {@code zone In (a, b) AND arch Exists}. */
    private static List<String> requiredNodeAffinity(PodView pod) {
        List<String> out = new ArrayList<>();
        for (NodeSelectorTerm t : nodeTerms(pod)) {
            List<String> reqs = new ArrayList<>();
            for (NodeSelectorRequirement r : t.getMatchExpressions() == null ? List.<NodeSelectorRequirement>of() : t.getMatchExpressions()) {
                reqs.add(r.getKey() + " " + r.getOperator() + (r.getValues() == null || r.getValues().isEmpty() ? "" : " (" + String.join(", ", r.getValues()) + ")"));
            }
            for (NodeSelectorRequirement r : t.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : t.getMatchFields()) {
                reqs.add(r.getKey() + " " + r.getOperator() + (r.getValues() == null ? "" : " (" + String.join(", ", r.getValues()) + ")"));
            }
            if (!reqs.isEmpty()) {
                out.add(String.join(" AND ", reqs));
            }
        }
        return out;
    }

    private static String affinityKeys(PodView pod) {
        List<String> keys = new ArrayList<>();
        for (NodeSelectorTerm t : nodeTerms(pod)) {
            if (t.getMatchExpressions() != null) {
                t.getMatchExpressions().stream().map(NodeSelectorRequirement::getKey).filter(Objects::nonNull)
                        .filter(k -> !keys.contains(k)).forEach(keys::add);
            }
        }
        return String.join(",", keys);
    }

    private Finding.Builder taint(PodView pod, Verdict v, List<Cause> causes) {
        Map<String, Integer> taints = new LinkedHashMap<>();
        for (Cause c : mostNodesFirst(causes)) {
            Matcher m = TAINT_KV.matcher(c.text());
            taints.merge(m.find() ? m.group(1).strip() : "", c.nodes(), Math::max);
        }
        List<Prose> described = new ArrayList<>();
        List<Prose> fixes = new ArrayList<>();
        boolean onlyControlPlane = true;
        for (Map.Entry<String, Integer> t : taints.entrySet()) {
            String kv = t.getKey();
            if (kv.isEmpty()) {
                described.add(Prose.words(nodesOf(v, t.getValue()) + " with taints the pod does not tolerate"));
                fixes.add(Prose.of("List the nodes' taints (", code("kubectl get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints"),
                        ") and add a toleration to ", code("spec.tolerations"), " in the pod template", pod.ownerHint(), " for the one the pod is meant to tolerate."));
                onlyControlPlane = false;
                continue;
            }
            int colon = kv.indexOf(':');
            String key = (colon < 0 ? kv : kv.substring(0, colon)).strip();
            String value = colon < 0 ? "" : kv.substring(colon + 1).strip();
            Prose taint = kubectlTaint(kv);
            String wellKnown = wellKnownTaint(key);
            described.add(Prose.of(nodesOf(v, t.getValue()) + " tainted ", taint, wellKnown == null ? "" : " (" + wellKnown + ")"));
            if (!key.startsWith("node-role.kubernetes.io/")) {
                onlyControlPlane = false;
            }
            if (key.startsWith("node.kubernetes.io/") || key.startsWith("node.cloudprovider.kubernetes.io/")) {
                fixes.add(nodeConditionFix(key));
            } else if (key.startsWith("node-role.kubernetes.io/")) {
                fixes.add(Prose.of(code(key), " marks control-plane nodes, which are not meant for workloads: the other causes keep the pod off the worker nodes. Only if pod ",
                        code(pod.name()), " must run on the control plane, add ",
                        code("tolerations: [{key: \"" + key + "\", operator: \"Exists\", effect: \"NoSchedule\"}]"), "."));
            } else {
                String toleration = value.isEmpty()
                        ? "{key: \"" + key + "\", operator: \"Exists\", effect: \"NoSchedule\"}"
                        : "{key: \"" + key + "\", operator: \"Equal\", value: \"" + value + "\", effect: \"NoSchedule\"}";
                fixes.add(Prose.of("If pod ", code(pod.name()), " belongs on the nodes tainted ", taint, ", add to ", code("spec.tolerations"),
                        " in the pod template", pod.ownerHint(), ": ", code(toleration), " (use the taint's real effect, NoSchedule or NoExecute, from ",
                        code("kubectl describe node"), ")."));
                fixes.add(Prose.of("Otherwise make room on untainted nodes, or remove the taint from a node: ",
                        code("kubectl taint nodes <node> " + key + (value.isEmpty() ? "" : "=" + value) + ":NoSchedule-"), "."));
            }
        }
        Finding.Builder f = TAINT.finding().cause("taint", taints.keySet().stream().filter(k -> !k.isEmpty()).findFirst().orElse(null))
                .message(Prose.of("Pod ", code(pod.name()), " tolerates none of the taints that rule out nodes: ", Prose.join("; ", described), "."
                        + (onlyControlPlane ? " These are control-plane nodes, normally not for workloads." : "")))
                .headline(Prose.of("Nodes have untolerated taint ", Prose.join(", ", taints.keySet().stream().map(SchedulingRules::kubectlTaint).toList())));
        fixes.forEach(f::fix);
        return f;
    }

    /** "dedicated: gpu" as kubectl writes taints: {@code dedicated=gpu:NoSchedule} (the scheduler's text has no effect; NoSchedule is the usual one). */
    private static Prose kubectlTaint(String kv) {
        if (kv.isEmpty()) {
            return Prose.words("(taints not named)");
        }
        int colon = kv.indexOf(':');
        String key = (colon < 0 ? kv : kv.substring(0, colon)).strip();
        String value = colon < 0 ? "" : kv.substring(colon + 1).strip();
        return code(key + (value.isEmpty() ? "" : "=" + value) + ":NoSchedule");
    }

    private static List<Cause> mostNodesFirst(List<Cause> causes) {
        List<Cause> sorted = new ArrayList<>(causes);
        sorted.sort((a, b) -> Integer.compare(b.nodes(), a.nodes()));
        return sorted;
    }

    private static String wellKnownTaint(String key) {
        return switch (key) {
            case "node.kubernetes.io/not-ready" -> "the nodes are NotReady";
            case "node.kubernetes.io/unreachable" -> "the node controller lost contact with the nodes";
            case "node.kubernetes.io/memory-pressure" -> "the nodes are under memory pressure";
            case "node.kubernetes.io/disk-pressure" -> "the nodes are under disk pressure";
            case "node.kubernetes.io/pid-pressure" -> "the nodes are running out of process IDs";
            case "node.kubernetes.io/network-unavailable" -> "the nodes' network (CNI) is not set up";
            case "node.kubernetes.io/unschedulable" -> "the nodes are cordoned";
            case "node.cloudprovider.kubernetes.io/uninitialized" -> "the cloud controller has not initialised the nodes";
            case "node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master" -> "control-plane nodes";
            default -> null;
        };
    }

    private static Prose nodeConditionFix(String key) {
        return switch (key) {
            case "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" ->
                    Prose.of("Do not tolerate ", code(key), ": repair the nodes. ", code("kubectl get nodes"), " shows which are NotReady; ",
                            code("kubectl describe node <node>"), " shows the failing condition (kubelet stopped, CNI not ready, disk/memory pressure).");
            case "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/pid-pressure" ->
                    Prose.of("Relieve the pressure on the nodes tainted ", code(key), " (free memory/disk, prune images with ", code("crictl rmi --prune"),
                            ") or add nodes; tolerating ", code(key), " would only make things worse.");
            case "node.kubernetes.io/network-unavailable" ->
                    Prose.of("Fix the network plugin on the nodes tainted ", code(key), " (its DaemonSet pods in kube-system must be Running).");
            case "node.kubernetes.io/unschedulable" -> Prose.of("The nodes are cordoned: ", UNCORDON, " once their maintenance is over.");
            default -> Prose.of("Wait for or fix the cloud controller manager that initialises nodes (it removes ", code(key), ").");
        };
    }

    private Finding.Builder pvc(PodView pod, Verdict v, List<Cause> causes) {
        Map<String, String> claims = PodVolumes.claims(pod);
        List<String> missing = new ArrayList<>();
        for (Cause c : causes) {
            Matcher m = CLAIM_NOT_FOUND.matcher(c.text());
            while (m.find()) {
                missing.add(m.group(1));
            }
        }
        String ns = pod.namespace();
        boolean unbound = causes.stream().anyMatch(c -> containsAny(c.text(), "unbound"));
        boolean noPv = causes.stream().anyMatch(c -> containsAny(c.text(), "didn't find available persistent volumes"));
        boolean storage = causes.stream().anyMatch(c -> containsAny(c.text(), "enough free storage"));
        Finding.Builder f = PVC.finding().cause("pvc", ns, String.join(",", missing.isEmpty() ? claims.keySet() : missing));
        if (!missing.isEmpty()) {
            Prose names = Prose.codes(missing);
            f.message(Prose.of("PersistentVolumeClaim ", names, " that pod ", code(pod.name()), " mounts", volumeOf(claims, missing),
                            " does not exist in namespace ", code(ns), ", so the pod cannot be scheduled."))
                    .headline(Prose.of("PersistentVolumeClaim ", names, " not found"));
            for (String claim : missing) {
                f.fix(Prose.of("Create PersistentVolumeClaim ", code(claim), " in namespace ", code(ns), " (", code("kubectl -n " + ns + " get pvc"),
                        " lists the existing ones), or correct ", code("spec.volumes[" + claims.getOrDefault(claim, "?") + "].persistentVolumeClaim.claimName"),
                        " in the pod template", pod.ownerHint(), "."));
            }
            return f;
        }
        List<String> names = new ArrayList<>(claims.keySet());
        Prose named = names.isEmpty() ? Prose.words("its PersistentVolumeClaim(s)") : Prose.of("PersistentVolumeClaim ", Prose.codes(names));
        if (noPv || storage) {
            f.message(Prose.of("No node can offer a volume for ", named, " of pod ", code(pod.name()), ": "
                    + (noPv ? "no available PersistentVolume matches the claim on the nodes" : "the nodes lack free storage for the claim") + "."));
        } else {
            f.message(Prose.of("Pod ", code(pod.name()), " waits for ", named, names.isEmpty() ? Prose.EMPTY : volumeOf(claims, names), " in namespace ", code(ns),
                    " to be bound" + (unbound ? " (unbound immediate PersistentVolumeClaims)" : "") + ": no PersistentVolume has been provisioned or matched."));
        }
        f.headline(named.then(" is not bound"));
        for (String claim : names.isEmpty() ? List.of("<claim>") : names) {
            f.fix(Prose.of("See why ", code(claim), " is not bound: ", code("kubectl -n " + ns + " describe pvc " + claim),
                    " (the provisioner's events say it: unknown StorageClass, quota, provisioning errors)."));
        }
        return f.fix(Prose.of("Check that the claim's StorageClass exists and has a working provisioner (", code("kubectl get storageclass"),
                        "); without dynamic provisioning create a PersistentVolume that matches its size, access mode and class."))
                .fix(Prose.of("With static volumes and ", WAIT_FOR_FIRST_CONSUMER, ", the PV's node affinity must match a node the pod can use."));
    }

    /** " (volume `data`)": the pod's volumes that mount these claims. */
    private static Prose volumeOf(Map<String, String> claims, List<String> names) {
        List<String> vols = names.stream().map(claims::get).filter(Objects::nonNull).toList();
        return vols.isEmpty() ? Prose.EMPTY : Prose.of(" (volume ", Prose.codes(vols), ")");
    }

    private Finding.Builder other(PodView pod, Verdict v, List<Cause> causes) {
        List<String> described = new ArrayList<>();
        Finding.Builder f = OTHER.finding();
        List<Cause> sorted = mostNodesFirst(causes);
        for (Cause c : sorted) {
            String t = c.text();
            String lower = t.toLowerCase(Locale.ROOT);
            described.add((c.nodes() >= 0 && Character.isLowerCase(t.charAt(0)) ? c.nodes() + " " : "") + t
                    + (c.nodes() >= 0 && !Character.isLowerCase(t.charAt(0)) ? " (" + c.nodes() + ")" : ""));
            if (lower.contains("free ports") || lower.contains("podfitshostports")) {
                List<Prose> ports = hostPorts(pod);
                f.fix(Prose.of("Host port(s) ", ports.isEmpty() ? "of the pod" : Prose.join(", ", ports),
                        " are taken on the nodes (by other replicas or another pod using the same hostPort): remove ", code("hostPort"), " from the pod template",
                        pod.ownerHint(), " and expose the container through a Service, or run at most one replica per node."));
            } else if (lower.contains("anti-affinity") || lower.contains("affinity rules") || lower.contains("matchinterpodaffinity")
                    || lower.contains("pod affinity")) {
                f.fix(Prose.of("Required pod (anti-)affinity ", podAffinityTerms(pod),
                        " leaves no node: have at least as many nodes (per topology key) as replicas, or turn it into ", PREFERRED, " in the pod template",
                        pod.ownerHint(), "."));
            } else if (lower.contains("too many pods")) {
                f.fix(Prose.of("The nodes have reached their pod limit (kubelet ", code("maxPods"), ", ", code("kubectl describe node"), " shows ", code("pods"),
                        " under Allocatable): add nodes or delete finished pods (", code("kubectl get pods -A --field-selector=status.phase==Succeeded"), ")."));
            } else if (lower.contains("volume node affinity") || lower.contains("volume zone")) {
                f.fix(Prose.of("The pod's PersistentVolume(s) ", Prose.codes(new ArrayList<>(PodVolumes.claims(pod).keySet())),
                        " are pinned to a zone/node where the pod cannot run: add a node in the volume's zone (", code("kubectl get pv -o wide"),
                        ", see its nodeAffinity) or use a StorageClass with ", WAIT_FOR_FIRST_CONSUMER, "."));
            } else if (lower.contains("were unschedulable") || lower.contains("nodeunschedulable")) {
                f.fix(Prose.of("Nodes are cordoned (SchedulingDisabled in ", code("kubectl get nodes"), "): ", UNCORDON, " once their maintenance or drain is over."));
            } else if (lower.contains("topology spread")) {
                f.fix(Prose.of("The pod's ", code("topologySpreadConstraints"), " with ", code("whenUnsatisfiable: DoNotSchedule"), " cannot be met: raise ",
                        code("maxSkew"), ", use ", code("ScheduleAnyway"), ", or add nodes in the missing topology domains."));
            } else if (lower.contains("volume count")) {
                f.fix(Prose.words("The nodes have reached their limit of attachable volumes: add nodes or spread volume-heavy pods."));
            } else {
                f.fix(Prose.of("The scheduler says ", code(t), ": read ", code("kubectl describe pod -n " + pod.namespace() + " " + pod.name()),
                        " and the scheduler's log for the plugin that rejects the nodes."));
            }
        }
        return f.message(Prose.of("The scheduler rejects every node for pod ", code(pod.name()), ": " + String.join("; ", described) + "."))
                .headline(Prose.words("Pod cannot be scheduled: " + sorted.get(0).text()));
    }

    /** The pod's host ports: {@code `8080/TCP` (`spec.containers[web]`)}. */
    private static List<Prose> hostPorts(PodView pod) {
        List<Prose> out = new ArrayList<>();
        for (ContainerView c : pod.allContainers()) {
            if (c.spec() == null || c.spec().getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.spec().getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    out.add(Prose.of(code(p.getHostPort() + "/" + Objects.toString(p.getProtocol(), "TCP")), " (", code(c.specPath()), ")"));
                }
            }
        }
        return out;
    }

    private static Prose podAffinityTerms(PodView pod) {
        Affinity a = pod.spec().getAffinity();
        List<Prose> out = new ArrayList<>();
        if (a != null && a.getPodAntiAffinity() != null && a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().forEach(t -> out.add(Prose.of("anti-affinity ", term(t))));
        }
        if (a != null && a.getPodAffinity() != null && a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().forEach(t -> out.add(Prose.of("affinity ", term(t))));
        }
        return out.isEmpty() ? Prose.words("of the pod") : Prose.join(", ", out);
    }

    private static Prose term(PodAffinityTerm t) {
        LabelSelector s = t.getLabelSelector();
        List<String> parts = new ArrayList<>();
        if (s != null && s.getMatchLabels() != null) {
            s.getMatchLabels().forEach((k, v) -> parts.add(k + "=" + v));
        }
        if (s != null && s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                parts.add(r.getKey() + " " + r.getOperator() + (r.getValues() == null ? "" : " (" + String.join(", ", r.getValues()) + ")"));
            }
        }
        return Prose.of(code(String.join(",", parts)), " per ", code(t.getTopologyKey()));
    }

    // ---------------------------------------------------------------- no decision at all

    private Optional<Finding> pendingNotScheduled(PodView pod) {
        Instant created = pod.created().orElse(null);
        if (created == null || pod.deletionTimestamp().isPresent()) {
            return Optional.empty();
        }
        Duration age = Duration.between(created, pod.at());
        if (!pod.longerThan(created, pod.settings().pendingUnscheduledAfter())) {
            return Optional.empty();
        }
        String scheduler = pod.spec().getSchedulerName();
        List<PodSchedulingGate> gates = pod.spec().getSchedulingGates() == null ? List.of() : pod.spec().getSchedulingGates();
        Optional<PodCondition> gated = pod.condition("PodScheduled").filter(c -> "SchedulingGated".equals(c.getReason()));
        Prose pending = Prose.of("Pod ", code(pod.name()), " has been Pending for " + Timestamps.human(age) + " without any scheduling decision");
        Finding.Builder f = PENDING.finding()
                .evidence(Evidence.status("status.phase", "Pending", "created " + pod.metadata().getCreationTimestamp()
                        + "; no spec.nodeName, no PodScheduled condition" + (gated.isPresent() ? " other than SchedulingGated" : "") + ", no FailedScheduling event"));
        gated.ifPresent(c -> f.evidence(Evidence.status("status.conditions[PodScheduled]", c.getReason(), c.getMessage())));
        if (!gates.isEmpty() || gated.isPresent()) {
            List<String> names = gates.stream().map(PodSchedulingGate::getName).filter(Objects::nonNull).toList();
            f.severity(Severity.WARNING, "scheduling gates hold the pod on purpose until their owner releases it")
                    .evidence(Evidence.spec("spec.schedulingGates", String.join(", ", names)))
                    .message(pending.then(": it is held by scheduling gate(s) ", Prose.codes(names),
                            "; the scheduler ignores it until whoever added them removes them."))
                    .headline(Prose.of("Held by scheduling gates ", Prose.codes(names)))
                    .fix(Prose.of("Find the controller that owns gate(s) ", Prose.codes(names), " (queueing systems such as Kueue add them) and check why it has not released pod ",
                            code(pod.name()), "; to release it by hand: ", code("kubectl -n " + pod.namespace() + " patch pod " + pod.name()
                                    + " --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/schedulingGates\"}]'"), "."));
            return Optional.of(f.build());
        }
        if (scheduler != null && !scheduler.isBlank() && !DEFAULT_SCHEDULER.equals(scheduler)) {
            f.evidence(Evidence.spec("spec.schedulerName", scheduler))
                    .message(pending.then(": it names scheduler ", code(scheduler),
                            " in spec.schedulerName, which has not acted on it; that scheduler may not exist or not be running."))
                    .headline(Prose.of("Scheduler ", code(scheduler), " has not scheduled the pod"))
                    .fix(Prose.of("Check that scheduler ", code(scheduler), " runs: ", code("kubectl get pods -A | grep " + scheduler), " and read its log for pod ",
                            code(pod.name()), "."))
                    .fix(Prose.of("Or remove ", code("spec.schedulerName: " + scheduler), " from the pod template", pod.ownerHint(), " so that ", code(DEFAULT_SCHEDULER),
                            " places the pod."));
        } else {
            f.message(pending.then("; the default scheduler has not processed it."))
                    .headline(Prose.words("Pending " + Timestamps.human(age) + " without a scheduling decision"))
                    .fix(Prose.of("Check that kube-scheduler runs and is leader: ", code("kubectl -n kube-system get pods -l component=kube-scheduler"), " and ",
                            code("kubectl -n kube-system get lease kube-scheduler"), "."))
                    .fix(schedulerLog(pod).then("."));
        }
        return Optional.of(f.build());
    }
}
