package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ports of kubernetes' printers_test.go (TestPrintPod, TestPrintPodWithRestartableInitContainer,
 * TestPrintNonTerminatedPod, ...): one case per branch of printPod.
 */
class KubectlColumnsTest {
    private static final String T1 = "2026-11-27T09:10:00Z";
    private static final String T2 = "2026-11-27T09:40:00Z";
    private static final String T3 = "2026-11-27T09:55:00Z";

    // ---------------------------------------------------------------- app containers (TestPrintPod)

    @Test
    void oneOfTwoContainersRunningAndReadyShowsPhase() {
        PodColumns c = pod("Running").containers("app", "log")
                .statuses(running("app", true, 3), restarts(status("log"), 3)).columns();
        assertColumns(c, "Running", "1/2", 6);
    }

    @Test
    void waitingReasonOfAContainerReplacesPhase() {
        PodColumns c = pod("Running").containers("app", "log")
                .statuses(restarts(waiting("app", "ContainerWaitingReason"), 3), restarts(status("log"), 3)).columns();
        assertColumns(c, "ContainerWaitingReason", "0/2", 6);
    }

    @Test
    void terminatedReasonOfAContainerReplacesPhase() {
        PodColumns c = pod("Running").containers("app", "log")
                .statuses(restarts(terminated("app", "ContainerTerminatedReason", 1, 0), 3), restarts(status("log"), 3))
                .columns();
        assertColumns(c, "ContainerTerminatedReason", "0/2", 6);
    }

    @Test
    void allContainersRunningAndReady() {
        PodColumns c = pod("Running").containers("app", "log")
                .statuses(running("app", true, 3), running("log", true, 3)).columns();
        assertColumns(c, "Running", "2/2", 6);
    }

    @Test
    void runningButNotReadyStaysRunning() {
        PodColumns c = pod("Running").containers("app").statuses(running("app", false, 0)).columns();
        assertColumns(c, "Running", "0/1", 0);
    }

    @Test
    void completedContainerBesideARunningOneShowsRunningWhenPodIsReady() {
        PodColumns c = pod("Running").containers("app", "job").condition("Ready", "True")
                .statuses(running("app", true, 3), restarts(terminated("job", "Completed", 0, 0), 3)).columns();
        assertColumns(c, "Running", "1/2", 6);
    }

    @Test
    void completedContainerBesideARunningOneShowsNotReadyWithoutReadyCondition() {
        PodColumns c = pod("Running").containers("app", "job").condition("Ready", "False")
                .statuses(running("app", true, 3), restarts(terminated("job", "Completed", 0, 0), 3)).columns();
        assertColumns(c, "NotReady", "1/2", 6);
    }

    @Test
    void completedWithoutAnyRunningContainerStaysCompleted() {
        // the running container is not ready, so it does not count as "still running"
        PodColumns c = pod("Running").containers("app", "job").condition("Ready", "True")
                .statuses(running("app", false, 0), terminated("job", "Completed", 0, 0)).columns();
        assertColumns(c, "Completed", "0/2", 0);
    }

    @Test
    void succeededPodShowsCompleted() {
        PodColumns c = pod("Succeeded").containers("job").statuses(terminated("job", "Completed", 0, 0)).columns();
        assertColumns(c, "Completed", "0/1", 0);
    }

    @Test
    void failedPodShowsTheContainersTerminationReason() {
        PodColumns c = pod("Failed").containers("job").statuses(terminated("job", "Error", 1, 0)).columns();
        assertColumns(c, "Error", "0/1", 0);
    }

    @Test
    void signalWithoutReason() {
        PodColumns c = pod("Running").containers("app").statuses(terminated("app", null, 137, 9)).columns();
        assertColumns(c, "Signal:9", "0/1", 0);
    }

    @Test
    void exitCodeWithoutReason() {
        PodColumns c = pod("Running").containers("app").statuses(terminated("app", null, 2, 0)).columns();
        assertColumns(c, "ExitCode:2", "0/1", 0);
    }

    @Test
    void crashLoopBackOffCountsRestartsAndLastTermination() {
        PodColumns c = pod("Running").containers("app")
                .statuses(last(restarts(waiting("app", "CrashLoopBackOff"), 5), "Error", 1, T2)).columns();
        assertColumns(c, "CrashLoopBackOff", "0/1", 5);
        assertEquals(Instant.parse(T2), c.lastRestart());
    }

    @Test
    void containerCreating() {
        PodColumns c = pod("Pending").containers("app").statuses(waiting("app", "ContainerCreating")).columns();
        assertColumns(c, "ContainerCreating", "0/1", 0);
        assertNull(c.lastRestart());
    }

