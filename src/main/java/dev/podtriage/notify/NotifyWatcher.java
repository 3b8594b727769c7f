package dev.podtriage.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.cluster.ClusterCache;
import dev.podtriage.cluster.CachedDiagnoses;
import dev.podtriage.cluster.CachedDiagnoses.CachedWorkload;
import dev.podtriage.cluster.NamespaceScope;
import dev.podtriage.config.TriageConfig;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.input.WorkloadReports;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.RuleDefinition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Push notifications: watches the pod, workload and event caches and posts failing pods, and
 * workloads with findings of their own (a Deployment whose pods a ResourceQuota or an admission
 * webhook refuses has no pod to report), to the configured sinks. The informer threads only mark
 * objects as changed; one worker re-evaluates them shortly after, re-evaluates those with an open
 * state every {@code interval} and every pod and workload every {@code sweep-interval}; a separate
 * executor delivers.
 */
@ApplicationScoped
public class NotifyWatcher {
    private static final Logger LOG = Logger.getLogger(NotifyWatcher.class);
    /** Changes arrive in bursts (a pod update and its events): evaluate them together. */
    static final Duration COALESCE = Duration.ofMillis(500);
    /** The workload kinds whose objects and events are watched. */

    private final NotifyConfig config;
    private final TriageConfig triage;
    private final ClusterCache cache;
    private final CachedDiagnoses service;
    private final NamespaceScope scope;
    private final DiagnosisEngine engine;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ObjectMapper mapper;

    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private ScheduledExecutorService worker;
    private ScheduledExecutorService delivery;
    private volatile Notifier notifier;

