package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.RuleDefinition;

/**
 * The verdicts that both the scheduler (SchedulingRules) and the kubelet's admission on the node
 * (NodeLifecycleRules: OutOfcpu, NodeAffinity) give, so that neither family reaches into the other.
 */
final class Unschedulable {
    private Unschedulable() {
    }

    public static final RuleDefinition INSUFFICIENT = CatalogEntries.define(RuleId.UNSCHEDULABLE_INSUFFICIENT_RESOURCES,
            SchedulingSignatures.detection(SchedulingRules.Kind.RESOURCES, ""));
    public static final RuleDefinition NODE_SELECTOR = CatalogEntries.define(RuleId.UNSCHEDULABLE_NODE_SELECTOR,
            SchedulingSignatures.detection(SchedulingRules.Kind.SELECTOR, ""));
    public static final RuleDefinition OTHER = CatalogEntries.define(RuleId.UNSCHEDULABLE_OTHER,
            SchedulingSignatures.detection(SchedulingRules.Kind.OTHER,
                    "And any other reason that no row of resources, selectors, taints and claims reads (host ports, pod (anti-)affinity, "
                            + "topology spread, cordoned nodes, …)."));
}