    @Test
    void waitingWithoutReasonKeepsPhase() {
        PodColumns c = pod("Pending").containers("app").statuses(waiting("app", "")).columns();
        assertColumns(c, "Pending", "0/1", 0);
    }

    @Test
    void firstContainersStateWinsBecauseStatusesAreWalkedBackwards() {
        PodColumns c = pod("Pending").containers("app", "proxy")
                .statuses(waiting("app", "ImagePullBackOff"), last(restarts(waiting("proxy", "CrashLoopBackOff"), 2), "Error", 1, T1))
                .columns();
        assertColumns(c, "ImagePullBackOff", "0/2", 2);
        assertEquals(Instant.parse(T1), c.lastRestart());
    }

    @Test
    void aRunningFirstContainerDoesNotHideTheSecondOnesReason() {
        PodColumns c = pod("Running").containers("app", "proxy")
                .statuses(running("app", true, 0), restarts(waiting("proxy", "CrashLoopBackOff"), 7)).columns();
        assertColumns(c, "CrashLoopBackOff", "1/2", 7);
    }

    @Test
    void latestFinishedAtAmongContainersIsTheLastRestart() {
        PodColumns c = pod("Running").containers("a", "b", "c").statuses(
                last(running("a", true, 1), "Error", 1, T2),
                last(running("b", true, 2), "OOMKilled", 137, T3),
                last(running("c", true, 1), "Error", 1, T1)).columns();
        assertColumns(c, "Running", "3/3", 4);
        assertEquals(Instant.parse(T3), c.lastRestart());
    }

    // ---------------------------------------------------------------- pod-level reasons

    @Test
    void schedulingGated() {
        PodColumns c = pod("Pending").containers("app", "log")
                .condition("PodScheduled", "False", "SchedulingGated").columns();
        assertColumns(c, "SchedulingGated", "0/2", 0);
    }

    @Test
    void unschedulableKeepsPending() {
        PodColumns c = pod("Pending").containers("app").condition("PodScheduled", "False", "Unschedulable").columns();
        assertColumns(c, "Pending", "0/1", 0);
    }

    @Test
    void evictedPodWithoutContainerStatuses() {
        PodColumns c = pod("Failed").reason("Evicted").containers("app").columns();
        assertColumns(c, "Evicted", "0/1", 0);
    }

    @Test
    void evictedPodWhoseContainerTerminatedShowsTheContainerReason() {
        PodColumns c = pod("Failed").reason("Evicted").containers("app")
                .statuses(terminated("app", "ContainerStatusUnknown", 137, 0)).columns();
        assertColumns(c, "ContainerStatusUnknown", "0/1", 0);
    }

    @Test
    void deadlineExceeded() {
        PodColumns c = pod("Failed").reason("DeadlineExceeded").containers("job").columns();
        assertColumns(c, "DeadlineExceeded", "0/1", 0);
    }

    @Test
    void terminating() {
        PodColumns c = pod("Running").deleting().containers("app").statuses(running("app", true, 0)).columns();
        assertColumns(c, "Terminating", "1/1", 0);
    }

    @Test
    void terminatingOverridesAContainerReason() {
        PodColumns c = pod("Running").deleting().containers("app")
                .statuses(restarts(waiting("app", "CrashLoopBackOff"), 4)).columns();
        assertColumns(c, "Terminating", "0/1", 4);
    }

    @Test
    void deletedSucceededPodIsNotTerminating() {
        PodColumns c = pod("Succeeded").deleting().containers("job").statuses(terminated("job", "Completed", 0, 0)).columns();
        assertColumns(c, "Completed", "0/1", 0);
    }

    @Test
    void deletedFailedPodIsNotTerminating() {
        PodColumns c = pod("Failed").deleting().containers("job").statuses(terminated("job", "Error", 2, 0)).columns();
        assertColumns(c, "Error", "0/1", 0);
    }

    @Test
    void nodeLostWhileDeletingShowsUnknown() {
        PodColumns c = pod("Running").reason("NodeLost").deleting().containers("app")
                .statuses(running("app", true, 0)).columns();
        assertColumns(c, "Unknown", "1/1", 0);
    }

    @Test
    void nodeLostWithoutDeletionShowsNodeLost() {
        PodColumns c = pod("Running").reason("NodeLost").containers("app").statuses(running("app", true, 0)).columns();
        assertColumns(c, "NodeLost", "1/1", 0);
    }

    @Test
    void unknownPhase() {
        // TestPrintNonTerminatedPod: a pod whose node stopped reporting
        PodColumns c = pod("Unknown").containers("app").columns();
        assertColumns(c, "Unknown", "0/1", 0);
    }

