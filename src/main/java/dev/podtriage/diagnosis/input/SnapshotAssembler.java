package dev.podtriage.diagnosis.input;

import dev.podtriage.diagnosis.OptOutSource;
import dev.podtriage.diagnosis.PodSnapshot;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import dev.podtriage.diagnosis.WorkloadKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the {@link PodSnapshot} of a pod the same way for every source: the informer caches, a
 * direct read, or a flat list of objects sent offline (what {@code kubectl get pod,events,nodes,rs
 * -o json} prints). Events are matched to their object by {@code involvedObject}: by uid where both
 * sides have one, else by kind, namespace and name. The owner is the workload the pod's controller
 * reference (else its first owner reference) names; its events and those of its own owner (a
 * ReplicaSet's Deployment) are the owner events.
 */
public final class SnapshotAssembler {
    private final SnapshotSource source;
    private final boolean enrich;

    /**
     * @param enrich look up the pod's node and owner too; without, the snapshot holds the pod and its
     *               events only (the engine still names the owner from the owner references)
     */
    public SnapshotAssembler(SnapshotSource source, boolean enrich) {
        this.source = source;
        this.enrich = enrich;
    }

    /** One snapshot per Pod among {@code objects}, every lookup answered from the same list. */
    public static List<PodSnapshot> assemble(List<HasMetadata> objects) {
        return assemble(index(objects));
    }

    /** One snapshot per Pod of an offline index. */
    public static List<PodSnapshot> assemble(WorkloadSource index) {
        SnapshotAssembler assembler = new SnapshotAssembler(index, true);
        return ((ObjectIndex) index).pods.stream().map(assembler::snapshot).toList();
    }

    /** The objects of one offline request, indexed once, as a source of pods' and workloads' surroundings. */
    public static WorkloadSource index(List<HasMetadata> objects) {
        return new ObjectIndex(objects);
    }

    public PodSnapshot snapshot(Pod pod) {
        ObjectMeta m = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
        List<Event> events = source.eventsAbout("Pod", m);
        if (!enrich) {
            return new PodSnapshot(pod, events, null, null, List.of(), Map.of());
        }
        HasMetadata owner = owner(m).orElse(null);
        List<Event> ownerEvents = new ArrayList<>();
        List<HasMetadata> read = new ArrayList<>();
        if (owner != null) {
            read.add(owner);
            ownerEvents.addAll(source.eventsAbout(owner.getKind(), owner.getMetadata()));
            owner(owner.getMetadata()).ifPresent(g -> {
                read.add(g);
                ownerEvents.addAll(source.eventsAbout(g.getKind(), g.getMetadata()));
            });
        }
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        Node node = nodeName == null ? null : source.node(nodeName).orElse(null);
        return new PodSnapshot(pod, events, node, owner, ownerEvents, Map.of(), optOutSources(source, m, read));
    }

    /** Owners above a pod at most: ReplicaSet, Deployment; Job, CronJob. */
    private static final int OWNER_CHAIN = 4;

    /**
     * The opt-out annotations around an object (a pod or a workload), nearest first: those of its
     * owner chain (controller references, as far as the source knows them), then its namespace's.
     */
    public static List<OptOutSource> optOutSources(SnapshotSource source, ObjectMeta of) {
        return optOutSources(source, of, List.of());
    }

    /** The same, taking the owners already {@code read} from them rather than from the source (a direct read is an API call). */
    private static List<OptOutSource> optOutSources(SnapshotSource source, ObjectMeta of, List<HasMetadata> read) {
        List<OptOutSource> out = new ArrayList<>();
        ObjectMeta m = of;
        for (int depth = 0; depth < OWNER_CHAIN && m != null; depth++) {
            OwnerReference ref = controllerOf(m);
            if (ref == null || ref.getKind() == null || ref.getName() == null) {
                break;
            }
            m = read.stream().filter(o -> ref.getKind().equals(o.getKind()) && ref.getName().equals(o.getMetadata().getName()))
                    .map(HasMetadata::getMetadata).findFirst()
                    .orElseGet(() -> source.metadata(ref.getKind(), of.getNamespace(), ref.getName()).orElse(null));
            if (m != null) {
                OptOutSource.of(ref.getKind(), m).ifPresent(out::add);
            }
        }
        if (of.getNamespace() != null) {
            source.metadata("Namespace", null, of.getNamespace()).flatMap(ns -> OptOutSource.of("Namespace", ns)).ifPresent(out::add);
        }
        return out;
    }

    /** The workload owning an object: its controller reference first, then the others in order. */
    private Optional<HasMetadata> owner(ObjectMeta m) {
        if (m == null || m.getOwnerReferences() == null) {
            return Optional.empty();
        }
        List<OwnerReference> refs = new ArrayList<>(m.getOwnerReferences());
        refs.sort(Comparator.comparing(r -> !Boolean.TRUE.equals(r.getController())));
        for (OwnerReference ref : refs) {
            if (ref != null && WorkloadKind.of(ref.getKind()).isPresent()) {
                Optional<HasMetadata> o = source.owner(ref, m.getNamespace());
                if (o.isPresent()) {
                    return o;
                }
            }
        }
        return Optional.empty();
    }

    /** The controller reference of an object (else its first owner reference), or null. */
    public static OwnerReference controllerOf(ObjectMeta m) {
        List<OwnerReference> refs = m == null ? null : m.getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return null;
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(refs.get(0));
    }

    /** The objects of one offline request, indexed once: O(pods + events), not O(pods × events). */
    private static final class ObjectIndex implements WorkloadSource {
        private final EventIndex events = new EventIndex();
        private final Map<String, Node> nodes = new HashMap<>();
        private final Map<String, HasMetadata> workloadsByUid = new HashMap<>();
        private final Map<String, HasMetadata> workloadsByKey = new HashMap<>();
        private final List<Pod> pods = new ArrayList<>();
        private final List<HasMetadata> workloads = new ArrayList<>();

        ObjectIndex(List<HasMetadata> objects) {
            for (HasMetadata o : objects) {
                if (o instanceof Pod p) {
                    pods.add(p);
                } else if (o instanceof Event e) {
                    events.add(e);
                } else if (o instanceof Node n && n.getMetadata() != null) {
                    nodes.put(n.getMetadata().getName(), n);
                } else if (o.getMetadata() != null) {
                    ObjectMeta m = o.getMetadata();
                    if (m.getUid() != null) {
                        workloadsByUid.put(m.getUid(), o);
                    }
                    workloadsByKey.put(key(o.getKind(), m.getNamespace(), m.getName()), o);
                    if (WorkloadKind.of(o.getKind()).isPresent()) {
                        workloads.add(o);
                    }
                }
            }
        }

        @Override
        public List<Event> eventsAbout(String kind, ObjectMeta meta) {
            return events.of(kind, meta);
        }

        @Override
        public Optional<Node> node(String name) {
            return Optional.ofNullable(nodes.get(name));
        }

        /** Any object sent that is not a pod, event or node: workloads, CronJobs, Namespaces. */
        @Override
        public Optional<ObjectMeta> metadata(String kind, String namespace, String name) {
            return Optional.ofNullable(workloadsByKey.get(key(kind, namespace, name))).map(HasMetadata::getMetadata);
        }

        @Override
        public Optional<HasMetadata> owner(OwnerReference ref, String namespace) {
            HasMetadata o = ref.getUid() == null ? null : workloadsByUid.get(ref.getUid());
            return Optional.ofNullable(o != null ? o : workloadsByKey.get(key(ref.getKind(), namespace, ref.getName())));
        }

        @Override
        public List<HasMetadata> workloads(String namespace) {
            return workloads.stream().filter(w -> namespace == null || namespace.equals(w.getMetadata().getNamespace())).toList();
        }

        @Override
        public List<Pod> podsOwnedBy(HasMetadata owner) {
            return pods.stream().filter(p -> ownedBy(p.getMetadata(), owner)).toList();
        }

        @Override
        public List<HasMetadata> ownedReplicaSets(HasMetadata deployment) {
            return workloads.stream().filter(w -> WorkloadKind.REPLICA_SET.kind().equals(w.getKind()) && ownedBy(w.getMetadata(), deployment))
                    .toList();
        }

        /** By uid where both sides have one, else by kind and name in the owner's namespace (a pasted object may lack uids). */
        private static boolean ownedBy(ObjectMeta m, HasMetadata owner) {
            if (m == null || m.getOwnerReferences() == null || !Objects.equals(m.getNamespace(), owner.getMetadata().getNamespace())) {
                return false;
            }
            String uid = owner.getMetadata().getUid();
            return m.getOwnerReferences().stream().filter(Objects::nonNull).anyMatch(r -> uid != null && r.getUid() != null
                    ? uid.equals(r.getUid())
                    : owner.getKind().equals(r.getKind()) && Objects.equals(owner.getMetadata().getName(), r.getName()));
        }
    }

    public static String key(String kind, String namespace, String name) {
        return kind + "/" + Objects.toString(namespace, "") + "/" + name;
    }

    /**
     * The events about one object from those indexed under its uid and under its name: by uid when
     * the object has one (so a re-created pod of the same name does not inherit its predecessor's
     * events), plus the events that carry no uid; by name alone when the object has no uid.
     */
    public static List<Event> select(ObjectMeta m, List<Event> byUid, List<Event> byName) {
        if (m.getUid() == null || m.getUid().isEmpty()) {
            return byName;
        }
        List<Event> out = new ArrayList<>(byUid);
        for (Event e : byName) {
            String uid = e.getInvolvedObject().getUid();
            if (uid == null || uid.isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Events indexed by the uid and by the kind/namespace/name of their involved object. */
    public static final class EventIndex {
        private final Map<String, List<Event>> byUid = new HashMap<>();
        private final Map<String, List<Event>> byKey = new HashMap<>();

        public void add(Event e) {
            ObjectReference io = e.getInvolvedObject();
            if (io == null) {
                return;
            }
            if (io.getUid() != null && !io.getUid().isEmpty()) {
                byUid.computeIfAbsent(io.getUid(), k -> new ArrayList<>()).add(e);
            }
            String ns = io.getNamespace() != null ? io.getNamespace()
                    : e.getMetadata() == null ? null : e.getMetadata().getNamespace();
            byKey.computeIfAbsent(key(io.getKind(), ns, io.getName()), k -> new ArrayList<>()).add(e);
        }

        /**
         * The events about one object: by uid when both sides carry one (so a re-created pod of the
         * same name does not inherit its predecessor's events), else by kind, namespace and name.
         */
        public List<Event> of(String kind, ObjectMeta m) {
            if (m == null) {
                return List.of();
            }
            return select(m, byUid.getOrDefault(Objects.toString(m.getUid(), ""), List.of()),
                    byKey.getOrDefault(key(kind, m.getNamespace(), m.getName()), List.of()));
        }
    }
}
