package dev.podtriage.stream;

import dev.podtriage.cluster.CacheEvaluator;
import dev.podtriage.cluster.ClusterCache;
import dev.podtriage.cluster.KeptDiagnoses;
import dev.podtriage.config.TriageConfig;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Evaluation;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Tally;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.WorkloadReports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The diagnosis memo (design: {@code flow.md}): every cached pod's diagnosis and every judged
 * workload's report, recomputed on one worker thread only when a cache change touches it ({@link
 * ChangeFeed}) or its time horizon passes, and a {@link DiagnosisChange} fired, in order, whenever a
 * verdict changes. Bursts of changes are gathered for {@code triage.cluster.memo-coalesce}. Nothing
 * polls: the worker sleeps until a change or the earliest horizon. While the caches are not live
 * the memo is not either, and nothing fires; when they become live it is filled afresh.
 * The first verdict of a subject that appears while the memo is live is held for {@code
 * triage.cluster.memo-first-verdict} before it fires (the events about a new pod may reach the caches
 * a moment after the pod, and its verdict without them would be wrong); reports show it meanwhile.
 */
@ApplicationScoped
public class DiagnosisMemo implements KeptDiagnoses {
    private static final Logger LOG = Logger.getLogger(DiagnosisMemo.class);
    /** From this many pods in one recomputation they are evaluated on every core. */
    private static final int PARALLEL_FROM = 200;
    /** Longest a fill waits for the caches' notifications of their list to stop. */
    private static final Duration FILL_SETTLE = Duration.ofSeconds(3);

    private final CacheEvaluator evaluator;
    private final ClusterCache cache;
    private final TriageConfig config;
    private final Clock clock;
    private final Event<DiagnosisChange> changes;
    private final Episodes episodes;
    private final ChangeFeed feed;

    /** Pods by namespace, then by name; workloads by {@link SubjectRef#key()}. Written by the worker only. */
    private final Map<String, KeptNamespace> pods = new ConcurrentHashMap<>();
    private final Map<String, WorkloadEntry> workloads = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<HasMetadata> touched = new ConcurrentLinkedQueue<>();
    private final AtomicLong touches = new AtomicLong();
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final Object progress = new Object();
    private long processed;
    private long sequence;
    private volatile boolean live;
    /** When the last change came in (any thread), and since when a fill waits for the changes to stop (worker only; 0: not waiting). */
    private volatile long lastTouch;
    private long settlingSince;
    private volatile ScheduledExecutorService worker;
    private volatile Thread workerThread;

    /** Pods and workloads by the instant their diagnosis may change by time alone (worker only). */
    private final TreeMap<Instant, Set<Target>> horizons = new TreeMap<>();
    private final Map<Target, Instant> horizonOf = new HashMap<>();
    private ScheduledFuture<?> timer;
    private Instant timerAt;

    /** Subjects whose first verdict is held, in the order they appeared, until {@link Held#until} (worker only). */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private ScheduledFuture<?> releaseTimer;
    /** The memo is being filled: what it sees was there before, nothing is held (worker only). */
    private boolean filling;

    private record Held(Target target, long until) {
    }

    /** @param heldUntil while its first verdict is held, until when ({@link System#nanoTime()}); 0 once fired or when not held */
    record PodEntry(SubjectRef subject, KeptPod kept, Verdict verdict, long heldUntil) {
    }

    /** @param heldUntil as for a pod */
    record WorkloadEntry(SubjectRef subject, KeptWorkload kept, Verdict verdict, long heldUntil) {
    }

    DiagnosisMemo(CacheEvaluator evaluator, ClusterCache cache, TriageConfig config, Clock clock, Event<DiagnosisChange> changes,
                  FindingOrigins origins) {
        this.evaluator = evaluator;
        this.cache = cache;
        this.config = config;
        this.clock = clock;
        this.changes = changes;
        this.episodes = new Episodes(origins);
        this.feed = new ChangeFeed(evaluator);
    }

