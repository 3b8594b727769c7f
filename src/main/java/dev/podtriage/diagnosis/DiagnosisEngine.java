package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Snapshot in, diagnosis out. Pure and thread-safe: no I/O, no clock reads (the evaluation
 * instant is a parameter), no mutable state.
 */
public final class DiagnosisEngine {
    /** Root cause first: earliest stage, then worst severity, then the container that runs first. */
    private static final Comparator<Finding> ROOT_CAUSE_FIRST = Comparator
            .comparing(Finding::stage)
            .thenComparing(Finding::severity)
            .thenComparingInt(Finding::order)
            .thenComparing(Finding::rule);

    private final RuleCatalog catalog;
    private final DiagnosisSettings settings;
    /** The rule IDs an opt-out annotation may name. */
    private final Set<String> ruleIds;

    public DiagnosisEngine(RuleCatalog catalog, DiagnosisSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
        this.ruleIds = catalog.rules().stream().map(RuleDefinition::id).collect(Collectors.toUnmodifiableSet());
    }

    public RuleCatalog catalog() {
        return catalog;
    }

    /**
     * The summary of a pod sent without {@code status} (a manifest, not what the API server
     * returns): its state is unknown, so it is not called healthy. No rule ID names this: it is
     * not a cause found in the pod but a gap in the input.
     */
    static final Prose NO_STATUS = Prose.of("Status unknown: the pod was sent without ", Prose.code("status"),
            ", so its state cannot be diagnosed (send it as ", Prose.code("kubectl get pod -o json"), " prints it)");

    public Diagnosis diagnose(PodSnapshot snapshot, Instant at, String cluster) {
        return evaluate(snapshot, at, cluster).diagnosis();
    }

    /** The diagnosis with the instant it could next change by time alone (its horizon). */
    public Evaluation evaluate(PodSnapshot snapshot, Instant at, String cluster) {
        PodView pod = new PodView(snapshot, at, settings);
        List<Finding> findings = new ArrayList<>();
        for (RuleFamily family : catalog.families()) {
            findings.addAll(family.detect(pod));
        }
        RuleCatalog.Applied applied = catalog.apply(findings);
        findings = new ArrayList<>(applied.findings());
        findings.replaceAll(this::redacted);
        findings.sort(ROOT_CAUSE_FIRST);
        List<OptOutSource> around = new ArrayList<>();
        OptOutSource.of("Pod", snapshot.pod().getMetadata()).ifPresent(around::add);
        around.addAll(snapshot.optOutSources());
        OptOuts optOuts = optOuts(around, at);
        findings = new ArrayList<>(optOuts.apply(findings));
        boolean statusMissing = snapshot.pod().getStatus() == null;
        boolean healthy = !statusMissing && findings.stream().noneMatch(f -> f.severity().unhealthy());
        Severity worst = findings.stream().map(Finding::severity).min(Comparator.naturalOrder()).orElse(null);
        PodColumns columns = KubectlColumns.of(snapshot.pod());
        PodInfo info = new PodInfo(pod.namespace(), pod.name(), pod.metadata().getUid(), pod.nodeName(),
                pod.workload().orElse(null), pod.phase().isEmpty() ? null : pod.phase(),
                redact(columns.status()), columns.ready(), columns.restarts());
        Prose summary = statusMissing && findings.stream().noneMatch(f -> f.severity().unhealthy()) ? NO_STATUS
                : summary(findings, healthy, columns);
        return new Evaluation(new Diagnosis(cluster, info, healthy, worst, summary.map(this::redact), List.copyOf(findings), at, applied.suppressed(),
                optOuts.problems()), OptOuts.earliest(pod.horizon(), optOuts.horizon()));
    }

    /** A workload's own findings (quota, admission, stalled rollout, failed Job), root cause first. */
    public List<Finding> diagnoseWorkload(HasMetadata workload, List<Event> events, Instant at) {
        return diagnoseWorkload(workload, events, List.of(), at);
    }