    // ---------------------------------------------------------------- init containers

    @Test
    void firstInitContainerRunning() {
        PodColumns c = pod("Pending").init(initC("migrate"), initC("warm")).containers("app")
                .condition("Initialized", "False")
                .initStatuses(running("migrate", false, 0), waiting("warm", "PodInitializing"))
                .statuses(waiting("app", "PodInitializing")).columns();
        assertColumns(c, "Init:0/2", "0/1", 0);
    }

    @Test
    void secondInitContainerRunning() {
        PodColumns c = pod("Pending").init(initC("migrate"), initC("warm")).containers("app")
                .initStatuses(terminated("migrate", "Completed", 0, 0), running("warm", false, 0))
                .statuses(waiting("app", "PodInitializing")).columns();
        assertColumns(c, "Init:1/2", "0/1", 0);
    }

    @Test
    void initContainerWaitingWithPodInitializingCountsAsPending() {
        PodColumns c = pod("Pending").init(initC("migrate"), initC("warm")).containers("app")
                .initStatuses(terminated("migrate", "Completed", 0, 0), waiting("warm", "PodInitializing")).columns();
        assertColumns(c, "Init:1/2", "0/1", 0);
    }

    @Test
    void initContainerError() {
        PodColumns c = pod("Pending").init(initC("migrate"), initC("warm")).containers("app")
                .initStatuses(last(restarts(terminated("migrate", "Error", 1, 0), 2), "Error", 1, T2),
                        waiting("warm", "PodInitializing"))
                .statuses(waiting("app", "PodInitializing")).columns();
        assertColumns(c, "Init:Error", "0/1", 2);
        assertEquals(Instant.parse(T2), c.lastRestart());
    }

    @Test
    void initContainerCrashLoopCountsRestartsOfInitContainersUpToIt() {
        // kubectl quirk: before initialization RESTARTS sums the regular init containers it walked,
        // and stops at the first one not done (the third init container's restarts are not counted)
        PodColumns c = pod("Pending").init(initC("fetch"), initC("migrate"), initC("warm")).containers("app")
                .initStatuses(last(restarts(terminated("fetch", "Completed", 0, 0), 1), "Error", 1, T3),
                        last(restarts(waiting("migrate", "CrashLoopBackOff"), 4), "Error", 1, T2),
                        restarts(waiting("warm", "PodInitializing"), 9))
                .statuses(restarts(waiting("app", "PodInitializing"), 8)).columns();
        assertColumns(c, "Init:CrashLoopBackOff", "0/1", 5);
        assertEquals(Instant.parse(T3), c.lastRestart());
    }

    @Test
    void initContainerExitCodeWithoutReason() {
        PodColumns c = pod("Pending").init(initC("migrate")).containers("app")
                .initStatuses(terminated("migrate", null, 3, 0)).columns();
        assertColumns(c, "Init:ExitCode:3", "0/1", 0);
    }

    @Test
    void initContainerSignalWithoutReason() {
        PodColumns c = pod("Pending").init(initC("migrate")).containers("app")
                .initStatuses(terminated("migrate", "", 137, 9)).columns();
        assertColumns(c, "Init:Signal:9", "0/1", 0);
    }

    @Test
    void initContainerImagePullBackOff() {
        PodColumns c = pod("Pending").init(initC("migrate")).containers("app")
                .initStatuses(waiting("migrate", "ImagePullBackOff")).columns();
        assertColumns(c, "Init:ImagePullBackOff", "0/1", 0);
    }

    @Test
    void podInitializingAfterInitContainersDropsTheirRestarts() {
        // once initialized, RESTARTS only counts sidecars and app containers
        PodColumns c = pod("Pending").init(initC("migrate")).containers("app").condition("Initialized", "True")
                .initStatuses(last(restarts(terminated("migrate", "Completed", 0, 0), 2), "Error", 1, T3))
                .statuses(waiting("app", "PodInitializing")).columns();
        assertColumns(c, "PodInitializing", "0/1", 0);
        assertNull(c.lastRestart());
    }

    @Test
    void initContainerStatusesNotYetReported() {
        PodColumns c = pod("Pending").init(initC("migrate")).containers("app").columns();
        assertColumns(c, "Pending", "0/1", 0);
    }

    // ---------------------------------------------------------------- sidecars (TestPrintPodWithRestartableInitContainer)

    @Test
    void sidecarNotYetStarted() {
        PodColumns c = pod("Pending").init(sidecar("proxy")).containers("app")
                .initStatuses(started(running("proxy", false, 0), false)).statuses(waiting("app", "PodInitializing"))
                .columns();
        assertColumns(c, "Init:0/1", "0/2", 0);
    }

