package dev.podtriage.incidents;

import dev.podtriage.cluster.CachedDiagnoses;
import dev.podtriage.cluster.NamespaceScope;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.WorkloadReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import dev.podtriage.stream.DiagnosisChange;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the incidents current: shortly after the diagnosis memo reports a change ({@link DiagnosisChange})
 * and every {@code triage.incidents.interval} besides, it groups the kept diagnoses of every cached
 * pod and workload (no API call, no engine call for unchanged ones) ({@link Grouping}) and updates the
 * {@link IncidentTracker}; a request finding the last evaluation older than
 * {@code triage.incidents.max-age} evaluates first.
 * While the caches are not live nothing is evaluated, so a restart of the informers resolves nothing.
 * Incidents a previous run left open ({@link IncidentOrigins}, the history store) continue with their
 * {@code firstSeen}; those without members once the caches have been live for the origins'
 * {@code settleAfter} are resolved then, once (they ended while the service was down).
 * Each evaluation fires an {@link IncidentChange} per incident opened, changed (members or worst
 * severity) or resolved, on the evaluating thread.
 */
@ApplicationScoped
public class IncidentService {
    private static final Logger LOG = Logger.getLogger(IncidentService.class);
    /** Open first, worst severity first, then the widest blast radius; resolved ones newest first. */
    public static final Comparator<Incident> ORDER = Comparator.comparing((Incident i) -> !Incident.OPEN.equals(i.state()))
            .thenComparing(Incident::severity)
            .thenComparing(i -> -(i.scope().pods() + i.members().size()))
            .thenComparing(i -> i.resolvedAt() == null ? Instant.MAX : i.resolvedAt(), Comparator.reverseOrder())
            .thenComparing(Incident::id);

    private final IncidentsConfig config;
    private final CachedDiagnoses cached;
    private final NamespaceScope scope;
    private final Clock clock;
    private final IncidentTracker tracker;
    private final IncidentView view;
    private final IncidentMetrics metrics;
    private final AlertBook alerts = new AlertBook();
    private final Event<IncidentChange> changeEvents;
    private final Duration settleAfter;
    /** The first evaluation with the caches live; null before. */
    private Instant liveSince;
    private volatile long evaluatedNanos;
    private volatile boolean evaluated;
    private volatile ScheduledExecutorService worker;
    /** A burst of memo changes is evaluated once, this long after its first change. */
    static final Duration AFTER_CHANGE = Duration.ofMillis(200);
    private final AtomicBoolean changePending = new AtomicBoolean();

