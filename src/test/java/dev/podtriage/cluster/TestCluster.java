package dev.podtriage.cluster;

import dev.podtriage.cluster.sandbox.Seeder;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.UUID;

/** Seeds the mock API server with fixtures, moved into a namespace of the test's own. */
public final class TestCluster {
    private TestCluster() {
    }

    public static void namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).createOr(n -> n.update());
    }

    /** Creates every object of a fixture in {@code namespace} (events keep pointing at their objects). */
    public static List<HasMetadata> load(KubernetesClient client, String fixture, String namespace) {
        namespace(client, namespace);
        List<HasMetadata> objects = new ManifestReader().read(Fixtures.read(fixture), fixture.endsWith(".yaml"));
        for (HasMetadata o : objects) {
            if (o instanceof Node) {
                continue;
            }
            o.getMetadata().setNamespace(namespace);
            if (o instanceof Event e && e.getInvolvedObject() != null) {
                e.getInvolvedObject().setNamespace(namespace);
            }
        }
        Seeder.seed(client, objects);
        return objects;
    }

    /** A Running, Ready pod with requests and a memory limit: nothing to report. */
    public static Pod healthyPod(String namespace, String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", "ok")
                .withUid(UUID.randomUUID().toString()).withCreationTimestamp("2026-11-27T08:00:00Z").endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("app").withImage("nginx:1.27")
                .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("64Mi"))
                .addToLimits("memory", new Quantity("128Mi")).endResources()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("app").withImage("nginx:1.27").withReady(true).withStarted(true)
                .withRestartCount(0).withNewState().withNewRunning().withStartedAt("2026-11-27T08:00:05Z").endRunning().endState()
                .endContainerStatus().endStatus().build();
    }
}
