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
 * Keeps the incidents current from the diagnosis memo's change stream ({@link DiagnosisChange}): each
 * change moves its subject from its old incident to the one of its new root cause in the {@link
 * IncidentState} (the work of that subject only), and shortly after a burst of changes the touched
 * incidents go to the {@link IncidentTracker}. A request first lets the memo catch up with the
 * caches, then takes what changed. Every {@code triage.incidents.check-interval} a consistency check
 * groups every kept diagnosis afresh ({@link Grouping}) and corrects the state where it differs
 * (it should not: the difference is logged). Without the memo ({@code triage.cluster.memo=false})
 * there is no change stream: every {@code triage.incidents.interval}, and for a request finding the
 * last evaluation older than {@code triage.incidents.max-age}, every cached pod and workload is
 * grouped afresh, as before the memo.
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
    private final IncidentState state = new IncidentState();
    private final IncidentView view;
    private final IncidentMetrics metrics;
    private final AlertBook alerts = new AlertBook();
    private final Event<IncidentChange> changeEvents;
    private final Duration settleAfter;
    /** The first evaluation with the caches live; null before. */
    private Instant liveSince;
    private volatile long evaluatedNanos;
    private volatile boolean evaluated;
    /** When every kept diagnosis was last grouped afresh (nanoTime); null before the first time. */
    private Long checkedNanos;
    private volatile ScheduledExecutorService worker;
    /** A burst of memo changes is handed to the tracker once, this long after its first change. */
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
        executor.scheduleWithFixedDelay(() -> quietly(this::tick), every, every, TimeUnit.MILLISECONDS);
        worker = executor;
    }

    /**
     * A verdict changed in the memo (fired on its thread): its subject changes incident in the state
     * now (quick), and the touched incidents go to the tracker soon on the incidents' own thread, once
     * for a burst of changes.
     */
    void changed(@Observes DiagnosisChange change) {
        if (!config.enabled()) {
            return;
        }
        state.apply(change);
        ScheduledExecutorService w = worker;
        if (w != null && changePending.compareAndSet(false, true)) {
            w.schedule(() -> {
                changePending.set(false);
                quietly(this::flush);
            }, AFTER_CHANGE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    private void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Incident evaluation failed; the next one is in %s", config.interval());
        }
    }

    /**
     * The periodic task: with the memo, settles what is pending (and incidents a previous run left
     * open) and, every {@code check-interval}, checks the state against a fresh grouping; without
     * it, groups everything afresh.
     */
    private synchronized void tick() {
        if (cached.fed()) {
            flush();
            if (checkedNanos == null || System.nanoTime() - checkedNanos >= config.checkInterval().toNanos()) {
                check();
            }
        } else {
            evaluate();
        }
    }

    /** The incidents the memo's changes touched since the last time, to the tracker. */
    synchronized void flush() {
        if (cached.live()) {
            after(tracker.apply(state.touched(), clock.instant()));
        }
    }

    /**
     * The consistency check: every kept diagnosis grouped afresh, read from the memo while no change
     * can be applied (so the state is not older than what it is compared with).
     */
    private synchronized void check() {
        long started = System.nanoTime();
        int[] subjects = new int[1];
        int differences = state.reconcile(() -> cached.keptNow().map(k -> {
            subjects[0] = k.pods().size() + k.workloads().size();
            return Grouping.group(k.pods(), k.workloads());
        }));
        if (differences < 0) {
            return; // the memo stopped being live
        }
        checkedNanos = System.nanoTime();
        after(tracker.apply(state.touched(), clock.instant()));
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (differences > 0) {
            LOG.infof("incident consistency check: %d of %d subjects were in another incident than the changes said; corrected (%d ms)",
                    differences, subjects[0], ms);
        } else {
            LOG.infof("incident consistency check: %d pods and workloads grouped afresh, no difference (%d ms)", subjects[0], ms);
        }
    }

    /**
     * Groups every cached pod and workload afresh and updates the incidents (without the memo, or
     * when it has not caught up); does nothing while the caches are not live.
     */
    public synchronized void evaluate() {
        if (!cached.live()) {
            return;
        }
        Instant at = clock.instant();
        List<WorkloadReport> workloads = cached.workloads(at).stream().map(CachedDiagnoses.CachedWorkload::report).toList();
        Map<IncidentKey, List<Observation>> full = Grouping.group(cached.pods(at), workloads);
        state.reconcile(() -> Optional.of(full));
        after(tracker.apply(state.touched(), at));
    }

    /** What the tracker changed: alerts, events, restored incidents settled, gauges. */
    private void after(IncidentTracker.Changes changes) {
        Instant at = tracker.seen();
        changes.opened().forEach(e -> alerts.forget(e.id()));
        alerts.retain(tracker.all().stream().map(Episode::id).collect(Collectors.toSet()));
        changes.events(view, at).forEach(changeEvents::fire);
        settle(at);
        evaluatedNanos = System.nanoTime();
        if (!evaluated || !changes.opened().isEmpty() || !changes.changed().isEmpty() || !changes.resolved().isEmpty()) {
            metrics.update(visible(tracker.open()));
        }
        evaluated = true;
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

    /**
     * Current before answering: with the memo, once it has caught up with the caches, what its
     * changes touched; without it, grouped afresh when the last evaluation is older than {@code max-age}.
     */
    private synchronized void fresh() {
        if (!config.enabled()) {
            return;
        }
        if (cached.fed()) {
            flush();
            if (checkedNanos == null) {
                check();
            }
        } else if (!evaluated || System.nanoTime() - evaluatedNanos > config.maxAge().toNanos()) {
            evaluate();
        }
    }
}
