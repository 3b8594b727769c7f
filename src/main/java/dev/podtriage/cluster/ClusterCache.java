package dev.podtriage.cluster;

import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.config.TriageConfig;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Informer caches (list + watch, resync) of pods, events, nodes, namespaces and workloads, indexed
 * by namespace, by owner and by involved object, so that a report costs no API call once warm.
 * Events are matched to objects in memory: no event field selectors.
 */
@ApplicationScoped
public class ClusterCache {
    private static final Logger LOG = Logger.getLogger(ClusterCache.class);
    static final String BY_INVOLVED_UID = "involvedObject.uid";
    static final String BY_INVOLVED_KEY = "involvedObject.key";
    static final String BY_OWNER_UID = "owner.uid";
    static final String BY_NODE = "spec.nodeName";
    /**
     * Objects per list page: the client decodes and stores each page in one callback on its event
     * loop, so a first sync of 10,000 pods holds that loop for a page at a time, not for the whole list.
     */
    static final long LIST_PAGE = 500;

    private final KubernetesClient client;
    private final TriageConfig config;
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final FanOut<Pod> podHandlers = new FanOut<>();
    private final FanOut<Event> eventHandlers = new FanOut<>();
    private final FanOut<HasMetadata> workloadHandlers = new FanOut<>();
    private final FanOut<Node> nodeHandlers = new FanOut<>();
    private final FanOut<Namespace> namespaceHandlers = new FanOut<>();
    private final List<Runnable> liveListeners = new CopyOnWriteArrayList<>();
    private volatile boolean wasLive;
    private volatile Kinds kinds;
    private volatile ScheduledExecutorService watchdog;

    /** All cached kinds, created together at start. */
    record Kinds(CachedKind<Pod> pods, CachedKind<Event> events, CachedKind<Node> nodes, CachedKind<Namespace> namespaces,
                 CachedKind<ReplicaSet> replicaSets, CachedKind<Deployment> deployments,
                 CachedKind<StatefulSet> statefulSets, CachedKind<DaemonSet> daemonSets, CachedKind<Job> jobs) {
        List<CachedKind<?>> all() {
            return List.of(pods, events, nodes, namespaces, replicaSets, deployments, statefulSets, daemonSets, jobs);
        }

        /** The cache of one workload kind. */
        CachedKind<? extends HasMetadata> workloads(WorkloadKind kind) {
            return switch (kind) {
                case DEPLOYMENT -> deployments;
                case REPLICA_SET -> replicaSets;
                case STATEFUL_SET -> statefulSets;
                case DAEMON_SET -> daemonSets;
                case JOB -> jobs;
            };
        }
    }

    ClusterCache(KubernetesClient client, TriageConfig config) {
        this.client = client;
        this.config = config;
    }

