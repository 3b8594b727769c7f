package dev.podtriage.chatops.notify;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.podtriage.chatops.notify.NotifyConfig.SinkType;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.Severity;
import io.fabric8.kubernetes.api.model.Event;
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
    private static final DiagnosisEngine ENGINE = DiagnosisEngine.standard();

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

    /** Pods by namespace/name, each a fixture's first pod moved there. */
    static final class FakePods implements PodSource {
        final Map<String, PodSnapshot> pods = new ConcurrentHashMap<>();
        volatile boolean ready = true;
        /** What the informers do: tell the notifier a pod changed. */
        volatile java.util.function.BiConsumer<String, String> onChange = (ns, name) -> { };

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
            onChange.accept(namespace, name);
        }

        void delete(String namespace, String name) {
            pods.remove(namespace + "/" + name);
            onChange.accept(namespace, name);
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

    /** Moves the clock, re-evaluates as the periodic run does, and waits for the deliveries. */
    void tickAt(Duration sinceStart) {
        clock.set(Fixtures.AT.plus(sinceStart));
        notifier.tick();
        settle();
    }

    /** Waits until nothing is in flight. */
    void settle() {
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.pending() == 0);
    }

    /** The events ("firing"/"resolved") and first rules posted to a webhook sink, in order. */
    List<String> posted(String sink) {
        List<String> out = new ArrayList<>();
        for (Receiver.Request r : receiver.requests("/" + sink)) {
            out.add(r.json().get("event").asText() + " " + r.json().get("pod").asText() + " " + r.json().get("rule").asText());
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
