package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.PodView;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;

/** Pods with parts missing, as partial objects arrive: the families must not throw on them. */
final class PartialPods {
    private PartialPods() {
    }

    static List<PodView> all() {
        Pod empty = new Pod();
        Pod metaOnly = new PodBuilder().withNewMetadata().withName("x").withNamespace("ns").endMetadata().build();
        Pod statusWithoutSpec = new PodBuilder().withNewMetadata().withName("y").endMetadata()
                .withNewStatus().withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder().withName("app").withNewState().withNewWaiting().endWaiting().endState()
                        .withNewLastState().withNewTerminated().endTerminated().endLastState().build(),
                        new ContainerStatusBuilder().withName("side").build())
                .withInitContainerStatuses(new ContainerStatusBuilder().withName("init").withNewState().withNewRunning().endRunning().endState().build())
                .endStatus().build();
        Pod specWithoutStatus = new PodBuilder().withNewSpec().addNewContainer().withName("app").endContainer()
                .addNewInitContainer().withName("init").endInitContainer().endSpec().build();
        return List.of(empty, metaOnly, statusWithoutSpec, specWithoutStatus).stream()
                .map(p -> new PodView(PodSnapshot.of(p, List.of()), Fixtures.AT, DiagnosisSettings.defaults())).toList();
    }
}
