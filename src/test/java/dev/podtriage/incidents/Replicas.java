package dev.podtriage.incidents;

import dev.podtriage.cluster.TestCluster;
import dev.podtriage.cluster.sandbox.Seeder;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Seeds a test cluster with copies of a one-pod fixture, as replicas failing alike. */
public final class Replicas {
    private Replicas() {
    }

    /** {@code copies} pods of a one-pod fixture in {@code namespace}, each with its own name, uid and events. */
    public static void seed(KubernetesClient client, String fixture, String namespace, int copies) {
        seed(client, fixture, namespace, copies, List.of());
    }

    /** The same, with other objects (the pods' owners) seeded with them, so that owner references point at the uids assigned. */
    public static void seed(KubernetesClient client, String fixture, String namespace, int copies, List<HasMetadata> owners) {
        TestCluster.namespace(client, namespace);
        List<HasMetadata> objects = new ArrayList<>(owners);
        for (int i = 0; i < copies; i++) {
            List<HasMetadata> copy = new ManifestReader().read(Fixtures.read(fixture), false);
            Pod pod = copy.stream().filter(Pod.class::isInstance).map(Pod.class::cast).findFirst().orElseThrow();
            String original = pod.getMetadata().getName();
            String name = original + "-" + i;
            String uid = UUID.randomUUID().toString();
            for (HasMetadata o : copy) {
                boolean podEvent = o instanceof Event e && e.getInvolvedObject() != null && original.equals(e.getInvolvedObject().getName());
                if (o instanceof Event e) {
                    e.getInvolvedObject().setNamespace(podEvent ? namespace : e.getInvolvedObject().getNamespace());
                }
                if (o == pod || podEvent) {
                    o.getMetadata().setName(o.getMetadata().getName().replace(original, name));
                    if (o instanceof Event e) {
                        e.getInvolvedObject().setName(name);
                        e.getInvolvedObject().setUid(uid);
                    } else {
                        o.getMetadata().setUid(uid);
                    }
                } else if (i > 0) {
                    continue; // the node and its events once
                }
                o.getMetadata().setNamespace(o instanceof Node ? null : namespace);
                objects.add(o);
            }
        }
        Seeder.seed(client, objects);
    }

}
