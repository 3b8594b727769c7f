package dev.podtriage.diagnosis.input;

import dev.podtriage.diagnosis.PodSnapshot;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds one {@link PodSnapshot} per Pod from a flat list of objects (what {@code kubectl get
 * pod,events,nodes,rs -o json} prints). Events are matched to their object by
 * {@code involvedObject}: by uid where both sides have one, else by kind, namespace and name.
 * Indexing is done once, so matching costs O(pods + events), not O(pods × events).
 */
public final class SnapshotAssembler {

    private SnapshotAssembler() {
    }

    public static List<PodSnapshot> assemble(List<HasMetadata> objects) {
        EventIndex events = new EventIndex();
        Map<String, Node> nodes = new HashMap<>();
        Map<String, HasMetadata> workloadsByUid = new HashMap<>();
        Map<String, HasMetadata> workloadsByKey = new HashMap<>();
        List<Pod> pods = new ArrayList<>();
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
            }
        }
        List<PodSnapshot> out = new ArrayList<>(pods.size());
        for (Pod p : pods) {
            ObjectMeta m = p.getMetadata() == null ? new ObjectMeta() : p.getMetadata();
            HasMetadata owner = owner(m, workloadsByUid, workloadsByKey);
            List<Event> ownerEvents = new ArrayList<>();
            if (owner != null) {
                ownerEvents.addAll(events.of(owner.getKind(), owner.getMetadata()));
                HasMetadata grandOwner = owner(owner.getMetadata(), workloadsByUid, workloadsByKey);
                if (grandOwner != null) {
                    ownerEvents.addAll(events.of(grandOwner.getKind(), grandOwner.getMetadata()));
                }
            }
            Node node = p.getSpec() == null || p.getSpec().getNodeName() == null ? null : nodes.get(p.getSpec().getNodeName());
            out.add(new PodSnapshot(p, events.of("Pod", m), node, owner, ownerEvents, Map.of()));
        }
        return out;
    }

    private static HasMetadata owner(ObjectMeta m, Map<String, HasMetadata> byUid, Map<String, HasMetadata> byKey) {
        if (m == null || m.getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference ref : m.getOwnerReferences()) {
            HasMetadata o = ref.getUid() == null ? null : byUid.get(ref.getUid());
            if (o == null) {
                o = byKey.get(key(ref.getKind(), m.getNamespace(), ref.getName()));
            }
            if (o != null) {
                return o;
            }
        }
        return null;
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