    void onStart(@Observes StartupEvent ignored) {
        if (!enabled()) {
            return;
        }
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triage-memo");
            t.setDaemon(true);
            workerThread = t;
            return t;
        });
        feed.register(cache, this::touch);
        cache.addLiveListener(() -> submit(this::checkLive));
        submit(this::checkLive);
    }

    void onStop(@Observes ShutdownEvent ignored) {
        ScheduledExecutorService w = worker;
        if (w != null) {
            w.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- reading (any thread)

    private boolean enabled() {
        return config.cluster().cache() && config.cluster().memo();
    }

    @Override
    public boolean awaitLive(Duration atMost) {
        if (Thread.currentThread() == workerThread) {
            return live();
        }
        long until = System.nanoTime() + atMost.toNanos();
        synchronized (progress) {
            while (!live && worker != null && evaluator.live()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return live();
    }

    /** Filled, and the caches live right now (a watch can fail between two checks of the watches). */
    @Override
    public boolean live() {
        return live && evaluator.live();
    }

    @Override
    public boolean catchUp(Duration atMost) {
        if (!live()) {
            return false;
        }
        if (Thread.currentThread() == workerThread) {
            return true; // an observer of a change asks on the worker: the memo is as current as the change it sees
        }
        long target = touches.get();
        long until = System.nanoTime() + atMost.toNanos();
        synchronized (progress) {
            if (processed >= target) {
                return true;
            }
        }
        submit(this::drain);
        synchronized (progress) {
            while (processed < target) {
                long left = until - System.nanoTime();
                if (left <= 0 || !live) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return live();
    }

    @Override
    public List<KeptPod> pods(String namespace) {
        List<KeptPod> out = new ArrayList<>();
        if (namespace == null) {
            pods.values().forEach(ns -> ns.entries().forEach(e -> out.add(e.kept())));
        } else {
            KeptNamespace ns = pods.get(namespace);
            if (ns != null) {
                ns.entries().forEach(e -> out.add(e.kept()));
            }
        }
        return out;
    }

    @Override
    public Optional<KeptPod> pod(String namespace, String name) {
        KeptNamespace ns = pods.get(namespace);
        PodEntry e = ns == null ? null : ns.get(name);
        return e == null ? Optional.empty() : Optional.of(e.kept());
    }

    @Override
    public Set<String> namespaces() {
        Set<String> out = new TreeSet<>();
        pods.forEach((name, ns) -> {
            if (ns.size() > 0) {
                out.add(name);
            }
        });
        return out;
    }

    @Override
    public Tally tally(String namespace) {
        KeptNamespace ns = pods.get(namespace);
        return ns == null ? new Tally() : ns.tally();
    }

    @Override
    public List<KeptPod> withFindings(String namespace) {
        KeptNamespace ns = pods.get(namespace);
        return ns == null ? List.of() : ns.withFindings();
    }

    @Override
    public List<KeptWorkload> workloads(String namespace) {
        return workloads.values().stream().filter(e -> namespace == null || namespace.equals(e.subject().namespace()))
                .map(WorkloadEntry::kept).toList();
    }

    @Override
    public Optional<KeptWorkload> workload(WorkloadKind kind, String namespace, String name) {
        return Optional.ofNullable(workloads.get(Target.workload(kind.kind(), namespace, name).key())).map(WorkloadEntry::kept);
    }

    @Override
    public boolean held(String kind, String namespace, String name) {
        if (SubjectRef.POD.equals(kind)) {
            KeptNamespace ns = pods.get(namespace);
            PodEntry e = ns == null ? null : ns.get(name);
            return e != null && e.heldUntil() != 0;
        }
        WorkloadEntry e = workloads.get(Target.workload(kind, namespace, name).key());
        return e != null && e.heldUntil() != 0;
    }

    // ---------------------------------------------------------------- feeding (informer threads)

    /** An object changed in the caches: gathered, and recomputed after the coalescing delay. */
    void touch(HasMetadata obj) {
        lastTouch = System.nanoTime();
        touched.add(obj);
        touches.incrementAndGet();
        ScheduledExecutorService w = worker;
        if (w != null && drainPending.compareAndSet(false, true)) {
            try {
                w.schedule(() -> safely(this::drain), config.cluster().memoCoalesce().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                drainPending.set(false); // shut down
            }
        }
    }

    private void submit(Runnable r) {
        ScheduledExecutorService w = worker;
        if (w != null) {
            try {
                w.execute(() -> safely(r));
            } catch (RuntimeException e) {
                LOG.debugf("memo stopped: %s", e.getMessage());
            }
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "the diagnosis memo failed to recompute");
        }
    }

    // ---------------------------------------------------------------- the worker

    /** The caches became live (fill afresh) or stopped being live (stop answering and firing). */
    private void checkLive() {
        boolean cachesLive = evaluator.live();
        if (cachesLive && !live) {
            if (settling()) {
                worker.schedule(() -> safely(this::checkLive), config.cluster().memoCoalesce().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            fill();
        } else if (!cachesLive && live) {
            live = false;
            LOG.debug("caches not live: the memo waits");
        }
    }

    /**
     * The caches are live but still handing on the notifications of their list (one per object): the
     * fill waits until they stop (at most {@link #FILL_SETTLE}), else the objects they name would
     * be evaluated by the fill and once more by the next drain.
     */
    private boolean settling() {
        long now = System.nanoTime();
        if (settlingSince == 0) {
            settlingSince = now;
        }
        boolean quiet = now - lastTouch >= config.cluster().memoCoalesce().toNanos();
        if (quiet || now - settlingSince >= FILL_SETTLE.toNanos()) {
            settlingSince = 0;
            return false;
        }
        return true;
    }

    /** Everything cached and everything kept, recomputed: the memo is then live. */
    private void fill() {
        long started = System.nanoTime();
        long upTo = touches.get();
        touched.clear();
        Set<Target> targets = new LinkedHashSet<>();
        evaluator.pods().forEach(p -> targets.add(Target.of(p)));
        pods.values().forEach(ns -> ns.entries().forEach(e -> targets.add(Target.of(e.subject()))));
        evaluator.workloads().forEach(w -> targets.add(Target.of(w)));
        workloads.values().forEach(e -> targets.add(Target.of(e.subject())));
        filling = true;
        try {
            recompute(targets);
        } finally {
            filling = false;
        }
        live = true; // only now: until every pod is in, readers diagnose afresh (or wait, awaitLive)
        done(upTo);
        LOG.infof("diagnosis memo filled: %d pods, %d workloads in %d ms", pods.values().stream().mapToInt(KeptNamespace::size).sum(),
                workloads.size(), (System.nanoTime() - started) / 1_000_000);
    }

    private void drain() {
        drainPending.set(false);
        if (!live) {
            checkLive();
            if (!live) {
                done(touches.get());
                touched.clear();
                return;
            }
        }
        long upTo = touches.get();
        Set<Target> targets = new LinkedHashSet<>();
        for (HasMetadata o = touched.poll(); o != null; o = touched.poll()) {
            feed.targets(o, targets);
        }
        recompute(targets);
        done(upTo);
    }

    private void done(long upTo) {
        synchronized (progress) {
            processed = Math.max(processed, upTo);
            progress.notifyAll();
        }
    }

    /** The pods (with their workloads) and workloads whose horizon has passed, recomputed without any new input. */
    private void due() {
        timer = null;
        timerAt = null;
        if (!live) {
            return;
        }
        Instant now = clock.instant();
        Set<Target> targets = new LinkedHashSet<>();
        while (!horizons.isEmpty() && !horizons.firstKey().isAfter(now)) {
            targets.addAll(horizons.pollFirstEntry().getValue());
        }
        targets.forEach(t -> horizonOf.remove(t));
        Set<Target> withOwners = new LinkedHashSet<>(targets);
        targets.stream().filter(Target::isPod).forEach(t -> evaluator.pod(t.namespace(), t.name()).flatMap(evaluator::judgedOwner)
                .ifPresent(w -> withOwners.add(Target.of(w))));
        recompute(withOwners);
    }

    /** Pods first, then workloads (whose reports read their pods' diagnoses); then the next horizon is scheduled. */
    private void recompute(Set<Target> targets) {
        Instant at = clock.instant();
        Map<Target, Evaluated> ahead = evaluateAhead(targets, at);
        for (Target t : targets) {
            if (t.isPod()) {
                pod(t, at, ahead.get(t));
            }
        }
        for (Target t : targets) {
            if (!t.isPod()) {
                workload(t, at);
            }
        }
        schedule();
    }

    /** A pod and its evaluation, made ahead of the entry. */
    private record Evaluated(Target target, Pod pod, Evaluation evaluation) {
    }

    /**
     * Many pods at once (the fill, a node's or a workload's pods): evaluated first on every core (the
     * engine and the caches are thread-safe); their entries are then made in order on the worker.
     * A pod that changes meanwhile is touched again and recomputed by the next drain.
     */
    private Map<Target, Evaluated> evaluateAhead(Set<Target> targets, Instant at) {
        List<Target> many = targets.stream().filter(Target::isPod).toList();
        if (many.size() < PARALLEL_FROM) {
            return Map.of();
        }
        return many.parallelStream()
                .flatMap(t -> evaluator.pod(t.namespace(), t.name()).map(p -> new Evaluated(t, p, evaluator.evaluate(p, at))).stream())
                .collect(Collectors.toConcurrentMap(Evaluated::target, e -> e));
    }

    private PodEntry pod(Target t, Instant at) {
        return pod(t, at, null);
    }

    private PodEntry pod(Target t, Instant at, Evaluated ahead) {
        KeptNamespace ns = pods.get(t.namespace());
        PodEntry before = ns == null ? null : ns.get(t.name());
        Optional<Pod> pod = ahead != null ? Optional.of(ahead.pod()) : evaluator.pod(t.namespace(), t.name());
        horizon(t, null);
        if (pod.isEmpty()) {
            if (before != null) {
                ns.remove(t.name());
                if (before.heldUntil() == 0) {
                    fire(new DiagnosisChange.OfPod(++sequence, at, before.subject(), before.kept().diagnosis(), null));
                }
            }
            return null;
        }
        Pod p = pod.get();
        SubjectRef subject = SubjectRef.pod(t.namespace(), t.name(), p.getMetadata().getUid());
        if (before != null && !java.util.Objects.equals(before.subject().uid(), subject.uid())) {
            if (before.heldUntil() == 0) {
                fire(new DiagnosisChange.OfPod(++sequence, at, before.subject(), before.kept().diagnosis(), null));
            }
            before = null;
        }
        Evaluation e = ahead != null ? ahead.evaluation() : evaluator.evaluate(p, at);
        Diagnosis fresh = e.diagnosis();
        List<Finding> findings = episodes.carried(subject, before == null ? List.of() : before.kept().diagnosis().findings(),
                fresh.findings(), at);
        Diagnosis d = fresh.withFindings(findings);
        Verdict verdict = Verdict.of(d.healthy(), findings);
        long heldUntil = heldUntil(t, before == null ? null : before.heldUntil());
        PodEntry entry = new PodEntry(subject, new KeptPod(d, p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels()),
                verdict, heldUntil);
        pods.computeIfAbsent(t.namespace(), k -> new KeptNamespace()).put(t.name(), entry);
        horizon(t, e.horizon());
        PodEntry told = before == null || before.heldUntil() != 0 ? null : before;
        if (heldUntil == 0 && (told == null ? !findings.isEmpty() : !told.verdict().equals(verdict))) {
            fire(new DiagnosisChange.OfPod(++sequence, at, subject, told == null ? null : told.kept().diagnosis(), d));
        }
        return entry;
    }

    private void workload(Target t, Instant at) {
        WorkloadEntry before = workloads.get(t.key());
        horizon(t, null);
        Optional<HasMetadata> w = WorkloadKind.parse(t.kind()).flatMap(k -> evaluator.workload(k, t.namespace(), t.name()))
                .filter(x -> evaluator.judged(x).map(j -> j == x).orElse(false));
        if (w.isEmpty()) {
            if (before != null) {
                workloads.remove(t.key());
                if (before.heldUntil() == 0) {
                    fire(new DiagnosisChange.OfWorkload(++sequence, at, before.subject(), before.kept().report(), null));
                }
            }
            return;
        }
        HasMetadata x = w.get();
        SubjectRef subject = new SubjectRef(x.getKind(), t.namespace(), t.name(), x.getMetadata().getUid());
        if (before != null && !java.util.Objects.equals(before.subject().uid(), subject.uid())) {
            if (before.heldUntil() == 0) {
                fire(new DiagnosisChange.OfWorkload(++sequence, at, before.subject(), before.kept().report(), null));
            }
            before = null;
        }
        WorkloadReports.Judged judged = evaluator.judge(x, at, this::kept);
        WorkloadReport fresh = judged.report();
        List<Finding> findings = episodes.carried(subject, before == null ? List.of() : before.kept().report().findings(),
                fresh.findings(), at);
        WorkloadReport r = fresh.withFindings(findings);
        Verdict verdict = Verdict.ofOwn(findings);
        Map<String, String> labels = x.getMetadata().getLabels() == null ? Map.of() : x.getMetadata().getLabels();
        long heldUntil = heldUntil(t, before == null ? null : before.heldUntil());
        workloads.put(t.key(), new WorkloadEntry(subject, new KeptWorkload(subject.uid(), labels, r), verdict, heldUntil));
        horizon(t, judged.horizon());
        WorkloadEntry told = before == null || before.heldUntil() != 0 ? null : before;
        if (heldUntil == 0 && (told == null ? !findings.isEmpty() : !told.verdict().equals(verdict))) {
            fire(new DiagnosisChange.OfWorkload(++sequence, at, subject, told == null ? null : told.kept().report(), r));
        }
    }

    /** A pod's kept diagnosis, computed now when it is not kept yet. */
    private Diagnosis kept(Pod p) {
        Target t = Target.of(p);
        KeptNamespace ns = pods.get(t.namespace());
        PodEntry e = ns == null ? null : ns.get(t.name());
        if (e == null || !java.util.Objects.equals(e.subject().uid(), p.getMetadata().getUid())) {
            e = pod(t, clock.instant());
        }
        return e == null ? evaluator.evaluate(p, clock.instant()).diagnosis() : e.kept().diagnosis();
    }

    private void fire(DiagnosisChange change) {
        try {
            changes.fire(change);
        } catch (RuntimeException e) {
            LOG.warnf(e, "an observer of diagnosis changes failed on %s", change.subject().key());
        }
    }

    // ---------------------------------------------------------------- first verdicts

    /**
     * Until when a subject's verdict is held: a subject appearing while the memo is live (not while
     * it fills) is held for the first-verdict grace from now, and released then; one held before
     * stays held until its time; 0 when not held (any more).
     *
     * @param before the subject's {@code heldUntil} so far; null when it is new
     */
    private long heldUntil(Target t, Long before) {
        long now = System.nanoTime();
        if (before == null) {
            long grace = config.cluster().memoFirstVerdict().toNanos();
            if (filling || grace <= 0) {
                return 0;
            }
            long until = now + grace;
            held.add(new Held(t, until));
            if (releaseTimer == null) {
                scheduleRelease();
            }
            return until;
        }
        return before != 0 && now - before < 0 ? before : 0;
    }

    /** One timer, at the first held subject's time (they are held in order, for the same grace). */
    private void scheduleRelease() {
        Held first = held.peek();
        ScheduledExecutorService w = worker;
        if (first == null || w == null) {
            releaseTimer = null;
            return;
        }
        long delay = Math.max(0, first.until() - System.nanoTime()) + 1_000_000;
        releaseTimer = w.schedule(() -> safely(this::release), delay, TimeUnit.NANOSECONDS);
    }

    /**
     * The subjects whose hold is over: their kept verdict (current: whatever reached the caches
     * meanwhile recomputed it) fires now as their first. While not live nothing fires; the fill
     * then tells them.
     */
    private void release() {
        releaseTimer = null;
        long now = System.nanoTime();
        while (!held.isEmpty() && now - held.peek().until() >= 0) {
            Held h = held.poll();
            if (live) {
                tell(h);
            }
        }
        scheduleRelease();
    }

    private void tell(Held h) {
        Target t = h.target();
        if (t.isPod()) {
            KeptNamespace ns = pods.get(t.namespace());
            PodEntry e = ns == null ? null : ns.get(t.name());
            if (e != null && e.heldUntil() == h.until()) {
                ns.put(t.name(), new PodEntry(e.subject(), e.kept(), e.verdict(), 0));
                Diagnosis d = e.kept().diagnosis();
                if (!d.findings().isEmpty()) {
                    fire(new DiagnosisChange.OfPod(++sequence, d.evaluatedAt(), e.subject(), null, d));
                }
            }
        } else {
            WorkloadEntry e = workloads.get(t.key());
            if (e != null && e.heldUntil() == h.until()) {
                workloads.put(t.key(), new WorkloadEntry(e.subject(), e.kept(), e.verdict(), 0));
                WorkloadReport r = e.kept().report();
                if (!r.findings().isEmpty()) {
                    fire(new DiagnosisChange.OfWorkload(++sequence, r.evaluatedAt(), e.subject(), null, r));
                }
            }
        }
    }

    // ---------------------------------------------------------------- horizons

    private void horizon(Target t, Instant at) {
        Instant old = horizonOf.remove(t);
        if (old != null) {
            Set<Target> s = horizons.get(old);
            if (s != null && s.remove(t) && s.isEmpty()) {
                horizons.remove(old);
            }
        }
        if (at != null) {
            horizonOf.put(t, at);
            horizons.computeIfAbsent(at, k -> new LinkedHashSet<>()).add(t);
        }
    }

    /** One timer, at the earliest horizon. */
    private void schedule() {
        ScheduledExecutorService w = worker;
        if (w == null || horizons.isEmpty()) {
            return;
        }
        Instant first = horizons.firstKey();
        if (first.equals(timerAt)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), first).toMillis() + 1);
        timerAt = first;
        timer = w.schedule(() -> safely(this::due), delay, TimeUnit.MILLISECONDS);
    }
}