    NotifyWatcher(NotifyConfig config, TriageConfig triage, ClusterCache cache, CachedDiagnoses service,
                  NamespaceScope scope, DiagnosisEngine engine, Clock clock, MeterRegistry metrics, ObjectMapper mapper) {
        this.config = config;
        this.triage = triage;
        this.cache = cache;
        this.service = service;
        this.scope = scope;
        this.engine = engine;
        this.clock = clock;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            return;
        }
        if (!triage.cluster().cache()) {
            LOG.warn("notifications are off: they watch the caches, and triage.cluster.cache=false");
            return;
        }
        List<SinkSettings> sinks = sinks(config, engine.catalog().rules().stream().map(RuleDefinition::id).collect(Collectors.toSet()));
        if (sinks.isEmpty()) {
            LOG.warn("notifications are enabled but no sink is configured (triage.notify.sinks.<name>.type and .url)");
            return;
        }
        start(sinks);
    }

    synchronized void start(List<SinkSettings> sinks) {
        worker = executor("triage-notify-watch", 1);
        delivery = executor("triage-notify-delivery", 2);
        NotifyConfig.Delivery d = config.delivery();
        WebhookSender sender = new WebhookSender(WebhookSender.defaultClient(d.timeout()), delivery,
                new WebhookSender.Policy(d.maxAttempts(), d.initialBackoff(), d.maxBackoff(), d.timeout(), d.maxPending()),
                metrics, clock);
        NotifySource source = new CachedCluster(service);
        Notifier n = new Notifier(clock, source, new NotificationTracker(sinks), scope::allows,
                new Deliveries(source, new Payloads(mapper), sender, delivery, d.previousLogs()));
        notifier = n;
        Gauge.builder("triage.notifications.tracked", n, Notifier::tracked)
                .description("Pods and workloads with a failing rule, an open alert or a running cooldown").register(metrics);
        Gauge.builder("triage.notifications.pending", sender, WebhookSender::pending)
                .description("Messages waiting to be delivered, retries included").register(metrics);
        cache.addPodHandler(onChange(this::changed, true));
        cache.addWorkloadHandler(onChange(this::changed, true));
        // an expired event changes nothing by itself; the periodic run sees what follows
        cache.addEventHandler(onChange(this::changed, false));
        long interval = Math.max(100, config.interval().toMillis());
        long sweep = Math.max(interval, config.sweepInterval().toMillis());
        worker.scheduleWithFixedDelay(() -> safely("re-evaluation", n::tick), interval, interval, TimeUnit.MILLISECONDS);
        // the first sweep soon after start: the pods listed before the handlers were registered
        worker.scheduleWithFixedDelay(() -> safely("sweep", n::sweep), interval, sweep, TimeUnit.MILLISECONDS);
        LOG.infof("notifications on: %s", sinks.stream().map(SinkSettings::toString).collect(Collectors.joining(", ")));
    }

    void onStop(@Observes ShutdownEvent ignored) {
        stop();
    }

    synchronized void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
        if (delivery != null) {
            delivery.shutdownNow();
        }
    }

    /** An informer handler that reports every add and update (and delete, when it matters) as a change. */
    private static <T> ResourceEventHandler<T> onChange(Consumer<T> changed, boolean deletes) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                if (deletes) {
                    changed.accept(obj);
                }
            }
        };
    }

    private void changed(Pod pod) {
        if (pod != null && pod.getMetadata() != null) {
            mark(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        }
    }

    /** A workload changed: itself, or for a ReplicaSet a Deployment controls, that Deployment. */
    private void changed(HasMetadata w) {
        ObjectMeta m = w == null ? null : w.getMetadata();
        if (m == null || w.getKind() == null) {
            return;
        }
        // the same Deployment CachedDiagnoses.workload answers for this ReplicaSet
        Optional<OwnerReference> deployment = WorkloadReports.deploymentRef(w);
        if (deployment.isPresent()) {
            mark(WorkloadKind.DEPLOYMENT.kind(), m.getNamespace(), deployment.get().getName());
            return;
        }
        mark(w.getKind(), m.getNamespace(), m.getName());
    }

    private void changed(Event e) {
        ObjectReference io = e == null ? null : e.getInvolvedObject();
        if (io == null || io.getKind() == null || !(Subject.POD.equals(io.getKind()) || WorkloadKind.of(io.getKind()).isPresent())) {
            return;
        }
        String ns = io.getNamespace() != null ? io.getNamespace() : e.getMetadata() == null ? null : e.getMetadata().getNamespace();
        // an event about a ReplicaSet: the source answers with the Deployment that controls it
        mark(io.getKind(), ns, io.getName());
    }

    private void mark(String namespace, String name) {
        mark(Subject.POD, namespace, name);
    }

    /** On the informer's thread: note the object, and make sure a run follows shortly. Never blocks. */
    private void mark(String kind, String namespace, String name) {
        Notifier n = notifier;
        if (n == null) {
            return;
        }
        n.changed(kind, namespace, name);
        if (n.hasChanges() && drainScheduled.compareAndSet(false, true)) {
            try {
                worker.schedule(() -> {
                    drainScheduled.set(false);
                    safely("evaluation", n::drain);
                }, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                drainScheduled.set(false); // shutting down
            }
        }
    }

    private static void safely(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log and carry on
            LOG.warnf(e, "notification %s failed", what);
        }
    }

    private static ScheduledExecutorService executor(String name, int threads) {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** The configured sinks; a sink with a bad URL is left out with a warning, unknown rule IDs are warned about. */
    static List<SinkSettings> sinks(NotifyConfig config, Set<String> knownRules) {
        List<SinkSettings> out = new ArrayList<>();
        for (Map.Entry<String, NotifyConfig.Sink> e : config.sinks().entrySet()) {
            String name = e.getKey();
            NotifyConfig.Sink s = e.getValue();
            URI url;
            try {
                url = new URI(s.url().strip());
            } catch (URISyntaxException ex) {
                LOG.warnf("sink %s left out: its url is not a URI", name);
                continue;
            }
            if (url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http")) || url.getHost() == null) {
                LOG.warnf("sink %s left out: its url must be an http(s) URL", name);
                continue;
            }
            Set<String> rules = new HashSet<>(s.rules().orElse(List.of()));
            Set<String> excluded = new HashSet<>(s.excludeRules().orElse(List.of()));
            Set<String> unknown = new HashSet<>(rules);
            unknown.addAll(excluded);
            unknown.removeAll(knownRules);
            if (!unknown.isEmpty()) {
                LOG.warnf("sink %s names unknown rule IDs %s (GET /api/v1/rules lists them)", name, unknown);
            }
            out.add(new SinkSettings(name, s.type(), url, s.headers(),
                    new SinkFilter(s.namespaces().orElse(List.of()), s.excludeNamespaces().orElse(List.of()), rules, excluded,
                            s.minSeverity()),
                    s.delay(), s.cooldown(), s.sendResolved()));
        }
        return out;
    }

    /** The informer caches, through the diagnosis service: no API call (but for the logs of a firing message). */
    private static final class CachedCluster implements NotifySource {
        private final CachedDiagnoses service;

        CachedCluster(CachedDiagnoses service) {
            this.service = service;
        }

        @Override
        public boolean ready() {
            return service.live();
        }

        @Override
        public Optional<Diagnosis> pod(String namespace, String name, Instant at) {
            return service.pod(namespace, name, at, false);
        }

        @Override
        public List<Diagnosis> all(Instant at) {
            return service.pods(at);
        }

        @Override
        public Optional<Diagnosis> withLogs(String namespace, String name, Instant at) {
            return service.pod(namespace, name, at, true);
        }

        @Override
        public Optional<CachedWorkload> workload(String kind, String namespace, String name, Instant at) {
            return WorkloadKind.of(kind).flatMap(k -> service.workload(namespace, k, name, at));
        }

        @Override
        public List<CachedWorkload> workloads(Instant at) {
            return service.workloads(at);
        }
    }
}