    /**
     * A workload's own findings, each covered one marked by the opt-out annotations of the workload
     * and of {@code around} (its owner chain and namespace, nearest first), with the annotations not
     * applied. The findings change by time alone when the {@code until} of an opt-out still ahead passes
     * (its {@code horizon}).
     */
    public WorkloadFindings judgeWorkload(HasMetadata workload, List<Event> events, List<Diagnosis> pods, List<OptOutSource> around,
                                          Instant at) {
        List<OptOutSource> all = new ArrayList<>();
        OptOutSource.of(workload.getKind(), workload.getMetadata()).ifPresent(all::add);
        all.addAll(around);
        OptOuts optOuts = optOuts(all, at);
        RuleCatalog.Applied applied = evaluateWorkload(workload, events, pods, at);
        return new WorkloadFindings(optOuts.apply(applied.findings()), optOuts.problems(), applied.suppressed(), optOuts.horizon());
    }

    /**
     * A workload's own findings, marked by opt-outs; see {@link #judgeWorkload}.
     *
     * @param suppressed findings of rules the operator turned off, dropped from {@code findings}
     * @param horizon    when they could next change by time alone (an opt-out ends); null if never
     */
    public record WorkloadFindings(List<Finding> findings, List<Prose> optOutProblems, int suppressed, Instant horizon) {
    }

    private OptOuts optOuts(List<OptOutSource> sources, Instant at) {
        return OptOuts.of(sources, ruleIds, at, this::redact);
    }

    /** The same, naming the root cause of its failing pods (diagnosed before) where a finding can. */
    public List<Finding> diagnoseWorkload(HasMetadata workload, List<Event> events, List<Diagnosis> pods, Instant at) {
        return evaluateWorkload(workload, events, pods, at).findings();
    }

    /** The same, with how many findings of rules the operator turned off were dropped. */
    public RuleCatalog.Applied evaluateWorkload(HasMetadata workload, List<Event> events, List<Diagnosis> pods, Instant at) {
        List<Finding> findings = new ArrayList<>();
        for (RuleFamily family : catalog.families()) {
            if (family instanceof WorkloadRuleFamily w) {
                findings.addAll(w.detectWorkload(workload, events, pods, at));
            }
        }
        RuleCatalog.Applied applied = catalog.apply(findings);
        findings = new ArrayList<>(applied.findings());
        findings.replaceAll(this::redacted);
        findings.sort(ROOT_CAUSE_FIRST);
        return new RuleCatalog.Applied(List.copyOf(findings), applied.suppressed());
    }

    /**
     * The one step every finding passes on its way out of the engine, whatever rule made it: every
     * string it carries (title, message, headline, evidence, and the fixes, which quote commands,
     * probe commands and cluster messages) goes through the redactor, so no secret quoted from the
     * cluster reaches any output. Rule IDs and container names are identifiers, not quotes.
     */
    private Finding redacted(Finding f) {
        List<Evidence> evidence = f.evidence().stream().map(e -> new Evidence(e.source(), redact(e.field()), redact(e.reason()),
                redact(e.text()), e.count(), e.lastSeen())).toList();
        return new Finding(f.rule(), f.severity(), redact(f.title()), f.container(), f.message().map(this::redact), evidence,
                f.fixes().stream().map(fix -> fix.map(this::redact)).toList(), f.cause(), f.since(), f.optOut(), f.headline().map(this::redact),
                f.stage(), f.order());
    }

    private String redact(String text) {
        return settings.redactor().redact(text);
    }

    public Report report(List<PodSnapshot> snapshots, Instant at, String cluster, ReportFilter filter) {
        List<Diagnosis> all = snapshots.stream().map(s -> diagnose(s, at, cluster)).toList();
        return summarize(all, at, cluster, filter);
    }

    /** A report over diagnoses already made: counts all of them, lists those the filter keeps. */
    public static Report summarize(List<Diagnosis> all, Instant at, String cluster, ReportFilter filter) {
        Tally tally = new Tally();
        List<Diagnosis> listed = new ArrayList<>();
        for (Diagnosis d : all) {
            tally.add(d);
            if (filter.lists(d)) {
                listed.add(d);
            }
        }
        listed.sort(ReportPage.ORDER);
        return new Report(cluster, at, tally.summary(), listed, List.of(), null);
    }

    private static Prose summary(List<Finding> findings, boolean healthy, PodColumns columns) {
        if (healthy) {
            return Prose.words("Healthy: " + columns.status() + ", " + columns.ready() + " ready");
        }
        Finding root = findings.get(0);
        long others = findings.stream().skip(1).filter(f -> f.severity().unhealthy()).count();
        return others == 0 ? root.headline() : root.headline().then(" (+" + others + " more)");
    }
}
