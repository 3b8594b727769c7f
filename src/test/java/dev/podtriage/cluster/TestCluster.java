package dev.podtriage.cluster;

import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Seeds the mock API server with fixtures, moved into a namespace of the test's own. */
final class TestCluster {
    private TestCluster() {
    }

    static void namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).createOr(n -> n.update());
    }

    /** Creates every object of a fixture in {@code namespace} (events keep pointing at their objects). */
    static List<HasMetadata> load(KubernetesClient client, String fixture, String namespace) {
        namespace(client, namespace);
        List<HasMetadata> objects = new ManifestReader().read(Fixtures.read(fixture), fixture.endsWith(".yaml"));
        // the API server assigns uids on create, as a real one does: events must point at the new ones
        Map<String, String> uids = new HashMap<>();
        objects.sort(Comparator.comparing(o -> o instanceof Event ? 1 : 0));
        for (HasMetadata o : objects) {
            if (o instanceof Node) {
                client.resource(o).createOr(n -> n.update());
                continue;
            }
            o.getMetadata().setNamespace(namespace);
            o.getMetadata().setResourceVersion(null);
            if (o instanceof Event e && e.getInvolvedObject() != null) {
                e.getInvolvedObject().setNamespace(namespace);
                e.getInvolvedObject().setUid(uids.getOrDefault(e.getInvolvedObject().getUid(), e.getInvolvedObject().getUid()));
            }
            if (o.getMetadata().getOwnerReferences() != null) {
                o.getMetadata().getOwnerReferences().forEach(r -> r.setUid(uids.getOrDefault(r.getUid(), r.getUid())));
            }
            String oldUid = o.getMetadata().getUid();
            HasMetadata created = client.resource(o).inNamespace(namespace).create();
            if (oldUid != null) {
                uids.put(oldUid, created.getMetadata().getUid());
            }
        }
        return objects;
    }
}
