package dev.podtriage.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.rules.StandardRules;
import dev.podtriage.incidents.Grouping;
import dev.podtriage.incidents.GroupingTest;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentAlert;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.incidents.IncidentTracker;
import dev.podtriage.incidents.IncidentView;
import dev.podtriage.incidents.Member;
import dev.podtriage.notify.NotifyConfig.SinkType;
import dev.podtriage.notify.WebhookSender.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The incidents and the notifier as the service wires them, driven by the test: each evaluation
 * groups the pods the test says are failing (as {@code IncidentService} does), passes the changes to
 * the {@link Announcer} and waits until the real sender has delivered (or given up) every message
 * to a {@link Receiver} on loopback.
 */
final class Harness implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final Instant T0 = Fixtures.AT;
    static final Diagnosis CRASH_LOOP = Fixtures.diagnose("containers/crash-loop-exit1.json");

    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final NotificationLedger ledger;
    final IncidentTracker tracker = new IncidentTracker(100, Duration.ofHours(24));
    /** Alerts attached to incidents, by id, as the Alertmanager receiver attaches them. */
    final Map<String, List<IncidentAlert>> alerts = new HashMap<>();
    final IncidentView view = new IncidentView(StandardRules.catalog(), id -> alerts.getOrDefault(id, List.of()));
    final Announcer announcer;
    final WebhookSender sender;
    final Deliveries deliveries;
    boolean leading = true;
    /** Sees every incident change, as the history store does. */
    java.util.function.Consumer<IncidentChange> observer = c -> { };

    Harness(List<SinkSettings> sinks) {
        this(sinks, List.of(10, 50, 100), new MemoryLedger());
    }

    Harness(List<SinkSettings> sinks, List<Integer> thresholds, NotificationLedger ledger) {
        this(sinks, thresholds, ledger, m -> Map.of());
    }

    /** @param metadata the labels and annotations of a member, as the caches would give them */
    Harness(List<SinkSettings> sinks, List<Integer> thresholds, NotificationLedger ledger, Function<Member, Map<String, String>> metadata) {
        this.ledger = ledger;
        this.announcer = new Announcer(sinks, thresholds, ledger, metadata);
        this.sender = new WebhookSender(WebhookSender.defaultClient(Duration.ofSeconds(5)), scheduler,
                new WebhookSender.Policy(3, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), 100), metrics,
                Clock.fixed(T0, ZoneOffset.UTC));
        this.deliveries = new Deliveries(new Payloads(MAPPER), sender);
    }

    /** One evaluation {@code after} the start, with these pods and workloads failing; returns what became of each message. */
    List<Outcome> evaluate(Duration after, List<Diagnosis> pods, List<WorkloadReport> workloads) {
        Instant at = T0.plus(after);
        List<Notification> out = new ArrayList<>();
        for (IncidentChange c : tracker.update(Grouping.group(pods, workloads), at).events(view, at)) {
            observer.accept(c);
            out.addAll(announcer.on(c, leading));
        }
        out.addAll(announcer.tick(at, leading));
        return deliveries.deliver(out).join();
    }

    /** Alerts attached to an open incident {@code after} the start: the service fires it as CHANGED. */
    List<Outcome> attach(Duration after, String incident, List<IncidentAlert> attached) {
        Instant at = T0.plus(after);
        alerts.put(incident, attached);
        Incident i = view.of(tracker.get(incident).orElseThrow(), ns -> true).orElseThrow();
        return deliveries.deliver(announcer.on(new IncidentChange(IncidentChange.Type.CHANGED, i, at), leading)).join();
    }

    /** The incidents service settling {@code after} the start: what a previous run left open and nobody has now resolves. */
    List<Outcome> settle(Duration after) {
        Instant at = T0.plus(after);
        List<Notification> out = new ArrayList<>();
        for (Incident i : tracker.settle(at)) {
            IncidentChange c = new IncidentChange(IncidentChange.Type.RESOLVED, i, at);
            observer.accept(c);
            out.addAll(announcer.on(c, leading));
        }
        return deliveries.deliver(out).join();
    }

    List<Outcome> evaluate(Duration after, List<Diagnosis> pods) {
        return evaluate(after, pods, List.of());
    }

    /** {@code count} crash-looping replicas of Deployment {@code deployment} in {@code namespace}. */
    static List<Diagnosis> replicas(String namespace, String deployment, int count) {
        List<Diagnosis> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(GroupingTest.as(CRASH_LOOP, namespace, deployment + "-7d9c8b5f4d-" + i, new OwnerRef("Deployment", deployment)));
        }
        return out;
    }

    static SinkSettings sink(String name, SinkType type, Receiver receiver, SinkFilter filter, Duration delay, Duration cooldown) {
        return new SinkSettings(name, type, receiver.url("/" + name), type == SinkType.PAGERDUTY ? "R0UT1NGKEY0123456789ABCDEFGHIJKL" : null,
                Map.of(), filter, delay, cooldown, true);
    }

    /** A generic webhook for everything of at least warning, after {@code delay}, with a 30-minute cooldown. */
    static SinkSettings webhook(String name, Receiver receiver, Duration delay) {
        return sink(name, SinkType.WEBHOOK, receiver, SinkFilter.all(Severity.WARNING), delay, Duration.ofMinutes(30));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