    IncidentService(IncidentsConfig config, CachedDiagnoses cached, NamespaceScope scope, DiagnosisEngine engine, Clock clock,
                    MeterRegistry registry, Event<IncidentChange> changeEvents, IncidentOrigins origins) {
        this.config = config;
        this.cached = cached;
        this.scope = scope;
        this.clock = clock;
        this.tracker = new IncidentTracker(config.keepResolved(), config.retention());
        this.view = new IncidentView(engine.catalog(), alerts::of);
        this.metrics = new IncidentMetrics(registry);
        this.changeEvents = changeEvents;
        this.settleAfter = origins.settleAfter();
        if (config.enabled()) {
            tracker.restore(origins.open());
        }
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            return;
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "incidents");
            t.setDaemon(true);
            return t;
        });
        long every = config.interval().toMillis();
        executor.scheduleWithFixedDelay(this::evaluateQuietly, every, every, TimeUnit.MILLISECONDS);
        worker = executor;
    }

    /**
     * A verdict changed in the memo (fired on its thread): evaluate soon on the incidents' own thread,
     * once for a burst of changes. The periodic evaluation stays as a safety net.
     */
    void changed(@Observes DiagnosisChange change) {
        ScheduledExecutorService w = worker;
        if (w != null && changePending.compareAndSet(false, true)) {
            w.schedule(() -> {
                changePending.set(false);
                evaluateQuietly();
            }, AFTER_CHANGE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Incident evaluation failed; the next one is in %s", config.interval());
        }
    }

    /** Re-diagnoses the caches and updates the incidents; does nothing while the caches are not live. */
    public synchronized void evaluate() {
        if (!cached.live()) {
            return;
        }
        Instant at = clock.instant();
        List<WorkloadReport> workloads = cached.workloads(at).stream().map(CachedDiagnoses.CachedWorkload::report).toList();
        IncidentTracker.Changes changes = tracker.update(Grouping.group(cached.pods(at), workloads), at);
        changes.opened().forEach(e -> alerts.forget(e.id()));
        alerts.retain(tracker.all().stream().map(Episode::id).collect(Collectors.toSet()));
        changes.events(view, at).forEach(changeEvents::fire);
        settle(at);
        evaluatedNanos = System.nanoTime();
        evaluated = true;
        metrics.update(visible(tracker.open()));
    }

    /** Resolves the incidents left open by the previous run that have had no member since the caches were live for {@code settleAfter}. */
    private void settle(Instant at) {
        if (liveSince == null) {
            liveSince = at;
        }
        if (tracker.unsettled() > 0 && !at.isBefore(liveSince.plus(settleAfter))) {
            tracker.settle(at).forEach(i -> changeEvents.fire(new IncidentChange(IncidentChange.Type.RESOLVED, i, at)));
        }
    }

    /**
     * An alert placed, or not: the open incident whose members include what it names, or why none.
     *
     * @param incident the incident's id; null when not placed
     * @param reason   why it was not placed; null when placed
     */
    public record Placement(IncidentAlert alert, AlertTarget target, String incident, String reason) {
    }

    /**
     * Attaches each alert to the open incident of what it names (the incident with the most members
     * it names), evaluating first when the last evaluation is stale; an incident that gains an alert
     * (or whose alert changes status) is fired as CHANGED. Alerts naming nothing are not placed.
     */
    public synchronized List<Placement> attach(List<Map.Entry<IncidentAlert, Optional<AlertTarget>>> received) {
        fresh();
        Instant at = clock.instant();
        List<Episode> open = tracker.open();
        List<Placement> out = new ArrayList<>();
        Set<String> changed = new LinkedHashSet<>();
        for (Map.Entry<IncidentAlert, Optional<AlertTarget>> r : received) {
            IncidentAlert alert = r.getKey();
            if (r.getValue().isEmpty()) {
                out.add(new Placement(alert, null, null, "names no pod, workload or ResourceQuota (labels namespace plus pod, deployment, "
                        + "statefulset, daemonset, job_name, replicaset or resourcequota)"));
                continue;
            }
            AlertTarget t = r.getValue().get();
            Optional<Episode> home = open.stream().filter(e -> scope.allows(t.namespace()))
                    .max(Comparator.comparingLong(e -> e.members().stream().filter(o -> t.covers(e.key(), o.member())).count()))
                    .filter(e -> e.members().stream().anyMatch(o -> t.covers(e.key(), o.member())));
            if (home.isEmpty()) {
                out.add(new Placement(alert, t, null, t.display() + " is in no open incident: healthy, unknown, or its root cause "
                        + "is shared with nothing failing now"));
                continue;
            }
            if (alerts.attach(home.get().id(), alert)) {
                changed.add(home.get().id());
            }
            out.add(new Placement(alert, t, home.get().id(), null));
        }
        for (String id : changed) {
            tracker.get(id).flatMap(e -> view.of(e, ns -> true))
                    .ifPresent(i -> changeEvents.fire(new IncidentChange(IncidentChange.Type.CHANGED, i, at)));
        }
        return out;
    }

    /** The incidents the filter wants, in listing order, each with only the members the caller may see. */
    public List<Incident> list(IncidentFilter filter) {
        fresh();
        return visible(filter.state() == IncidentFilter.State.OPEN ? tracker.open() : tracker.all()).stream()
                .filter(filter::matches).sorted(ORDER).toList();
    }

    /** One incident (the open one of that id, else the latest resolved); empty when unknown or wholly out of scope. */
    public Optional<Incident> get(String id) {
        fresh();
        return tracker.get(id).flatMap(e -> view.of(e, scope::allows));
    }

    /** The caches are live: the incidents say what is happening now. */
    public boolean live() {
        return cached.live();
    }

    private List<Incident> visible(List<Episode> episodes) {
        return episodes.stream().flatMap(e -> view.of(e, scope::allows).stream()).toList();
    }

    private synchronized void fresh() {
        if (config.enabled() && (!evaluated || System.nanoTime() - evaluatedNanos > config.maxAge().toNanos())) {
            evaluate();
        }
    }
}
