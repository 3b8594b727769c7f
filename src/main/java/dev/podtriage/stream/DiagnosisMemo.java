package dev.podtriage.stream;

import dev.podtriage.cluster.CacheEvaluator;
import dev.podtriage.cluster.ClusterCache;
import dev.podtriage.cluster.KeptDiagnoses;
import dev.podtriage.config.TriageConfig;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Evaluation;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadReport;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The diagnosis memo (design: {@code flow.md}): every cached pod's diagnosis and every judged
 * workload's report, recomputed on one worker thread only when a cache change touches it ({@link
 * ChangeFeed}) or its time horizon passes, and a {@link DiagnosisChange} fired, in order, whenever a
 * verdict changes. Bursts of changes are gathered for {@code triage.cluster.memo-coalesce}. Nothing
 * polls: the worker sleeps until a change or the earliest horizon. While the caches are not live
 * the memo is not either, and nothing fires; when they become live it is filled afresh.
 */
@ApplicationScoped
public class DiagnosisMemo implements KeptDiagnoses {
    private static final Logger LOG = Logger.getLogger(DiagnosisMemo.class);

    private final CacheEvaluator evaluator;
    private final ClusterCache cache;
    private final TriageConfig config;
    private final Clock clock;
    private final Event<DiagnosisChange> changes;
    private final Episodes episodes;
    private final ChangeFeed feed;

    /** Pods by namespace, then by name; workloads by {@link SubjectRef#key()}. Written by the worker only. */
    private final Map<String, Map<String, PodEntry>> pods = new ConcurrentHashMap<>();
    private final Map<String, WorkloadEntry> workloads = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<HasMetadata> touched = new ConcurrentLinkedQueue<>();
    private final AtomicLong touches = new AtomicLong();
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final Object progress = new Object();
    private long processed;
    private long sequence;
    private volatile boolean live;
    private volatile ScheduledExecutorService worker;
    private volatile Thread workerThread;

    /** Pod keys by the instant their diagnosis may change by time alone (worker only). */
    private final TreeMap<Instant, Set<Target>> horizons = new TreeMap<>();
    private final Map<Target, Instant> horizonOf = new HashMap<>();
    private ScheduledFuture<?> timer;
    private Instant timerAt;

    record PodEntry(SubjectRef subject, KeptPod kept, Verdict verdict) {
    }

    record WorkloadEntry(SubjectRef subject, KeptWorkload kept, Verdict verdict) {
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
        if (!config.cluster().cache() || !config.cluster().memo()) {
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
            pods.values().forEach(ns -> ns.values().forEach(e -> out.add(e.kept())));
        } else {
            Map<String, PodEntry> ns = pods.get(namespace);
            if (ns != null) {
                ns.values().forEach(e -> out.add(e.kept()));
            }
        }
        return out;
    }

    @Override
    public Optional<KeptPod> pod(String namespace, String name) {
        Map<String, PodEntry> ns = pods.get(namespace);
        PodEntry e = ns == null ? null : ns.get(name);
        return e == null ? Optional.empty() : Optional.of(e.kept());
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

    // ---------------------------------------------------------------- feeding (informer threads)

    /** An object changed in the caches: gathered, and recomputed after the coalescing delay. */
    void touch(HasMetadata obj) {
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
            fill();
        } else if (!cachesLive && live) {
            live = false;
            LOG.debug("caches not live: the memo waits");
        }
    }

