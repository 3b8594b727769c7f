package dev.podtriage.stream;

import dev.podtriage.cluster.CacheEvaluator;
import dev.podtriage.cluster.ClusterCache;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.IgnoreAnnotation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which subjects a changed object touches (design: {@code flow.md}): a pod itself and its workload;
 * an event its involved pod, or its involved workload and that workload's pods (a pod's diagnosis
 * reads its owner's events); a node its pods; a workload itself (a ReplicaSet its Deployment) and
 * its pods (their diagnoses read their owner); a namespace whose opt-out annotation changed its pods
 * and workloads. The informer handlers only hand the object on; the memo's worker asks {@link
 * #targets} what it touches. A resync's re-delivery of unchanged objects touches nothing.
 */
final class ChangeFeed {
    private final CacheEvaluator caches;

    ChangeFeed(CacheEvaluator caches) {
        this.caches = caches;
    }

    /** Every add, update and delete of pods, events, nodes and workloads goes to {@code touched}. */
    void register(ClusterCache cache, Consumer<HasMetadata> touched) {
        cache.addPodHandler(new Handler<Pod>(touched));
        cache.addEventHandler(new Handler<Event>(touched));
        cache.addNodeHandler(new Handler<Node>(touched));
        cache.addWorkloadHandler(new Handler<HasMetadata>(touched));
        cache.addNamespaceHandler(new NamespaceHandler(touched));
    }

    /** Adds the subjects {@code o} touches to {@code into}. */
    void targets(HasMetadata o, Set<Target> into) {
        if (o.getMetadata() == null) {
            return;
        }
        if (o instanceof Pod p) {
            into.add(Target.pod(p.getMetadata().getNamespace(), p.getMetadata().getName()));
            caches.judgedOwner(p).ifPresent(w -> into.add(Target.of(w)));
        } else if (o instanceof Event e) {
            involved(e, into);
        } else if (o instanceof Namespace ns) {
            String name = ns.getMetadata().getName();
            caches.podsIn(name).forEach(p -> into.add(Target.of(p)));
            caches.workloadsIn(name).forEach(w -> into.add(Target.of(w)));
        } else if (o instanceof Node n) {
            caches.podsOn(n.getMetadata().getName()).forEach(p -> targets(p, into));
        } else if (WorkloadKind.of(o.getKind()).isPresent()) {
            into.add(Target.of(o)); // itself: a ReplicaSet a Deployment adopted is no longer judged alone
            workload(caches.judged(o), into);
        }
    }

    private void involved(Event e, Set<Target> into) {
        ObjectReference io = e.getInvolvedObject();
        if (io == null || io.getName() == null) {
            return;
        }
        String ns = io.getNamespace() != null ? io.getNamespace() : e.getMetadata().getNamespace();
        if (SubjectRef.POD.equals(io.getKind())) {
            into.add(Target.pod(ns, io.getName()));
            caches.pod(ns, io.getName()).flatMap(caches::judgedOwner).ifPresent(w -> into.add(Target.of(w)));
        } else {
            WorkloadKind.of(io.getKind()).ifPresent(k -> workload(caches.workload(k, ns, io.getName()).flatMap(caches::judged), into));
        }
    }

    private void workload(Optional<HasMetadata> judged, Set<Target> into) {
        judged.ifPresent(w -> {
            into.add(Target.of(w));
            caches.podsOf(w).forEach(p -> into.add(Target.pod(p.getMetadata().getNamespace(), p.getMetadata().getName())));
        });
    }

    /**
     * A namespace touches every pod and workload in it, but only its opt-out annotation is read by
     * the diagnosis: only a change of that is handed on (not every resync, nor a label edit).
     */
    private record NamespaceHandler(Consumer<HasMetadata> touched) implements ResourceEventHandler<Namespace> {
        @Override
        public void onAdd(Namespace obj) {
            if (ignore(obj) != null) {
                touched.accept(obj);
            }
        }

        @Override
        public void onUpdate(Namespace oldObj, Namespace newObj) {
            if (!Objects.equals(ignore(oldObj), ignore(newObj))) {
                touched.accept(newObj);
            }
        }

        @Override
        public void onDelete(Namespace obj, boolean deletedFinalStateUnknown) {
            // its pods and workloads are deleted too, each a change of its own
        }

        private static String ignore(Namespace ns) {
            return ns == null || ns.getMetadata() == null || ns.getMetadata().getAnnotations() == null ? null
                    : ns.getMetadata().getAnnotations().get(IgnoreAnnotation.KEY);
        }
    }

    /** Hands every notification on; the worker resolves it. */
    private record Handler<T extends HasMetadata>(Consumer<HasMetadata> touched) implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            touched.accept(obj);
        }

        /** A resync re-delivers every cached object unchanged (same resource version): that changes no verdict. */
        @Override
        public void onUpdate(T oldObj, T newObj) {
            if (oldObj != newObj && !sameVersion(oldObj, newObj)) {
                touched.accept(newObj);
            }
        }

        private static boolean sameVersion(HasMetadata a, HasMetadata b) {
            String version = a.getMetadata() == null ? null : a.getMetadata().getResourceVersion();
            return version != null && b.getMetadata() != null && version.equals(b.getMetadata().getResourceVersion());
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            touched.accept(obj);
        }
    }
}
