package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import java.util.List;

/**
 * The verdicts that both the scheduler (SchedulingRules) and the kubelet's admission on the node
 * (NodeLifecycleRules: OutOfcpu, NodeAffinity) give, so that neither family reaches into the other.
 */
final class Unschedulable {
    private Unschedulable() {
    }

    public static final RuleDefinition INSUFFICIENT = new RuleDefinition(RuleId.UNSCHEDULABLE_INSUFFICIENT_RESOURCES.id(),
            "No node has enough free resources", Severity.CRITICAL, Stage.SCHEDULING,
            "The scheduler finds no node with enough unreserved cpu, memory, GPUs or other resources for the pod's requests.",
            SchedulingSignatures.detection(SchedulingRules.Kind.RESOURCES, ""),
            List.of("Lower the containers' resource requests to what they really need.",
                    "Add nodes (or let the cluster-autoscaler add them) with enough allocatable capacity."));
    public static final RuleDefinition NODE_SELECTOR = new RuleDefinition(RuleId.UNSCHEDULABLE_NODE_SELECTOR.id(),
            "No node matches the node selector or affinity", Severity.CRITICAL, Stage.SCHEDULING,
            "No node carries the labels that the pod's nodeSelector or required node affinity asks for.",
            SchedulingSignatures.detection(SchedulingRules.Kind.SELECTOR, ""),
            List.of("Correct the nodeSelector / node affinity to labels that nodes carry (kubectl get nodes --show-labels).",
                    "Or label the intended nodes accordingly."));
    public static final RuleDefinition OTHER = new RuleDefinition(RuleId.UNSCHEDULABLE_OTHER.id(),
            "Pod cannot be scheduled", Severity.CRITICAL, Stage.SCHEDULING,
            "The scheduler rejects every node for another reason: host ports in use, pod (anti-)affinity, too many pods, volume node affinity conflict, cordoned nodes, topology spread.",
            SchedulingSignatures.detection(SchedulingRules.Kind.OTHER,
                    "And any other reason that no row of resources, selectors, taints and claims reads (host ports, pod (anti-)affinity, "
                            + "topology spread, cordoned nodes, …)."),
            List.of("Relax the constraint the scheduler names, or add nodes that satisfy it."));
}