    /** Everything cached and everything kept, recomputed: the memo is then live. */
    private void fill() {
        long started = System.nanoTime();
        long upTo = touches.get();
        touched.clear();
        Set<Target> targets = new LinkedHashSet<>();
        evaluator.pods().forEach(p -> targets.add(Target.of(p)));
        pods.values().forEach(ns -> ns.values().forEach(e -> targets.add(Target.of(e.subject()))));
        evaluator.workloads().forEach(w -> targets.add(Target.of(w)));
        workloads.values().forEach(e -> targets.add(Target.of(e.subject())));
        live = true;
        recompute(targets);
        done(upTo);
        LOG.infof("diagnosis memo filled: %d pods, %d workloads in %d ms", pods.values().stream().mapToInt(Map::size).sum(),
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

    /** The pods whose horizon has passed, recomputed without any new input. */
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
        targets.forEach(t -> evaluator.pod(t.namespace(), t.name()).flatMap(evaluator::judgedOwner)
                .ifPresent(w -> withOwners.add(Target.of(w))));
        recompute(withOwners);
    }

    /** Pods first, then workloads (whose reports read their pods' diagnoses); then the next horizon is scheduled. */
    private void recompute(Set<Target> targets) {
        Instant at = clock.instant();
        for (Target t : targets) {
            if (t.isPod()) {
                pod(t, at);
            }
        }
        for (Target t : targets) {
            if (!t.isPod()) {
                workload(t, at);
            }
        }
        schedule();
    }

    private PodEntry pod(Target t, Instant at) {
        Map<String, PodEntry> ns = pods.get(t.namespace());
        PodEntry before = ns == null ? null : ns.get(t.name());
        Optional<Pod> pod = evaluator.pod(t.namespace(), t.name());
        horizon(t, null);
        if (pod.isEmpty()) {
            if (before != null) {
                ns.remove(t.name());
                fire(new DiagnosisChange.OfPod(++sequence, at, before.subject(), before.kept().diagnosis(), null));
            }
            return null;
        }
        Pod p = pod.get();
        SubjectRef subject = SubjectRef.pod(t.namespace(), t.name(), p.getMetadata().getUid());
        if (before != null && !java.util.Objects.equals(before.subject().uid(), subject.uid())) {
            fire(new DiagnosisChange.OfPod(++sequence, at, before.subject(), before.kept().diagnosis(), null));
            before = null;
        }
        Evaluation e = evaluator.evaluate(p, at);
        Diagnosis fresh = e.diagnosis();
        List<Finding> findings = episodes.carried(subject, before == null ? List.of() : before.kept().diagnosis().findings(),
                fresh.findings(), at);
        Diagnosis d = new Diagnosis(fresh.cluster(), fresh.pod(), fresh.healthy(), fresh.severity(), fresh.summary(), findings,
                fresh.evaluatedAt());
        Verdict verdict = Verdict.of(d.healthy(), findings);
        PodEntry entry = new PodEntry(subject, new KeptPod(d, p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels()),
                verdict);
        pods.computeIfAbsent(t.namespace(), k -> new ConcurrentHashMap<>()).put(t.name(), entry);
        horizon(t, e.horizon());
        if (before == null ? !findings.isEmpty() : !before.verdict().equals(verdict)) {
            fire(new DiagnosisChange.OfPod(++sequence, at, subject, before == null ? null : before.kept().diagnosis(), d));
        }
        return entry;
    }

    private void workload(Target t, Instant at) {
        WorkloadEntry before = workloads.get(t.key());
        Optional<HasMetadata> w = WorkloadKind.parse(t.kind()).flatMap(k -> evaluator.workload(k, t.namespace(), t.name()))
                .filter(x -> evaluator.judged(x).map(j -> j == x).orElse(false));
        if (w.isEmpty()) {
            if (before != null) {
                workloads.remove(t.key());
                fire(new DiagnosisChange.OfWorkload(++sequence, at, before.subject(), before.kept().report(), null));
            }
            return;
        }
        HasMetadata x = w.get();
        SubjectRef subject = new SubjectRef(x.getKind(), t.namespace(), t.name(), x.getMetadata().getUid());
        if (before != null && !java.util.Objects.equals(before.subject().uid(), subject.uid())) {
            fire(new DiagnosisChange.OfWorkload(++sequence, at, before.subject(), before.kept().report(), null));
            before = null;
        }
        WorkloadReport fresh = evaluator.report(x, at, this::kept);
        List<Finding> findings = episodes.carried(subject, before == null ? List.of() : before.kept().report().findings(),
                fresh.findings(), at);
        WorkloadReport r = fresh.withFindings(findings);
        Verdict verdict = Verdict.ofOwn(findings);
        Map<String, String> labels = x.getMetadata().getLabels() == null ? Map.of() : x.getMetadata().getLabels();
        workloads.put(t.key(), new WorkloadEntry(subject, new KeptWorkload(subject.uid(), labels, r), verdict));
        if (before == null ? !findings.isEmpty() : !before.verdict().equals(verdict)) {
            fire(new DiagnosisChange.OfWorkload(++sequence, at, subject, before == null ? null : before.kept().report(), r));
        }
    }

    /** A pod's kept diagnosis, computed now when it is not kept yet. */
    private Diagnosis kept(Pod p) {
        Target t = Target.of(p);
        Map<String, PodEntry> ns = pods.get(t.namespace());
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
