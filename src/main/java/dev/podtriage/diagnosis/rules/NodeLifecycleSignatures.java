package dev.podtriage.diagnosis.rules;

import java.util.List;

/**
 * The node controller's, the kubelet's and the scheduler's words for a pod ended from outside (as in
 * {@code shared/spec/wordings.md}, section 7) and for the kubelet's admission refusals (section 2), one row per
 * wording: which signature each means and what it extracts. The rule is decided by the pod's reason (Evicted,
 * NodeLost, DeadlineExceeded, OutOf…) or condition; the rows say what the finding tells (which resource, container,
 * limit, preemptor). The catalog's detection texts of these rules are generated from this table.
 *
 * <p>Adding a wording is adding one row here and one fixture under {@code fixtures/wordings/} (README, "Adding a wording").
 */
final class NodeLifecycleSignatures {
    private NodeLifecycleSignatures() {
    }

    /** What a wording tells, and the rule that reports it. */
    enum Signature {
        NODE_LOST(RuleId.NODE_LOST),
        LOW_ON(RuleId.POD_EVICTED),
        CONDITION(RuleId.POD_EVICTED),
        THRESHOLD(RuleId.POD_EVICTED),
        USAGE(RuleId.POD_EVICTED),
        POD_EPHEMERAL(RuleId.POD_EVICTED),
        CONTAINER_EPHEMERAL(RuleId.POD_EVICTED),
        EMPTY_DIR(RuleId.POD_EVICTED),
        SHUTDOWN(RuleId.POD_EVICTED),
        PREEMPTED_BY(RuleId.POD_PREEMPTED),
        PREEMPTING(RuleId.POD_PREEMPTED),
        DEADLINE(RuleId.POD_DEADLINE_EXCEEDED),
        /** The kubelet's admission: a resource the node has not enough of (reason OutOf…). */
        OUT_OF(RuleId.UNSCHEDULABLE_INSUFFICIENT_RESOURCES),
        /** The kubelet's admission: the node's labels do not match. */
        PREDICATE(RuleId.UNSCHEDULABLE_NODE_SELECTOR);

        final RuleId rule;

        Signature(RuleId rule) {
            this.rule = rule;
        }
    }

