package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Prose.code;
import static dev.podtriage.diagnosis.rules.ContainerFacts.title;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.WorkloadKind;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration lint: settings that do not break the pod now but make failures likelier or
 * harder to understand. Always severity info, so they never make a pod unhealthy and never
 * become its root cause (stage LINT sorts last).
 */
public final class LintRules implements RuleFamily {

    public static final RuleDefinition RESOURCES_UNBOUNDED = CatalogEntries.define(RuleId.RESOURCES_UNBOUNDED,
            "spec.containers[*].resources without limits.memory, or without requests.cpu / requests.memory (a limit counts as the request the API server defaults).");
    public static final RuleDefinition RESTART_POLICY_MISMATCH = CatalogEntries.define(RuleId.RESTART_POLICY_MISMATCH,
            "restartPolicy other than Always on a pod of a ReplicaSet/Deployment/StatefulSet/DaemonSet; Always on a Job's pod; Always on a pod without owner whose container keeps exiting 0.");

    private static final Set<String> ALWAYS_CONTROLLERS = Set.of(WorkloadKind.REPLICA_SET.kind(), WorkloadKind.DEPLOYMENT.kind(),
            WorkloadKind.STATEFUL_SET.kind(), WorkloadKind.DAEMON_SET.kind(), "ReplicationController");

    @Override
    public List<RuleDefinition> rules() {
        return List.of(RESOURCES_UNBOUNDED, RESTART_POLICY_MISMATCH);
    }

    @Override
    public List<Finding> detect(PodView pod) {
        List<Finding> out = new ArrayList<>();
        for (ContainerView c : pod.allContainers()) {
            unbounded(pod, c).ifPresent(out::add);
        }
        restartPolicy(pod).ifPresent(out::add);
        return out;
    }

