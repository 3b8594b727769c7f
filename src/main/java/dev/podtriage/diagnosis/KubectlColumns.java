package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A port of kubectl's {@code printPod} (kubernetes pkg/printers/internalversion/printers.go, v1.29+
 * with native sidecars): the STATUS, READY and RESTARTS columns of {@code kubectl get pod}.
 *
 * <p>The Go code reads zero values where the Java model has nulls: a missing string is "", a
 * missing number 0, a missing boolean false, a missing list empty. Quirks kept on purpose:
 * <ul>
 * <li>the init container loop stops at the first init container that is not done, so only the
 * restarts (and last termination times) of the init containers up to that one are summed;</li>
 * <li>once the pod is initialized (or the Initialized condition is True) RESTARTS is reset to the
 * restarts of the sidecars seen in that loop plus those of the app containers;</li>
 * <li>app containers are walked from last to first, so the first container's state wins;</li>
 * <li>a Terminating pod whose {@code status.reason} is NodeLost shows Unknown.</li>
 * </ul>
 */
public final class KubectlColumns {
    private static final String POD_INITIALIZING = "PodInitializing";
    private static final String SCHEDULING_GATED = "SchedulingGated";
    private static final String NODE_UNREACHABLE_POD_REASON = "NodeLost";

    private KubectlColumns() {
    }

    public static PodColumns of(Pod pod) {
        PodSpec spec = pod == null ? null : pod.getSpec();
        PodStatus status = pod == null ? null : pod.getStatus();
        ObjectMeta meta = pod == null ? null : pod.getMetadata();
        List<Container> specContainers = spec == null ? null : spec.getContainers();
        List<Container> specInitContainers = spec == null ? null : spec.getInitContainers();
        List<PodCondition> conditions = status == null ? null : status.getConditions();
        List<ContainerStatus> initStatuses = status == null ? null : status.getInitContainerStatuses();
        List<ContainerStatus> containerStatuses = status == null ? null : status.getContainerStatuses();

        int restarts = 0;
        int restartableInitContainerRestarts = 0;
        int totalContainers = size(specContainers);
        int readyContainers = 0;
        Instant lastRestartDate = null;
        Instant lastRestartableInitContainerRestartDate = null;

        String podPhase = status == null ? "" : str(status.getPhase());
        String reason = podPhase;
        if (status != null && !str(status.getReason()).isEmpty()) {
            reason = status.getReason();
        }

        // If the Pod carries {type:PodScheduled, reason:SchedulingGated}, set reason to 'SchedulingGated'.
        if (conditions != null) {
            for (PodCondition condition : conditions) {
                if (condition != null && "PodScheduled".equals(condition.getType())
                        && SCHEDULING_GATED.equals(condition.getReason())) {
                    reason = SCHEDULING_GATED;
                }
            }
        }

        Map<String, Container> initContainers = new HashMap<>();
        if (specInitContainers != null) {
            for (Container c : specInitContainers) {
                if (c == null) {
                    continue;
                }
                initContainers.put(str(c.getName()), c);
                if (isRestartableInitContainer(c)) {
                    totalContainers++;
                }
            }
        }

        boolean initializing = false;
        if (initStatuses != null) {
            for (int i = 0; i < initStatuses.size(); i++) {
                ContainerStatus container = initStatuses.get(i);
                if (container == null) {
                    container = new ContainerStatus();
                }
                Container specContainer = initContainers.get(str(container.getName()));
                boolean restartable = isRestartableInitContainer(specContainer);
                restarts += num(container.getRestartCount());
                Instant terminatedDate = lastTerminatedAt(container);
                lastRestartDate = later(lastRestartDate, terminatedDate);
                if (restartable) {
                    restartableInitContainerRestarts += num(container.getRestartCount());
                    lastRestartableInitContainerRestartDate = later(lastRestartableInitContainerRestartDate, terminatedDate);
                }
                ContainerStateTerminated terminated = terminated(container.getState());
                ContainerStateWaiting waiting = waiting(container.getState());
                if (terminated != null && num(terminated.getExitCode()) == 0) {
                    continue;
                } else if (restartable && Boolean.TRUE.equals(container.getStarted())) {
                    if (Boolean.TRUE.equals(container.getReady())) {
                        readyContainers++;
                    }
                    continue;
                } else if (terminated != null) {
                    // initialization is failed
                    if (str(terminated.getReason()).isEmpty()) {
                        if (num(terminated.getSignal()) != 0) {
                            reason = "Init:Signal:" + num(terminated.getSignal());
                        } else {
                            reason = "Init:ExitCode:" + num(terminated.getExitCode());
                        }
                    } else {
                        reason = "Init:" + terminated.getReason();
                    }
                    initializing = true;
                } else if (waiting != null && !str(waiting.getReason()).isEmpty()
                        && !POD_INITIALIZING.equals(waiting.getReason())) {
                    reason = "Init:" + waiting.getReason();
                    initializing = true;
                } else {
                    reason = "Init:" + i + "/" + size(specInitContainers);
                    initializing = true;
                }
                break;
            }
        }

        if (!initializing || isPodInitializedConditionTrue(conditions)) {
            restarts = restartableInitContainerRestarts;
            lastRestartDate = lastRestartableInitContainerRestartDate;
            boolean hasRunning = false;
            if (containerStatuses != null) {
                for (int i = containerStatuses.size() - 1; i >= 0; i--) {
                    ContainerStatus container = containerStatuses.get(i);
                    if (container == null) {
                        container = new ContainerStatus();
                    }
                    restarts += num(container.getRestartCount());
                    lastRestartDate = later(lastRestartDate, lastTerminatedAt(container));
                    ContainerState state = container.getState();
                    ContainerStateWaiting waiting = waiting(state);
                    ContainerStateTerminated terminated = terminated(state);
                    if (waiting != null && !str(waiting.getReason()).isEmpty()) {
                        reason = waiting.getReason();
                    } else if (terminated != null && !str(terminated.getReason()).isEmpty()) {
                        reason = terminated.getReason();
                    } else if (terminated != null) {
                        if (num(terminated.getSignal()) != 0) {
                            reason = "Signal:" + num(terminated.getSignal());
                        } else {
                            reason = "ExitCode:" + num(terminated.getExitCode());
                        }
                    } else if (Boolean.TRUE.equals(container.getReady()) && state != null && state.getRunning() != null) {
                        hasRunning = true;
                        readyContainers++;
                    }
                }
            }

            // change pod status back to "Running" if there is at least one container still reporting as "Running" status
            if ("Completed".equals(reason) && hasRunning) {
                reason = hasPodReadyCondition(conditions) ? "Running" : "NotReady";
            }
        }

        boolean deleting = meta != null && meta.getDeletionTimestamp() != null;
        if (deleting && status != null && NODE_UNREACHABLE_POD_REASON.equals(status.getReason())) {
            reason = "Unknown";
        } else if (deleting && !isPodPhaseTerminal(podPhase)) {
            reason = "Terminating";
        }

        return new PodColumns(reason, readyContainers + "/" + totalContainers, restarts, lastRestartDate);
    }

