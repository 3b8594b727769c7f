package dev.podtriage.cluster.sandbox;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates objects in an API server the way a cluster would have: owners before what they own,
 * events last, and every uid reference (owner references, events' involvedObject) pointed at the
 * uid the API server assigned on create.
 */
public final class Seeder {
    private Seeder() {
    }

    public static void seed(KubernetesClient client, List<HasMetadata> objects) {
        List<HasMetadata> ordered = new ArrayList<>(objects);
        ordered.sort(Comparator.comparingInt(Seeder::rank));
        Map<String, String> uids = new HashMap<>();
        for (HasMetadata o : ordered) {
            if (o.getMetadata().getOwnerReferences() != null) {
                o.getMetadata().getOwnerReferences().forEach(r -> r.setUid(uids.getOrDefault(r.getUid(), r.getUid())));
            }
            if (o instanceof Event e && e.getInvolvedObject() != null) {
                String uid = e.getInvolvedObject().getUid();
                e.getInvolvedObject().setUid(uids.getOrDefault(uid, uid));
            }
            String before = o.getMetadata().getUid();
            o.getMetadata().setResourceVersion(null);
            HasMetadata created = client.resource(o).createOr(existing -> existing.update());
            if (before != null && created.getMetadata().getUid() != null) {
                uids.put(before, created.getMetadata().getUid());
            }
        }
    }

    /** Namespaces and nodes, then workloads from the top down, then pods, then events. */
    private static int rank(HasMetadata o) {
        if (o instanceof Namespace || o instanceof Node) {
            return 0;
        }
        if (o instanceof Event) {
            return 5;
        }
        if (o instanceof Pod) {
            return 4;
        }
        return switch (o.getKind()) {
            case "Deployment", "StatefulSet", "DaemonSet", "CronJob" -> 1;
            case "ReplicaSet", "Job" -> 2;
            default -> 3;
        };
    }
}