    void onStart(@Observes StartupEvent ignored) {
        if (config.cluster().cache()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent ignored) {
        ScheduledExecutorService w = watchdog;
        if (w != null) {
            w.shutdownNow();
        }
        Kinds k = kinds;
        if (k != null) {
            k.all().forEach(CachedKind::stop);
        }
    }

    synchronized void start() {
        if (kinds != null) {
            return;
        }
        Optional<List<String>> namespaces = config.cluster().namespaces();
        kinds = new Kinds(
                namespaced("pods", Pod.class, namespaces, Map.of(BY_OWNER_UID, ClusterCache::ownerUids, BY_NODE, ClusterCache::nodeName),
                        podHandlers),
                namespaced("events", Event.class, namespaces, Map.of(
                        BY_INVOLVED_UID, ClusterCache::involvedUid, BY_INVOLVED_KEY, ClusterCache::involvedKey), eventHandlers),
                clusterScoped("nodes", Node.class, nodeHandlers),
                namespaces(namespaces),
                namespaced("replicasets", ReplicaSet.class, namespaces, Map.of(BY_OWNER_UID, ClusterCache::ownerUids),
                        new Widened<>(workloadHandlers)),
                namespaced("deployments", Deployment.class, namespaces, Map.of(), new Widened<>(workloadHandlers)),
                namespaced("statefulsets", StatefulSet.class, namespaces, Map.of(), new Widened<>(workloadHandlers)),
                namespaced("daemonsets", DaemonSet.class, namespaces, Map.of(), new Widened<>(workloadHandlers)),
                namespaced("jobs", Job.class, namespaces, Map.of(), new Widened<>(workloadHandlers)));
        long every = Math.max(100, Math.min(5000, config.cluster().watchMaxSilence().toMillis() / 4));
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triage-watch-check");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::checkWatches, every, every, TimeUnit.MILLISECONDS);
    }

    private <T extends HasMetadata> CachedKind<T> namespaced(String resource, Class<T> type, Optional<List<String>> namespaces,
                                                            Map<String, Function<T, List<String>>> indexers,
                                                            ResourceEventHandler<T> handler) {
        List<WatchedInformer<T>> informers = new ArrayList<>();
        long resync = config.cluster().resync().toMillis();
        if (namespaces.isEmpty()) {
            informers.add(watched(resource, () -> client.resources(type).inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(resync), indexers, handler));
        } else {
            for (String ns : namespaces.get()) {
                informers.add(watched(resource + " in " + ns, () -> client.resources(type).inNamespace(ns).withLimit(LIST_PAGE).runnableInformer(resync),
                        indexers, handler));
            }
        }
        return new CachedKind<>(resource, informers);
    }

    /**
     * Namespaces (for their opt-out annotations): all of them, or, when only some are watched, one
     * informer per watched name with the field selector {@code metadata.name=<ns>} (one object each).
     */
    private CachedKind<Namespace> namespaces(Optional<List<String>> watched) {
        if (watched.isEmpty()) {
            return clusterScoped("namespaces", Namespace.class, namespaceHandlers);
        }
        long resync = config.cluster().resync().toMillis();
        return new CachedKind<>("namespaces", watched.get().stream().map(ns -> watched("namespace " + ns,
                () -> client.namespaces().withField("metadata.name", ns).withLimit(LIST_PAGE).runnableInformer(resync),
                Map.<String, Function<Namespace, List<String>>>of(), namespaceHandlers)).toList());
    }

    private <T extends HasMetadata> CachedKind<T> clusterScoped(String resource, Class<T> type, ResourceEventHandler<T> handler) {
        long resync = config.cluster().resync().toMillis();
        return new CachedKind<>(resource, List.of(watched(resource, () -> client.resources(type).withLimit(LIST_PAGE).runnableInformer(resync),
                Map.of(), handler)));
    }

    private <T extends HasMetadata> WatchedInformer<T> watched(String what, Supplier<SharedIndexInformer<T>> informer,
                                                              Map<String, Function<T, List<String>>> indexers,
                                                              ResourceEventHandler<T> handler) {
        return new WatchedInformer<>(what, () -> {
            SharedIndexInformer<T> i = informer.get();
            if (config.cluster().trim()) {
                i.itemStore(new TrimmedStore<>());
            }
            if (!indexers.isEmpty()) {
                i.addIndexers(indexers);
            }
            return i;
        }, handler, failureLog);
    }

    /** Remembers why a resource cannot be listed or watched, logged once per outage. */
    private final WatchedInformer.Failures failureLog = new WatchedInformer.Failures() {
        @Override
        public void failed(String what, Throwable t) {
            String reason = t instanceof KubernetesClientException kce && kce.getCode() == 403
                    ? "forbidden: " + kce.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
            if (failures.put(what, reason) == null) {
                LOG.warnf("cannot list/watch %s (will retry): %s", what, reason);
            }
        }

        @Override
        public void recovered(String what) {
            failures.remove(what);
        }
    };

    /** Checks every watch's continuity; re-lists what may be stale. */
    private void checkWatches() {
        Kinds k = kinds;
        if (k != null) {
            Duration maxSilence = config.cluster().watchMaxSilence();
            for (CachedKind<?> kind : k.all()) {
                try {
                    kind.check(maxSilence);
                } catch (RuntimeException e) {
                    LOG.warnf("checking the watch of %s failed: %s", kind.resource, e.getMessage());
                }
            }
            boolean live = live();
            if (live != wasLive) {
                wasLive = live;
                liveListeners.forEach(Runnable::run);
            }
        }
    }

    /**
     * Registers a listener told (on the watch checker's thread, soon after) when the caches become
     * {@link #live()} and when they stop being live; it asks {@link #live()} which. It must not block.
     */
    public void addLiveListener(Runnable listener) {
        liveListeners.add(listener);
    }

    /** The caches that may be stale now, by informer, with the reason; empty when all are current. */
    public Map<String, String> doubts() {
        Kinds k = kinds;
        Map<String, String> out = new LinkedHashMap<>();
        if (k != null) {
            k.all().forEach(kind -> out.putAll(kind.doubts()));
        }
        return out;
    }

    /** Every cache listed and watching: reports can be served from memory. */
    public boolean live() {
        Kinds k = kinds;
        return k != null && k.all().stream().allMatch(CachedKind::live);
    }

    public boolean synced() {
        Kinds k = kinds;
        return k != null && k.all().stream().allMatch(CachedKind::synced);
    }

    /** Resources that cannot be listed or watched right now, with the reason. */
    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    Kinds kinds() {
        return kinds;
    }

    /**
     * The metadata (labels, annotations) of a cached Pod, workload (Deployment, ReplicaSet,
     * StatefulSet, DaemonSet, Job) or Namespace; empty when it is not cached. A read of the caches: no API call.
     */
    public Optional<ObjectMeta> metadata(String kind, String namespace, String name) {
        Kinds k = kinds;
        if (k == null || kind == null || name == null) {
            return Optional.empty();
        }
        Optional<? extends HasMetadata> found = switch (kind) {
            case "Pod" -> k.pods().get(namespace, name);
            case "Namespace" -> k.namespaces().get(null, name);
            default -> WorkloadKind.of(kind).flatMap(w -> k.workloads(w).get(namespace, name).map(HasMetadata.class::cast));
        };
        return found.map(HasMetadata::getMetadata);
    }

    /**
     * Registers a handler of pod add/update/delete notifications (push notifications watch the
     * cluster through it). It is called on the informer's thread: it must hand work off, never block.
     * A handler registered after the caches listed the pods sees the changes from then on only.
     */
    public void addPodHandler(ResourceEventHandler<Pod> handler) {
        podHandlers.add(handler);
    }

    /** The same for Node add/update/delete notifications. */
    public void addNodeHandler(ResourceEventHandler<Node> handler) {
        nodeHandlers.add(handler);
    }

    /** The same for Namespace add/update/delete notifications (of the watched namespaces only, when only some are). */
    public void addNamespaceHandler(ResourceEventHandler<Namespace> handler) {
        namespaceHandlers.add(handler);
    }

    /** The same for Event add/update/delete notifications. */
    public void addEventHandler(ResourceEventHandler<Event> handler) {
        eventHandlers.add(handler);
    }

    /**
     * The same for workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job) add/update/delete
     * notifications; the handler tells the kinds apart by {@link HasMetadata#getKind()}.
     */
    public void addWorkloadHandler(ResourceEventHandler<HasMetadata> handler) {
        workloadHandlers.add(handler);
    }

    /** One kind's notifications passed on to the handlers of all workload kinds. */
    private static final class Widened<T extends HasMetadata> extends ForwardingHandler<T, HasMetadata> {
        Widened(ResourceEventHandler<HasMetadata> to) {
            super(to);
        }
    }

    /** Passes informer notifications on to the registered handlers; one failing handler harms neither the others nor the informer. */
    private static final class FanOut<T> implements ResourceEventHandler<T> {
        private final List<ResourceEventHandler<T>> handlers = new CopyOnWriteArrayList<>();

        void add(ResourceEventHandler<T> handler) {
            handlers.add(handler);
        }

        @Override
        public void onAdd(T obj) {
            for (ResourceEventHandler<T> h : handlers) {
                safely(() -> h.onAdd(obj));
            }
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            for (ResourceEventHandler<T> h : handlers) {
                safely(() -> h.onUpdate(oldObj, newObj));
            }
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            for (ResourceEventHandler<T> h : handlers) {
                safely(() -> h.onDelete(obj, deletedFinalStateUnknown));
            }
        }

        private static void safely(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "a cache change handler failed");
            }
        }
    }

    /** The events about one object, matched in memory by uid, else by kind/namespace/name. */
    List<Event> eventsAbout(String kind, ObjectMeta meta) {
        if (meta == null) {
            return List.of();
        }
        CachedKind<Event> events = kinds.events();
        return SnapshotAssembler.select(meta, events.byIndex(BY_INVOLVED_UID, meta.getUid()),
                events.byIndex(BY_INVOLVED_KEY, SnapshotAssembler.key(kind, meta.getNamespace(), meta.getName())));
    }

    private static List<String> ownerUids(HasMetadata o) {
        List<OwnerReference> refs = o.getMetadata() == null ? null : o.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs.stream().map(OwnerReference::getUid).filter(u -> u != null).toList();
    }

    private static List<String> nodeName(Pod p) {
        String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
        return node == null || node.isEmpty() ? List.of() : List.of(node);
    }

    private static List<String> involvedUid(Event e) {
        ObjectReference io = e.getInvolvedObject();
        return io == null || io.getUid() == null || io.getUid().isEmpty() ? List.of() : List.of(io.getUid());
    }

    private static List<String> involvedKey(Event e) {
        ObjectReference io = e.getInvolvedObject();
        if (io == null) {
            return List.of();
        }
        String ns = io.getNamespace() != null ? io.getNamespace() : e.getMetadata() == null ? null : e.getMetadata().getNamespace();
        return List.of(SnapshotAssembler.key(io.getKind(), ns, io.getName()));
    }
}
