package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import java.util.Optional;

/**
 * One container of a pod: its spec and, when the kubelet has reported it, its status.
 * Init containers and app containers look alike here; {@link #init()} tells them apart.
 *
 * @param spec   the container as declared (may be null when only a status exists)
 * @param status the kubelet's status, null before the kubelet reported one
 * @param init   whether it is an init container (sidecars included)
 * @param index  its position in {@code spec.initContainers} or {@code spec.containers}
 * @param order  its position in the pod's life: init containers first, then app containers
 */
public record ContainerView(String name, Container spec, ContainerStatus status, boolean init, int index, int order) {

    public String image() {
        if (spec != null && spec.getImage() != null) {
            return spec.getImage();
        }
        return status == null ? null : status.getImage();
    }

    /** An init container with {@code restartPolicy: Always}: a native sidecar that keeps running. */
    public boolean sidecar() {
        return init && spec != null && "Always".equals(spec.getRestartPolicy());
    }

    /** "init container", "sidecar container" or "container", for messages. */
    public String kind() {
        return sidecar() ? "sidecar container" : init ? "init container" : "container";
    }

    /** The event {@code involvedObject.fieldPath} the kubelet uses for this container. */
    public String fieldPath() {
        return (init ? "spec.initContainers{" : "spec.containers{") + name + "}";
    }

    /** Where its status lives, for evidence. */
    public String statusPath() {
        return (init ? "status.initContainerStatuses[" : "status.containerStatuses[") + name + "]";
    }

    public String specPath() {
        return (init ? "spec.initContainers[" : "spec.containers[") + name + "]";
    }

    public Optional<ContainerStateWaiting> waiting() {
        return Optional.ofNullable(status).map(ContainerStatus::getState).map(s -> s.getWaiting());
    }

    public Optional<ContainerStateRunning> running() {
        return Optional.ofNullable(status).map(ContainerStatus::getState).map(s -> s.getRunning());
    }

    public Optional<ContainerStateTerminated> terminated() {
        return Optional.ofNullable(status).map(ContainerStatus::getState).map(s -> s.getTerminated());
    }

    public Optional<ContainerStateTerminated> lastTerminated() {
        return Optional.ofNullable(status).map(ContainerStatus::getLastState).map(s -> s.getTerminated());
    }

    /** The current waiting reason, or "" when it is not waiting. */
    public String waitingReason() {
        return waiting().map(ContainerStateWaiting::getReason).orElse("");
    }

    public String waitingMessage() {
        return waiting().map(ContainerStateWaiting::getMessage).orElse("");
    }

    public int restartCount() {
        return status == null || status.getRestartCount() == null ? 0 : status.getRestartCount();
    }

    public boolean ready() {
        return status != null && Boolean.TRUE.equals(status.getReady());
    }

    /** Evidence quoting the current waiting state, if any. */
    public Optional<Evidence> waitingEvidence() {
        return waiting().map(w -> Evidence.status(statusPath() + ".state.waiting", w.getReason(), w.getMessage()));
    }

    /** Evidence quoting the current terminated state, if any. */
    public Optional<Evidence> terminatedEvidence() {
        return terminated().map(t -> Evidence.status(statusPath() + ".state.terminated", t.getReason(),
                describe(t)));
    }

    /** Evidence quoting the last termination, if any. */
    public Optional<Evidence> lastTerminatedEvidence() {
        return lastTerminated().map(t -> Evidence.status(statusPath() + ".lastState.terminated", t.getReason(),
                describe(t)));
    }

    private static String describe(ContainerStateTerminated t) {
        StringBuilder sb = new StringBuilder("exitCode=").append(t.getExitCode());
        if (t.getSignal() != null && t.getSignal() != 0) {
            sb.append(" signal=").append(t.getSignal());
        }
        if (t.getReason() != null) {
            sb.append(" reason=").append(t.getReason());
        }
        if (t.getFinishedAt() != null) {
            sb.append(" finishedAt=").append(t.getFinishedAt());
        }
        if (t.getMessage() != null && !t.getMessage().isBlank()) {
            sb.append(" message=").append(t.getMessage().strip());
        }
        return sb.toString();
    }
}
