package dev.podtriage.cluster;

import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the API server directly, for one request, while the caches are not live (start-up, outage).
 * Each list is fetched at most once per request: a namespace report costs two calls (pods, events) and one per
 * workload kind (its workloads with findings of their own).
 */
final class DirectSource implements ClusterSource {
    private final KubernetesClient client;
    private final ClusterErrors errors;
    private final ClusterCalls calls;
    private final Deadline deadline;
    private final Map<String, SnapshotAssembler.EventIndex> eventsByNamespace = new HashMap<>();
    private final Map<String, Optional<Node>> nodes = new HashMap<>();
    private final Map<String, List<HasMetadata>> workloadLists = new HashMap<>();

    DirectSource(KubernetesClient client, ClusterErrors errors, ClusterCalls calls, Deadline deadline) {
        this.client = client;
        this.errors = errors;
        this.calls = calls;
        this.deadline = deadline;
    }

    /** One call through the circuit breaker, waited for no longer than the request's deadline. */
    private <T> T call(String verb, String resource, String namespace, java.util.function.Supplier<T> call) {
        return calls.within(deadline, () -> errors.call(verb, resource, namespace, call));
    }

    @Override
    public boolean free() {
        return false;
    }

    @Override
    public boolean namespaceExists(String namespace) {
        return call("get", "namespaces", null, () -> client.namespaces().withName(namespace).get()) != null;
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(call("get", "pods", namespace,
                () -> client.pods().inNamespace(namespace).withName(name).get()));
    }

    @Override
    public List<Pod> pods(String namespace) {
        return call("list", "pods", namespace, () -> namespace == null
                ? client.pods().inAnyNamespace().list().getItems()
                : client.pods().inNamespace(namespace).list().getItems());
    }

    @Override
    public List<Pod> podsOwnedBy(HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        return pods(owner.getMetadata().getNamespace()).stream().filter(p -> ownedBy(p.getMetadata(), uid)).toList();
    }

    @Override
    public List<Event> eventsAbout(String kind, ObjectMeta meta) {
        String ns = meta.getNamespace();
        SnapshotAssembler.EventIndex index = eventsByNamespace.computeIfAbsent(ns == null ? "" : ns, k -> {
            // no field selector on purpose: one list per namespace serves every object in it
            List<Event> events = call("list", "events", ns, () -> client.v1().events().inNamespace(ns).list().getItems());
            SnapshotAssembler.EventIndex i = new SnapshotAssembler.EventIndex();
            events.forEach(i::add);
            return i;
        });
        return index.of(kind, meta);
    }

    @Override
    public Optional<Node> node(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return nodes.computeIfAbsent(name, n -> {
            try {
                return Optional.ofNullable(calls.within(deadline, () -> client.nodes().withName(n).get()));
            } catch (RuntimeException e) {
                return Optional.empty(); // a node is extra evidence; RBAC on nodes must not fail the diagnosis
            }
        });
    }

    @Override
    public Optional<HasMetadata> workload(WorkloadKind kind, String namespace, String name) {
        return Optional.ofNullable(call("get", kind.plural(), namespace,
                () -> client.resources(kind.type()).inNamespace(namespace).withName(name).get()));
    }

    @Override
    public List<HasMetadata> ownedReplicaSets(HasMetadata deployment) {
        String uid = deployment.getMetadata().getUid();
        return list(WorkloadKind.REPLICA_SET, deployment.getMetadata().getNamespace()).stream()
                .filter(rs -> ownedBy(rs.getMetadata(), uid)).toList();
    }

    /** One list per kind and namespace (null: all) per request, however many workloads ask. */
    @Override
    public List<HasMetadata> workloads(String namespace) {
        List<HasMetadata> all = new ArrayList<>();
        for (WorkloadKind k : WorkloadKind.values()) {
            all.addAll(list(k, namespace));
        }
        return all;
    }

    private List<HasMetadata> list(WorkloadKind kind, String namespace) {
        return workloadLists.computeIfAbsent(kind.kind() + "/" + Objects.toString(namespace, ""), k -> List.copyOf(
                call("list", kind.plural(), namespace, () -> namespace == null
                        ? client.resources(kind.type()).inAnyNamespace().list().getItems()
                        : client.resources(kind.type()).inNamespace(namespace).list().getItems())));
    }

    private static boolean ownedBy(ObjectMeta m, String uid) {
        List<OwnerReference> refs = m == null ? null : m.getOwnerReferences();
        return refs != null && uid != null && refs.stream().anyMatch(r -> uid.equals(r.getUid()));
    }
}
