package dev.podtriage.notify;

import dev.podtriage.diagnosis.rules.StandardRules;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.podtriage.notify.NotifyConfig.SinkType;
import dev.podtriage.cluster.CachedDiagnoses.CachedWorkload;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The notifier as the service wires it, with a clock the test moves, a fake cluster whose pods
 * the test sets from fixtures, and a real sender posting to a {@link Receiver} on loopback.
 */
final class Harness implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final DiagnosisEngine ENGINE = StandardRules.engine();

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant i) {
            now = i;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** What the informers do: tell the notifier an object (of a kind, in a namespace, by name) changed. */
    interface Change {
        void accept(String kind, String namespace, String name);
    }

    /**
     * Pods by namespace/name, each a fixture's first pod moved there; workloads by kind/namespace/name,
     * each a fixture's workload with its ReplicaSets and events moved into a namespace.
     */
    static final class FakePods implements NotifySource {
        final Map<String, PodSnapshot> pods = new ConcurrentHashMap<>();
        final Map<String, List<HasMetadata>> workloads = new ConcurrentHashMap<>();
        volatile boolean ready = true;
        volatile Change onChange = (kind, ns, name) -> { };

        void put(String namespace, String name, String fixture) {
            PodSnapshot s = Fixtures.snapshots(fixture).get(0);
            s.pod().getMetadata().setNamespace(namespace);
            s.pod().getMetadata().setName(name);
            s.pod().getMetadata().setUid("uid-" + namespace + "-" + name);
            for (Event e : s.events()) {
                e.getInvolvedObject().setNamespace(namespace);
                e.getInvolvedObject().setName(name);
            }
            pods.put(namespace + "/" + name, s);
            onChange.accept("Pod", namespace, name);
        }

        void delete(String namespace, String name) {
            pods.remove(namespace + "/" + name);
            onChange.accept("Pod", namespace, name);
        }

        /**
         * Every object of a workload fixture (no pods) moved into {@code namespace}; the informers
         * report the change as the ReplicaSet's, as they do for a FailedCreate event.
         */
        HasMetadata putWorkload(String namespace, String fixture) {
            List<HasMetadata> items = new ManifestReader().read(Fixtures.read(fixture), false);
            for (HasMetadata o : items) {
                o.getMetadata().setNamespace(namespace);
                if (o instanceof Event e) {
                    e.getInvolvedObject().setNamespace(namespace);
                }
            }
            HasMetadata top = top(items);
            workloads.put(top.getKind() + "/" + namespace + "/" + top.getMetadata().getName(), items);
            HasMetadata rs = items.stream().filter(o -> o.getKind().equals("ReplicaSet")).findFirst().orElse(top);
            onChange.accept(rs.getKind(), namespace, rs.getMetadata().getName());
            return top;
        }

        void deleteWorkload(String kind, String namespace, String name) {
            workloads.remove(kind + "/" + namespace + "/" + name);
            onChange.accept(kind, namespace, name);
        }

        private static HasMetadata top(List<HasMetadata> items) {
            return items.stream().filter(o -> List.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(o.getKind()))
                    .findFirst().orElseGet(() -> items.stream().filter(o -> o.getKind().equals("ReplicaSet")).findFirst().orElseThrow());
        }

        private static CachedWorkload report(List<HasMetadata> items, Instant at) {
            HasMetadata top = top(items);
            List<Event> events = items.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
            return new CachedWorkload(top.getMetadata().getUid(),
                    WorkloadReport.of("test-cluster", top, ENGINE.diagnoseWorkload(top, events, at), List.of(), at));
        }

        @Override
        public Optional<CachedWorkload> workload(String kind, String namespace, String name, Instant at) {
            // a ReplicaSet is answered with the workload whose objects include it, as the service does for its Deployment
            return workloads.values().stream()
                    .filter(items -> items.stream().anyMatch(o -> !(o instanceof Event) && o.getKind().equals(kind)
                            && namespace.equals(o.getMetadata().getNamespace()) && name.equals(o.getMetadata().getName())))
                    .findFirst().map(items -> report(items, at));
        }

        @Override
        public List<CachedWorkload> workloads(Instant at) {
            return workloads.values().stream().map(items -> report(items, at)).filter(w -> !w.report().findings().isEmpty()).toList();
        }

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public Optional<Diagnosis> pod(String namespace, String name, Instant at) {
            return Optional.ofNullable(pods.get(namespace + "/" + name)).map(s -> ENGINE.diagnose(s, at, "test-cluster"));
        }

        /** Previous logs by container, as the service reads them for a firing message. */
        final Map<String, String> logs = new ConcurrentHashMap<>();

        @Override
        public Optional<Diagnosis> withLogs(String namespace, String name, Instant at) {
            return Optional.ofNullable(pods.get(namespace + "/" + name))
                    .map(s -> ENGINE.diagnose(s.withPreviousLogs(logs), at, "test-cluster"));
        }

        @Override
        public List<Diagnosis> all(Instant at) {
            return pods.values().stream().map(s -> ENGINE.diagnose(s, at, "test-cluster")).toList();
        }
    }

    final TestClock clock = new TestClock(Fixtures.AT);
    final FakePods cluster = new FakePods();
    final Receiver receiver;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final WebhookSender sender;
    final Notifier notifier;
    final NotificationTracker tracker;

    Harness(Receiver receiver, List<SinkSettings> sinks) {
        this.receiver = receiver;
        this.sender = new WebhookSender(WebhookSender.defaultClient(Duration.ofSeconds(5)), scheduler,
                new WebhookSender.Policy(3, Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(5), 100), metrics, clock);
        this.tracker = new NotificationTracker(sinks);
        this.notifier = new Notifier(clock, cluster, tracker, ns -> true,
                new Deliveries(cluster, new Payloads(MAPPER), sender, Runnable::run, true));
        cluster.onChange = notifier::changed;
    }

    static SinkSettings sink(String name, SinkType type, Receiver receiver, SinkFilter filter, Duration delay, Duration cooldown,
                             boolean sendResolved) {
        return new SinkSettings(name, type, receiver.url("/" + name), Map.of(), filter, delay, cooldown, sendResolved);
    }

    static SinkSettings webhook(String name, Receiver receiver) {
        return sink(name, SinkType.WEBHOOK, receiver, SinkFilter.all(Severity.WARNING), Duration.ofMinutes(2), Duration.ofMinutes(30), true);
    }

    /** For each instant in turn: moves the clock, re-evaluates as the periodic run does, and waits for the deliveries. */
    void tickAt(Duration... sinceStart) {
        for (Duration d : sinceStart) {
            clock.set(Fixtures.AT.plus(d));
            notifier.tick();
            settle();
        }
    }

    /** Moves the clock on by {@code later}, then sweeps the whole cluster as the periodic sweep does and waits. */
    void sweepAfter(Duration later) {
        clock.advance(later);
        notifier.sweep();
        settle();
    }

    /**
     * Four sinks that filter differently: {@code teams-only} (namespaces team-*, not team-secret),
     * {@code crashes} (container-crash-loop only), {@code excluding} (all but {@code excludedRule})
     * and {@code critical} (critical only).
     */
    static List<SinkSettings> filteringSinks(Receiver receiver, String excludedRule) {
        Duration d = Duration.ofMinutes(2);
        Duration c = Duration.ofMinutes(30);
        return List.of(
                sink("teams-only", SinkType.WEBHOOK, receiver,
                        new SinkFilter(List.of("team-*"), List.of("team-secret"), Set.of(), Set.of(), Severity.WARNING), d, c, true),
                sink("crashes", SinkType.WEBHOOK, receiver,
                        new SinkFilter(List.of(), List.of(), Set.of("container-crash-loop"), Set.of(), Severity.WARNING), d, c, true),
                sink("excluding", SinkType.WEBHOOK, receiver,
                        new SinkFilter(List.of(), List.of(), Set.of(), Set.of(excludedRule), Severity.WARNING), d, c, true),
                sink("critical", SinkType.WEBHOOK, receiver, SinkFilter.all(Severity.CRITICAL), d, c, true));
    }

    /** Waits until nothing is in flight. */
    void settle() {
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.pending() == 0);
    }

    /**
     * The events ("firing"/"resolved"), subjects (a pod's name, "Kind name" for a workload) and first
     * rules posted to a webhook sink, in order.
     */
    List<String> posted(String sink) {
        List<String> out = new ArrayList<>();
        for (Receiver.Request r : receiver.requests("/" + sink)) {
            JsonNode subject = r.json().get("subject");
            String who = "Pod".equals(subject.get("kind").asText()) ? r.json().get("pod").asText()
                    : subject.get("kind").asText() + " " + subject.get("name").asText();
            out.add(r.json().get("event").asText() + " " + who + " " + r.json().get("rule").asText());
        }
        return out;
    }

    double count(String sink, String outcome) {
        var c = metrics.find("triage.notifications").tags("sink", sink, "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