    private static boolean isRestartableInitContainer(Container initContainer) {
        return initContainer != null && "Always".equals(initContainer.getRestartPolicy());
    }

    private static boolean isPodInitializedConditionTrue(List<PodCondition> conditions) {
        if (conditions != null) {
            for (PodCondition condition : conditions) {
                if (condition == null || !"Initialized".equals(condition.getType())) {
                    continue;
                }
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    private static boolean hasPodReadyCondition(List<PodCondition> conditions) {
        if (conditions != null) {
            for (PodCondition condition : conditions) {
                if (condition != null && "Ready".equals(condition.getType()) && "True".equals(condition.getStatus())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isPodPhaseTerminal(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static Instant lastTerminatedAt(ContainerStatus container) {
        ContainerStateTerminated last = terminated(container.getLastState());
        return last == null ? null : Timestamps.parse(last.getFinishedAt());
    }

    /** Go's {@code if last.Before(&date) { last = date }} with a zero time for null. */
    private static Instant later(Instant current, Instant candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || current.isBefore(candidate) ? candidate : current;
    }

    private static ContainerStateTerminated terminated(ContainerState state) {
        return state == null ? null : state.getTerminated();
    }

    private static ContainerStateWaiting waiting(ContainerState state) {
        return state == null ? null : state.getWaiting();
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static int num(Integer n) {
        return n == null ? 0 : n;
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