    private Optional<Finding> unbounded(PodView pod, ContainerView c) {
        if (c.spec() == null) {
            return Optional.empty(); // a status without spec: nothing to judge
        }
        ResourceRequirements r = c.spec().getResources();
        Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        List<String> missing = new ArrayList<>();
        if (!limits.containsKey("memory")) {
            missing.add("limits.memory");
        }
        // the API server defaults a missing request to the limit
        if (!requests.containsKey("cpu") && !limits.containsKey("cpu")) {
            missing.add("requests.cpu");
        }
        if (!requests.containsKey("memory") && !limits.containsKey("memory")) {
            missing.add("requests.memory");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        Prose fields = Prose.codes(missing);
        List<String> effects = new ArrayList<>();
        if (missing.contains("limits.memory")) {
            effects.add("without a memory limit it can use all of its node's memory, and the node's OOM killer or eviction then hits other pods too");
        }
        if (missing.contains("requests.cpu") || missing.contains("requests.memory")) {
            effects.add("without requests the scheduler reserves nothing for it and the kubelet evicts it first under pressure");
        }
        String base = c.specPath() + ".resources";
        Finding.Builder f = RESOURCES_UNBOUNDED.finding().container(c)
                .message(Prose.of(title(c), " sets no ", fields, ": " + String.join("; ", effects) + "."))
                .headline(Prose.of(title(c), " has no ", fields))
                .evidence(Evidence.spec(base, describe(r)));
        for (String m : missing) {
            f.fix(Prose.of("Set ", code(base + "." + m), " in the pod template", pod.ownerHint(), suggestion(m), "."));
        }
        return Optional.of(f.fix(Prose.of("Measure the real usage first: ", code("kubectl -n " + pod.namespace() + " top pod " + pod.name() + " --containers"), "."))
                .build());
    }

    private static Prose suggestion(String field) {
        return switch (field) {
            case "limits.memory" -> Prose.words(" (above the container's peak usage; equal to requests.memory for Guaranteed QoS)");
            case "requests.memory" -> Prose.words(" (its typical usage)");
            default -> Prose.of(" (its typical usage, e.g. ", code("100m"), ")");
        };
    }

    private static String describe(ResourceRequirements r) {
        if (r == null || ((r.getLimits() == null || r.getLimits().isEmpty()) && (r.getRequests() == null || r.getRequests().isEmpty()))) {
            return "{}";
        }
        List<String> parts = new ArrayList<>();
        if (r.getRequests() != null && !r.getRequests().isEmpty()) {
            parts.add("requests: " + r.getRequests().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
        if (r.getLimits() != null && !r.getLimits().isEmpty()) {
            parts.add("limits: " + r.getLimits().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
        return String.join("; ", parts);
    }

    private Optional<Finding> restartPolicy(PodView pod) {
        String policy = pod.restartPolicy();
        Optional<OwnerReference> controller = controller(pod);
        Evidence ev = Evidence.spec("spec.restartPolicy", policy);
        if (controller.isPresent()) {
            String kind = java.util.Objects.toString(controller.get().getKind(), "");
            Prose owner = pod.workload().map(w -> Prose.of(w.kind() + " ", code(w.name())))
                    .orElse(Prose.of(kind + " ", code(controller.get().getName())));
            if (ALWAYS_CONTROLLERS.contains(kind) && !policy.equals("Always")) {
                return Optional.of(RESTART_POLICY_MISMATCH.finding()
                        .message(Prose.of("Pod ", code(pod.name()), " of ", owner, " has ", code("restartPolicy: " + policy), ", but " + kind
                                + " pod templates only allow ", code("Always"),
                                " (the API server rejects anything else), so this pod did not come from that controller as it stands."))
                        .headline(Prose.of("restartPolicy " + policy + " on a pod of ", owner))
                        .evidence(ev)
                        .fix(Prose.of("Use ", code("restartPolicy: Always"), " in the pod template of ", owner,
                                "; for work that should run to completion, use a Job instead."))
                        .build());
            }
            if (WorkloadKind.JOB.kind().equals(kind) && policy.equals("Always")) {
                return Optional.of(RESTART_POLICY_MISMATCH.finding()
                        .message(Prose.of("Pod ", code(pod.name()), " of ", owner, " has ", code("restartPolicy: Always"),
                                ", which Jobs do not allow (only ", code("Never"), " or ", code("OnFailure"), "): it would never complete."))
                        .headline(Prose.words("restartPolicy Always on a Job's pod"))
                        .evidence(ev)
                        .fix(Prose.of("Set ", code("spec.template.spec.restartPolicy: Never"), " (or ", code("OnFailure"), ") in ", owner, "."))
                        .build());
            }
            return Optional.empty();
        }
        if (!policy.equals("Always")) {
            return Optional.empty();
        }
        // a bare pod whose container finishes successfully, again and again
        for (ContainerView c : pod.appContainers()) {
            boolean exitedZero = c.lastTerminated().map(t -> t.getExitCode() != null && t.getExitCode() == 0).orElse(false)
                    || c.terminated().map(t -> t.getExitCode() != null && t.getExitCode() == 0).orElse(false);
            if (exitedZero && c.restartCount() >= 2) {
                return Optional.of(RESTART_POLICY_MISMATCH.finding().container(c)
                        .message(Prose.of("Pod ", code(pod.name()), " has no controller and ", code("restartPolicy: Always"), ", but its container ",
                                code(c.name()), " runs to completion (exit code 0) and is restarted each time (" + c.restartCount() + " restarts so far)."))
                        .headline(Prose.of("restartPolicy Always on run-to-completion container ", code(c.name())))
                        .evidence(ev)
                        .evidence(c.lastTerminatedEvidence().orElse(null))
                        .fix(Prose.of("Run it as a Job (", code("kubectl create job " + pod.name() + " --image=" + c.image()), "), or set ",
                                code("restartPolicy: OnFailure"), " (or ", code("Never"), ") on pod ", code(pod.name()), "."))
                        .build());
            }
        }
        return Optional.empty();
    }

    private static Optional<OwnerReference> controller(PodView pod) {
        List<OwnerReference> refs = pod.metadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(refs.get(0)));
    }
}