    static final SignatureTable<Signature> TABLE = new SignatureTable<>(List.of(
            Wording.of(Signature.NODE_LOST, "Node %v which was running pod %v is unresponsive",
                    "Node (?<node>\\S+) which was running pod (?<pod>\\S+) is unresponsive", "node controller (legacy eviction path), reason NodeLost"),
            Wording.of(Signature.LOW_ON, "The node was low on resource: %v.", "low on resource: \\[?(?<resource>[\\w./-]+)\\]?", "kubelet 1.8+"),
            Wording.of(Signature.CONDITION, "The node had condition: %v. ", "The node had condition: \\[?(?<condition>[\\w./-]+)\\]?",
                    "kubelet 1.14+, a node condition (MemoryPressure, DiskPressure, PIDPressure)"),
            Wording.of(Signature.THRESHOLD, "Threshold quantity: %v, available: %v. ",
                    "Threshold quantity: (?<threshold>[^,\\n]{1,64}), available: (?<available>[^\\s,]{1,64}?)\\.?(?:\\s|$)", "kubelet 1.26+"),
            Wording.of(Signature.USAGE, "Container %s was using %s, which exceeds its request of %s. ",
                    "Container (?<container>\\S+) was using (?<usage>\\S+?), which exceeds its request of (?<request>\\S+?)[,.]", "kubelet 1.11–1.25"),
            Wording.of(Signature.USAGE, "Container %s was using %s, request is %s, has larger consumption of %v. ",
                    "Container (?<container>\\S+) was using (?<usage>\\S+?), request is (?<request>\\S+?)[,.]", "kubelet 1.26+"),
            Wording.of(Signature.POD_EPHEMERAL, "Pod ephemeral local storage usage exceeds the total limit of containers %s. ",
                    "Pod ephemeral local storage usage exceeds the total limit of containers (?<limit>[^\\s\"]+?)\\.?(?=\\s|\"|$)", "kubelet 1.11+"),
            Wording.of(Signature.CONTAINER_EPHEMERAL, "Container %s exceeded its local ephemeral storage limit %q. ",
                    "Container (?<container>\\S+) exceeded its local ephemeral storage limit \"(?<limit>[^\"]+)\"", "kubelet 1.11+"),
            Wording.of(Signature.EMPTY_DIR, "Usage of EmptyDir volume %q exceeds the limit %q. ",
                    "Usage of EmptyDir volume \"(?<volume>[^\"]+)\" exceeds the limit \"(?<limit>[^\"]+)\"", "kubelet 1.11+"),
            Wording.of(Signature.SHUTDOWN, "Node is shutting, evicting pods", "Node is shutting, evicting pods", "kubelet 1.20–1.21, reason Shutdown"),
            Wording.of(Signature.SHUTDOWN, "Pod was terminated in response to imminent node shutdown.",
                    "terminated in response to imminent node shutdown", "kubelet 1.22+, reason Terminated"),
            Wording.of(Signature.PREEMPTED_BY, "Preempted by pod %v on node %v", "Preempted by pod (?<preemptor>\\S+) on node (?<node>\\S+)",
                    "scheduler 1.29+ (the preemptor's UID)"),
            Wording.of(Signature.PREEMPTED_BY, "Preempted by a pod on node %v", "Preempted by a pod on node (?<node>\\S+)", "scheduler 1.24–1.28"),
            Wording.of(Signature.PREEMPTED_BY, "Preempted by %v/%v on node %v", "Preempted by (?<preemptor>[^\\s/]+/\\S+) on node (?<node>\\S+)",
                    "scheduler 1.16–1.23"),
            Wording.of(Signature.PREEMPTED_BY, "by %v/%v on node %v", "^by (?<preemptor>[^\\s/]+/\\S+) on node (?<node>\\S+)", "scheduler 1.8–1.15"),
            Wording.of(Signature.PREEMPTING, "Kube-scheduler: preempting", "Kube-scheduler: preempting", "DisruptionTarget condition 1.25"),
            Wording.of(Signature.PREEMPTING, "%s: preempting to accommodate a higher priority pod", "preempting to accommodate a higher priority pod",
                    "DisruptionTarget condition 1.26+"),
            Wording.of(Signature.PREEMPTING, "Preempted in order to admit critical pod", "Preempted in order to admit critical pod",
                    "kubelet 1.8+, reason Preempting"),
            Wording.of(Signature.DEADLINE, "Pod was active on the node longer than the specified deadline",
                    "Pod was active on the node longer than the specified deadline", "kubelet 1.8+, reason DeadlineExceeded"),
            Wording.of(Signature.OUT_OF, "Node didn't have enough resource: %s, requested: %d, used: %d, capacity: %d",
                    "enough resource: (?<resource>[\\w./-]+), requested: (?<requested>\\d+), used: (?<used>\\d+), capacity: (?<capacity>\\d+)",
                    "kubelet admission 1.8+, reason OutOf<resource>"),
            Wording.of(Signature.PREDICATE, "Predicate NodeAffinity failed", "Predicate NodeAffinity failed",
                    "kubelet admission 1.18–1.30 (\": <the scheduler's reason>\" 1.31+), reason NodeAffinity"),
            Wording.of(Signature.PREDICATE, "Predicate MatchNodeSelector failed", "Predicate MatchNodeSelector failed",
                    "kubelet admission 1.8–1.17, reason MatchNodeSelector")));

    /** The catalog's detection text of a rule of this table. */
    static String detection(RuleId rule, String lead, String more) {
        return TABLE.detection(s -> s.rule == rule, lead, more);
    }
}