    @Test
    void startedSidecarCountsAsReadyWhileLaterInitContainerRuns() {
        PodColumns c = pod("Pending").init(initC("fetch"), sidecar("proxy"), initC("migrate")).containers("app")
                .condition("Initialized", "False")
                .initStatuses(restarts(terminated("fetch", "Completed", 0, 0), 1),
                        started(running("proxy", true, 2), true),
                        running("migrate", false, 0))
                .statuses(waiting("app", "PodInitializing")).columns();
        assertColumns(c, "Init:2/3", "1/2", 3);
    }

    @Test
    void startedButUnreadySidecarIsNotCounted() {
        PodColumns c = pod("Pending").init(sidecar("proxy"), initC("migrate")).containers("app")
                .initStatuses(started(running("proxy", false, 0), true), running("migrate", false, 0)).columns();
        assertColumns(c, "Init:1/2", "0/2", 0);
    }

    @Test
    void runningPodWithSidecarsCountsSidecarRestartsOnly() {
        PodColumns c = pod("Running").init(initC("fetch"), sidecar("proxy"), sidecar("log")).containers("app")
                .condition("Initialized", "True").condition("Ready", "True")
                .initStatuses(last(restarts(terminated("fetch", "Completed", 0, 0), 2), "Error", 1, T3),
                        last(started(running("proxy", true, 3), true), "Error", 1, T1),
                        started(running("log", true, 0), true))
                .statuses(running("app", true, 1)).columns();
        assertColumns(c, "Running", "3/3", 4);
        assertEquals(Instant.parse(T1), c.lastRestart());
    }

    @Test
    void crashingSidecarAfterInitializationKeepsTheInitReason() {
        // kubectl quirk: the Initialized condition is True, the app container walk does not replace
        // the reason of a running ready container, so "Init:CrashLoopBackOff" stays
        PodColumns c = pod("Running").init(sidecar("proxy")).containers("app").condition("Initialized", "True")
                .initStatuses(started(restarts(waiting("proxy", "CrashLoopBackOff"), 6), false))
                .statuses(running("app", true, 0)).columns();
        assertColumns(c, "Init:CrashLoopBackOff", "1/2", 6);
    }

    @Test
    void completedJobWithSidecarKilledOnShutdownShowsCompleted() {
        PodColumns c = pod("Succeeded").init(sidecar("proxy")).containers("job").condition("Initialized", "True")
                .initStatuses(started(terminated("proxy", "Error", 143, 0), false))
                .statuses(terminated("job", "Completed", 0, 0)).columns();
        assertColumns(c, "Completed", "0/2", 0);
    }

    @Test
    void sidecarTerminatedWithExitZeroIsDone() {
        PodColumns c = pod("Succeeded").init(sidecar("proxy")).containers("job")
                .initStatuses(started(terminated("proxy", "Completed", 0, 0), false))
                .statuses(terminated("job", "Completed", 0, 0)).columns();
        assertColumns(c, "Completed", "0/2", 0);
    }

    @Test
    void terminatingPodWithSidecar() {
        PodColumns c = pod("Running").deleting().init(sidecar("proxy")).containers("app")
                .condition("Initialized", "True")
                .initStatuses(started(running("proxy", true, 1), true))
                .statuses(running("app", true, 0)).columns();
        assertColumns(c, "Terminating", "2/2", 1);
    }

    // ---------------------------------------------------------------- partial objects

    @Test
    void emptyPod() {
        PodColumns c = KubectlColumns.of(new Pod());
        assertColumns(c, "", "0/0", 0);
        assertNull(c.lastRestart());
    }

    @Test
    void nullPod() {
        assertColumns(KubectlColumns.of(null), "", "0/0", 0);
    }

    @Test
    void specWithoutStatus() {
        PodColumns c = KubectlColumns.of(new PodBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addNewContainer().withName("app").endContainer().endSpec().build());
        assertColumns(c, "", "0/1", 0);
    }

    @Test
    void statusWithoutSpecTreatsInitContainersAsRegular() {
        Pod p = pod("Pending").initStatuses(running("migrate", false, 0)).build();
        p.setSpec(null);
        assertColumns(KubectlColumns.of(p), "Init:0/0", "0/0", 0);
    }

    @Test
    void containerStatusWithoutState() {
        Pod p = pod("Running").containers("app").statuses(new ContainerStatus()).build();
        assertColumns(KubectlColumns.of(p), "Running", "0/1", 0);
    }

    // ---------------------------------------------------------------- helpers

