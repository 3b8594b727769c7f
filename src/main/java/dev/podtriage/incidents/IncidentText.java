package dev.podtriage.incidents;

import static dev.podtriage.diagnosis.Prose.code;

import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.rules.ImagePullRules;
import dev.podtriage.diagnosis.rules.NodeLifecycleRules;
import dev.podtriage.diagnosis.rules.SandboxVolumeRules;
import dev.podtriage.diagnosis.rules.WorkloadRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An incident's summary and fixes, written for the cause its members share (the registry, the
 * node, the quota) and how much waits on it, rather than copied from one pod.
 */
final class IncidentText {
    /** What one rule says about its shared cause: the summary's lead, and the first fix. */
    private record Words(Function<IncidentText, Prose> lead, Function<IncidentText, Prose> fix) {
    }

    private static final Map<String, Words> BY_RULE = Map.of(
            ImagePullRules.RATE_LIMITED.id(), new Words(t -> Prose.of(t.name() + " rate-limits image pulls"),
                    t -> Prose.of("Authenticate pulls from ", t.named(), " (a docker-registry Secret for it in ", code("imagePullSecrets"),
                            " of the pod templates, or on their ServiceAccounts) or pull through a mirror or caching proxy of it: ", t.blast(), t.waits())),
            ImagePullRules.UNREACHABLE.id(), new Words(t -> Prose.of("Registry " + t.name() + " is unreachable"),
                    t -> Prose.of("Check that ", t.named(), " is up and that " + t.nodes() + " may reach it (DNS, firewall, proxy, certificate): ",
                            code("curl -v https://" + t.name() + "/v2/"), " from one of them; ", t.blast(), t.waits())),
            ImagePullRules.UNAUTHORIZED.id(), new Words(t -> Prose.of("Registry " + t.name() + " refuses the pull credentials"),
                    t -> Prose.of("Give the pods that pull from ", t.named(), " credentials it accepts (a docker-registry Secret in ",
                            code("imagePullSecrets"), ", in each namespace concerned): ", t.blast(), t.waits())),
            ImagePullRules.NOT_FOUND.id(), new Words(t -> Prose.of("Image " + t.name() + " does not exist"),
                    t -> Prose.of("Push ", t.named(), ", or correct the image of the pod templates that reference it: ", t.blast(), t.waits())),
            NodeLifecycleRules.NODE_LOST.id(), new Words(t -> Prose.of("Node " + t.name() + " is lost or NotReady"),
                    t -> Prose.of("Find out what happened to node ", t.named(), " (", code("kubectl describe node " + t.name()), "): ", t.blast(),
                            " on it have a stale status. If it is gone for good, ", code("kubectl delete node " + t.name()),
                            " lets their controllers replace them elsewhere.")),
            NodeLifecycleRules.EVICTED.id(), new Words(t -> Prose.of("Node " + t.name() + " evicts pods"),
                    t -> Prose.of("See what runs node ", t.named(), " out of memory or disk (", code("kubectl describe node " + t.name()), "): ",
                            t.blast(), t.members.size() == 1 ? " was" : " were", " evicted from it.")),
            SandboxVolumeRules.SANDBOX_CREATE_FAILED.id(), new Words(t -> Prose.of("Node " + t.name() + " cannot create pod sandboxes"),
                    t -> Prose.of("Repair the container runtime and CNI plugin on node ", t.named(), " (", code("journalctl -u kubelet -u containerd"),
                            " there); ", code("kubectl cordon " + t.name()), " keeps new pods off it meanwhile. ", t.blast(), t.waits())),
            WorkloadRules.QUOTA_EXCEEDED.id(), new Words(t -> Prose.of("ResourceQuota " + t.name() + " blocks new pods"),
                    t -> Prose.of(code("kubectl -n " + t.key.cause().namespace() + " describe resourcequota " + t.name()),
                            " shows its usage: raise it, or lower the requests of the pod templates it refuses (", t.blast(), ").")));

    private final IncidentKey key;
    private final List<Observation> members;
    private final Incident.Scope scope;

    IncidentText(IncidentKey key, List<Observation> members, Incident.Scope scope) {
        this.key = key;
        this.members = members;
        this.scope = scope;
    }

    /** e.g. "docker.io rate-limits image pulls: 37 pods in 9 namespaces". */
    Prose summary(String title) {
        Words w = words();
        Prose lead = w == null ? Prose.of(title + " (", describe(key.cause()), ")") : w.lead().apply(this);
        return lead.then(": ", blast());
    }

    /** The shared cause's own fix first, then what every member's finding advises, else the rule's general remedies. */
    List<Prose> fixes(List<Prose> general, List<Prose> shared) {
        List<Prose> out = new ArrayList<>();
        Words w = words();
        if (w != null) {
            out.add(w.fix().apply(this));
        }
        out.addAll(shared);
        return out.isEmpty() ? general : out;
    }

    private Words words() {
        // the words name the cause's kind (a registry, a node, a quota): only when the rule blamed one
        Words w = BY_RULE.get(key.rule());
        return w != null && !isWorkloadFallback() ? w : null;
    }

    private boolean isWorkloadFallback() {
        return members.stream().allMatch(o -> o.finding().cause() == null);
    }

    private String name() {
        return key.cause().name();
    }

    /** The shared cause's name, as code. */
    private Prose named() {
        return Prose.code(name());
    }

    private static Prose describe(Cause c) {
        return Prose.of(c.kind() + " ", Prose.code((c.namespace() == null ? "" : c.namespace() + "/") + c.name()));
    }

    /** "37 pods in 9 namespaces", "20 pods in namespace `shop`", "1 workload in namespace `payments`". */
    Prose blast() {
        List<String> parts = new ArrayList<>();
        if (scope.pods() > 0) {
            parts.add(count(scope.pods(), "pod"));
        }
        long workloads = members.size() - scope.pods();
        if (workloads > 0) {
            parts.add(count(workloads, "workload"));
        }
        Prose where = scope.namespaces() == 1 ? Prose.of("namespace ", Prose.code(members.get(0).member().namespace()))
                : Prose.words(scope.namespaces() + " namespaces");
        return Prose.of(String.join(" and ", parts) + " in ", where);
    }

    private String nodes() {
        return scope.nodes() == 0 ? "the nodes" : scope.nodes() == 1 ? "the node" : "the " + scope.nodes() + " nodes";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** " waits on it." or " wait on it.", after {@link #blast()}. */
    private String waits() {
        return members.size() == 1 ? " waits on it." : " wait on it.";
    }
}
