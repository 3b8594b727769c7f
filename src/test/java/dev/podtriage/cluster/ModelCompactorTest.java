package dev.podtriage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compacting a cached object changes its memory, never what it says. */
class ModelCompactorTest {

    private static List<HasMetadata> read(String fixture) {
        return new ManifestReader().read(dev.podtriage.diagnosis.Fixtures.read(fixture), false);
    }

    @Test
    void aCompactedPodAndItsEventsSayExactlyWhatTheySaidBefore() {
        List<HasMetadata> objects = read("image/not-found-containerd.json");
        List<HasMetadata> copies = read("image/not-found-containerd.json");
        for (int i = 0; i < objects.size(); i++) {
            String before = Serialization.asJson(objects.get(i));
            assertSame(objects.get(i), TrimmedStore.trim(objects.get(i)));
            assertEquals(before, Serialization.asJson(objects.get(i)), "unchanged: " + objects.get(i).getKind());
            TrimmedStore.trim(copies.get(i));
        }
        Pod pod = (Pod) objects.stream().filter(Pod.class::isInstance).findFirst().orElseThrow();
        Pod other = (Pod) copies.stream().filter(Pod.class::isInstance).findFirst().orElseThrow();
        assertTrue(pod.getAdditionalProperties().isEmpty());
        assertSame(pod.getAdditionalProperties(), pod.getSpec().getContainers().get(0).getAdditionalProperties(),
                "one shared empty map for every model object without additional properties");
        assertSame(pod.getMetadata().getNamespace(), other.getMetadata().getNamespace(), "repeated values are held once");
        assertSame(pod.getSpec().getContainers().get(0).getImage(), other.getSpec().getContainers().get(0).getImage());
        Event event = (Event) objects.stream().filter(Event.class::isInstance).findFirst().orElseThrow();
        Event otherEvent = (Event) copies.stream().filter(Event.class::isInstance).findFirst().orElseThrow();
        assertSame(event.getReason(), otherEvent.getReason());
        assertSame(event.getInvolvedObject().getAdditionalProperties(), event.getSource().getAdditionalProperties());
        assertSame(event.getMetadata().getFinalizers(), otherEvent.getMetadata().getOwnerReferences(), "one shared empty list");
    }
}