    private static void assertColumns(PodColumns c, String status, String ready, int restarts) {
        assertEquals(status, c.status(), "STATUS");
        assertEquals(ready, c.ready(), "READY");
        assertEquals(restarts, c.restarts(), "RESTARTS");
    }

    private static Dsl pod(String phase) {
        return new Dsl(phase);
    }

    private static Container initC(String name) {
        return new ContainerBuilder().withName(name).withImage("busybox:1.36").build();
    }

    private static Container sidecar(String name) {
        return new ContainerBuilder().withName(name).withImage("envoyproxy/envoy:v1.31").withRestartPolicy("Always").build();
    }

    private static ContainerStatus status(String name) {
        return new ContainerStatusBuilder().withName(name).withImage("busybox:1.36").withReady(false).withRestartCount(0).build();
    }

    private static ContainerStatus running(String name, boolean ready, int restarts) {
        return new ContainerStatusBuilder(status(name)).withReady(ready).withRestartCount(restarts).withStarted(true)
                .withNewState().withNewRunning().withStartedAt("2026-11-27T09:00:00Z").endRunning().endState().build();
    }

    private static ContainerStatus waiting(String name, String reason) {
        return new ContainerStatusBuilder(status(name)).withStarted(false)
                .withNewState().withNewWaiting().withReason(reason).endWaiting().endState().build();
    }

    private static ContainerStatus terminated(String name, String reason, int exitCode, int signal) {
        return new ContainerStatusBuilder(status(name)).withStarted(false)
                .withNewState().withNewTerminated().withReason(reason).withExitCode(exitCode)
                .withSignal(signal == 0 ? null : signal)
                .withStartedAt("2026-11-27T09:00:00Z").withFinishedAt("2026-11-27T09:01:00Z")
                .endTerminated().endState().build();
    }

    private static ContainerStatus restarts(ContainerStatus s, int restarts) {
        return new ContainerStatusBuilder(s).withRestartCount(restarts).build();
    }

    private static ContainerStatus started(ContainerStatus s, boolean started) {
        return new ContainerStatusBuilder(s).withStarted(started).build();
    }

    private static ContainerStatus last(ContainerStatus s, String reason, int exitCode, String finishedAt) {
        return new ContainerStatusBuilder(s).withNewLastState().withNewTerminated().withReason(reason)
                .withExitCode(exitCode).withFinishedAt(finishedAt).endTerminated().endLastState().build();
    }

    /** A compact pod description: the phase plus whatever the test needs. */
    private static final class Dsl {
        private final String phase;
        private final List<Container> init = new ArrayList<>();
        private final List<Container> containers = new ArrayList<>();
        private final List<ContainerStatus> initStatuses = new ArrayList<>();
        private final List<ContainerStatus> statuses = new ArrayList<>();
        private final List<PodCondition> conditions = new ArrayList<>();
        private String reason;
        private boolean deleting;

        Dsl(String phase) {
            this.phase = phase;
        }

        Dsl init(Container... c) {
            init.addAll(Arrays.asList(c));
            return this;
        }

        Dsl containers(String... names) {
            for (String n : names) {
                containers.add(new ContainerBuilder().withName(n).withImage("registry.example.com/" + n + ":1.0").build());
            }
            return this;
        }

        Dsl initStatuses(ContainerStatus... s) {
            initStatuses.addAll(Arrays.asList(s));
            return this;
        }

        Dsl statuses(ContainerStatus... s) {
            statuses.addAll(Arrays.asList(s));
            return this;
        }

        Dsl condition(String type, String status) {
            return condition(type, status, null);
        }

        Dsl condition(String type, String status, String reason) {
            conditions.add(new PodConditionBuilder().withType(type).withStatus(status).withReason(reason)
                    .withLastTransitionTime("2026-11-27T09:00:00Z").build());
            return this;
        }

        Dsl reason(String r) {
            reason = r;
            return this;
        }

        Dsl deleting() {
            deleting = true;
            return this;
        }

        Pod build() {
            PodSpec spec = new PodSpec();
            spec.setInitContainers(init);
            spec.setContainers(containers);
            PodStatus status = new PodStatus();
            status.setPhase(phase);
            status.setReason(reason);
            status.setConditions(conditions);
            status.setInitContainerStatuses(initStatuses);
            status.setContainerStatuses(statuses);
            return new PodBuilder().withNewMetadata().withName("web-7d4b9c8f6-x2x9q").withNamespace("shop")
                    .withDeletionTimestamp(deleting ? "2026-11-27T09:58:00Z" : null).endMetadata()
                    .withSpec(spec).withStatus(status).build();
        }

        PodColumns columns() {
            return KubectlColumns.of(build());
        }
    }
}
