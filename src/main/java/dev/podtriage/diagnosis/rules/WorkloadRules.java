package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;
import static dev.podtriage.diagnosis.Prose.code;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import dev.podtriage.diagnosis.Timestamps;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.WorkloadRuleFamily;
import dev.podtriage.diagnosis.rules.WorkloadSignatures.Signature;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Workload level: the owning ReplicaSet, StatefulSet, DaemonSet or Job cannot create pods at all
 * (ResourceQuota, PodSecurity, admission webhooks, a missing ServiceAccount). The pod may not
 * exist, so the same analysis is offered without a pod: {@link #detectWorkload}. With a pod, it
 * reads the snapshot's owner and its events; a FailedCreate only counts while it is current, i.e.
 * not followed by a successful creation and not contradicted by a workload that has all its pods.
 */
public final class WorkloadRules implements RuleFamily, WorkloadRuleFamily {

    public static final RuleDefinition QUOTA_EXCEEDED = CatalogEntries.define(RuleId.QUOTA_EXCEEDED,
            WorkloadSignatures.detection(RuleId.QUOTA_EXCEEDED,
                    "FailedCreate events of the ReplicaSet/StatefulSet/DaemonSet/Job, or the ReplicaFailure condition, whose text reads",
                    "The first of these rows found decides between quota-exceeded and admission-denied."));
    public static final RuleDefinition ADMISSION_DENIED = CatalogEntries.define(RuleId.ADMISSION_DENIED,
            WorkloadSignatures.detection(RuleId.ADMISSION_DENIED,
                    "FailedCreate events of the ReplicaSet/StatefulSet/DaemonSet/Job, or the ReplicaFailure condition, whose text reads",
                    "Quota texts are quota-exceeded's; OpenShift's \"security context constraint\" refusals are admission denials too."));
    public static final RuleDefinition ROLLOUT_STALLED = CatalogEntries.define(RuleId.ROLLOUT_STALLED,
            WorkloadSignatures.detection(RuleId.ROLLOUT_STALLED,
                    "The Deployment's condition Progressing=False with reason ProgressDeadlineExceeded, whose message reads",
                    "The root cause of its failing pods when they are known."));
    public static final RuleDefinition JOB_FAILED = CatalogEntries.define(RuleId.JOB_FAILED,
            WorkloadSignatures.detection(RuleId.JOB_FAILED,
                    "The Job's condition Failed=True (or FailureTarget=True) with reason BackoffLimitExceeded, DeadlineExceeded or PodFailurePolicy, whose message reads",
                    "The root cause of its failed pods when they are known."));

    private static final Pattern PSA_CHECK = Pattern.compile("(?:^|, )([^,(]+?) \\(([^)]*)\\)");
    private static final Pattern POD_NAME = Pattern.compile("pods? \"([^\"]+)\"");

    @Override
    public List<RuleDefinition> rules() {
        return List.of(QUOTA_EXCEEDED, ADMISSION_DENIED, ROLLOUT_STALLED, JOB_FAILED);
    }

    @Override
    public List<Finding> detect(PodView pod) {
        Optional<HasMetadata> owner = pod.owner();
        if (owner.isEmpty()) {
            return List.of();
        }
        Instant podCreated = pod.created().orElse(null);
        List<Finding> out = new ArrayList<>();
        for (Finding f : creationFailures(owner.get(), pod.ownerEvents(), true, podCreated)) {
            out.add(f);
        }
        return out;
    }

    /**
     * Findings of a workload without looking at any pod: a Deployment, ReplicaSet, StatefulSet,
     * DaemonSet or Job and the events about it (for a Deployment, pass its ReplicaSets' events too:
     * FailedCreate is reported on the ReplicaSet). Handles FailedCreate and ReplicaFailure
     * (quota-exceeded, admission-denied), a Deployment's ProgressDeadlineExceeded (rollout-stalled),
     * and a failed Job (job-failed). The last two name the root cause of the workload's failing pods
     * when {@code pods} holds their diagnoses.
     */
    @Override
    public List<Finding> detectWorkload(HasMetadata workload, List<Event> workloadEvents, List<Diagnosis> pods, Instant at) {
        if (workload == null) {
            return List.of();
        }
        List<Event> events = workloadEvents == null ? List.of() : workloadEvents;
        PodsCause podsCause = PodsCause.of(pods == null ? List.of() : pods);
        List<Finding> creation = creationFailures(workload, events, false, null);
        List<Finding> out = new ArrayList<>(creation);
        if (workload instanceof Deployment d) {
            rolloutStalled(d, creation, podsCause).ifPresent(out::add);
        }
        if (workload instanceof Job job) {
            jobFailure(job, events, podsCause).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The root cause most of a workload's failing pods share, as a clause for a workload finding:
     * "3 of its pods fail with `image-not-found`: Image `x` does not exist".
     */
    private record PodsCause(String rule, Prose summary, long count, long failing) {
        static PodsCause of(List<Diagnosis> pods) {
            List<Diagnosis> failing = pods.stream().filter(d -> !d.healthy() && !d.findings().isEmpty()).toList();
            if (failing.isEmpty()) {
                return null;
            }
            Map<String, List<Diagnosis>> byRule = new LinkedHashMap<>();
            failing.forEach(d -> byRule.computeIfAbsent(d.findings().get(0).rule(), r -> new ArrayList<>()).add(d));
            Map.Entry<String, List<Diagnosis>> top = byRule.entrySet().stream()
                    .max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow();
            return new PodsCause(top.getKey(), top.getValue().get(0).summary(), top.getValue().size(), failing.size());
        }

        /** The clause, starting with a capital when it opens a sentence. */
        Prose clause(boolean sentence) {
            String who = count == 1 && failing == 1 ? "its failing pod" : count + " of its " + failing + " failing pods";
            return Prose.of((sentence ? capitalized(who) : who) + " fail" + (count == 1 && failing == 1 ? "s" : "") + " with ", code(rule), ": ", summary);
        }

        /** "Fix the pods' root cause `rule` (summary)", for the workload finding to go on. */
        Prose fix() {
            return Prose.of("Fix the pods' root cause ", code(rule), " (", summary, ")");
        }
    }

    private static Optional<Finding> rolloutStalled(Deployment d, List<Finding> creation, PodsCause podsCause) {
        Optional<Evidence> stalled = progressDeadline(d);
        if (stalled.isEmpty()) {
            return Optional.empty();
        }
        String name = name(d);
        String ns = namespace(d);
        Prose cause = podsCause != null ? Prose.of("; ", podsCause.clause(false))
                : creation.isEmpty() ? Prose.EMPTY : Prose.of("; its pods cannot be created (", code(creation.get(0).rule()), ")");
        Finding.Builder f = ROLLOUT_STALLED.finding()
                .order(1)
                .message(Prose.of("The rollout of ", object(WorkloadKind.DEPLOYMENT.kind(), name), " made no progress within its progressDeadlineSeconds"
                        + (d.getSpec() == null || d.getSpec().getProgressDeadlineSeconds() == null ? "" : " (" + d.getSpec().getProgressDeadlineSeconds() + " s)"),
                        cause, "."))
                .headline(podsCause != null ? Prose.of("Rollout of ", code(name), " stalled: ", podsCause.summary())
                        : Prose.of("Rollout of ", object(WorkloadKind.DEPLOYMENT.kind(), name), " stalled"))
                .evidence(stalled.get());
        Integer available = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
        if (available == null || available == 0) {
            f.severity(Severity.CRITICAL, "no replica of the Deployment is available, old or new");
        }
        if (podsCause != null) {
            f.fix(podsCause.fix().then("; the rollout resumes by itself once new pods become available."));
        }
        return Optional.of(f
                .fix(Prose.of("Watch it: ", code("kubectl -n " + ns + " rollout status deployment/" + name), "; to go back to the last working version: ",
                        code("kubectl -n " + ns + " rollout undo deployment/" + name), "."))
                .build());
    }

    // ---------------------------------------------------------------- FailedCreate / ReplicaFailure

    /** The text of one failed creation and where it was read. */
    private record Failure(String text, Evidence evidence, Instant seen) {
    }

    private static List<Finding> creationFailures(HasMetadata workload, List<Event> events, boolean podContext, Instant podCreated) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(EventFacts::lastSeen, Comparator.nullsLast(Comparator.reverseOrder())));
        List<Event> failed = sorted.stream().filter(e -> "FailedCreate".equals(e.getReason())).toList();
        Optional<Instant> lastSuccess = sorted.stream().filter(e -> "SuccessfulCreate".equals(e.getReason()))
                .map(EventFacts::lastSeen).filter(Objects::nonNull).findFirst();
        List<Failure> failures = new ArrayList<>();
        for (Event e : failed) {
            Instant seen = EventFacts.lastSeen(e);
            if (seen != null && lastSuccess.isPresent() && lastSuccess.get().isAfter(seen)) {
                continue; // the controller has created pods since
            }
            failures.add(new Failure(Objects.toString(e.getMessage(), ""), Evidence.workloadEvent(e), seen));
        }
        replicaFailure(workload).ifPresent(failures::add);
        if (failures.isEmpty() || complete(workload)) {
            return List.of();
        }
        if (podContext && podCreated != null && !missingReplicas(workload)) {
            // the pod is newer than every failure and the workload says nothing is missing: history
            boolean anyAfterPod = failures.stream().anyMatch(f -> f.seen() == null || f.seen().isAfter(podCreated));
            if (!anyAfterPod) {
                return List.of();
            }
        }
        Optional<Evidence> progress = progressDeadline(workload);
        Map<RuleDefinition, List<Failure>> byRule = new LinkedHashMap<>();
        for (Failure f : failures) {
            RuleDefinition rule = classify(f.text());
            if (rule != null) {
                byRule.computeIfAbsent(rule, r -> new ArrayList<>()).add(f);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<RuleDefinition, List<Failure>> e : byRule.entrySet()) {
            Failure latest = e.getValue().get(0);
            Finding.Builder f = e.getKey() == QUOTA_EXCEEDED ? quota(workload, latest.text()) : admission(workload, latest.text());
            e.getValue().stream().limit(2).forEach(x -> f.evidence(x.evidence()));
            progress.ifPresent(f::evidence);
            if (podContext) {
                // this pod exists: it is the workload's other replicas that cannot be created
                f.severity(Severity.WARNING, "this pod exists and runs; it is the workload's other replicas that cannot be created");
            }
            out.add(f.build());
        }
        return out;
    }

    static RuleDefinition classify(String text) {
        RuleId rule = WorkloadSignatures.classify(text);
        if (rule == RuleId.QUOTA_EXCEEDED) {
            return QUOTA_EXCEEDED;
        }
        return rule == RuleId.ADMISSION_DENIED || containsAny(text, "security context constraint") ? ADMISSION_DENIED : null;
    }

    private static Optional<Failure> replicaFailure(HasMetadata w) {
        String field = w.getKind() + "/" + name(w) + " status.conditions[ReplicaFailure]";
        if (w instanceof ReplicaSet rs && rs.getStatus() != null && rs.getStatus().getConditions() != null) {
            for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                if ("ReplicaFailure".equals(c.getType()) && "True".equalsIgnoreCase(c.getStatus())) {
                    return Optional.of(new Failure(Objects.toString(c.getMessage(), ""), Evidence.workload(field, c.getReason(), c.getMessage()),
                            Timestamps.parse(c.getLastTransitionTime())));
                }
            }
        }
        if (w instanceof Deployment d && d.getStatus() != null && d.getStatus().getConditions() != null) {
            for (DeploymentCondition c : d.getStatus().getConditions()) {
                if ("ReplicaFailure".equals(c.getType()) && "True".equalsIgnoreCase(c.getStatus())) {
                    return Optional.of(new Failure(Objects.toString(c.getMessage(), ""), Evidence.workload(field, c.getReason(), c.getMessage()),
                            Timestamps.parse(c.getLastUpdateTime())));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Evidence> progressDeadline(HasMetadata w) {
        if (w instanceof Deployment d && d.getStatus() != null && d.getStatus().getConditions() != null) {
            return d.getStatus().getConditions().stream()
                    .filter(c -> "Progressing".equals(c.getType()) && "False".equalsIgnoreCase(c.getStatus())
                            && "ProgressDeadlineExceeded".equals(c.getReason()))
                    .findFirst()
                    .map(c -> Evidence.workload("Deployment/" + name(w) + " status.conditions[Progressing]", c.getReason(), c.getMessage()));
        }
        return Optional.empty();
    }

    /** The workload reports every pod it wants: a FailedCreate seen before is history. */
    private static boolean complete(HasMetadata w) {
        if (w instanceof ReplicaSet rs && rs.getStatus() != null && rs.getStatus().getReplicas() != null) {
            int want = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
            return rs.getStatus().getReplicas() >= want && noReplicaFailure(w);
        }
        if (w instanceof Deployment d && d.getStatus() != null && d.getStatus().getReplicas() != null) {
            int want = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            return d.getStatus().getReplicas() >= want && Objects.requireNonNullElse(d.getStatus().getUpdatedReplicas(), 0) >= want
                    && noReplicaFailure(w);
        }
        if (w instanceof StatefulSet s && s.getStatus() != null && s.getStatus().getReplicas() != null) {
            int want = s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            return s.getStatus().getReplicas() >= want;
        }
        if (w instanceof DaemonSet ds && ds.getStatus() != null && ds.getStatus().getDesiredNumberScheduled() != null
                && ds.getStatus().getDesiredNumberScheduled() > 0) {
            // 0 desired next to a FailedCreate is a status not (yet) computed, not a DaemonSet that wants nothing
            return Objects.requireNonNullElse(ds.getStatus().getCurrentNumberScheduled(), 0) >= ds.getStatus().getDesiredNumberScheduled();
        }
        return false;
    }

    private static boolean missingReplicas(HasMetadata w) {
        return !complete(w) && !(w instanceof Job) && hasReplicaStatus(w);
    }

    private static boolean hasReplicaStatus(HasMetadata w) {
        return (w instanceof ReplicaSet rs && rs.getStatus() != null && rs.getStatus().getReplicas() != null)
                || (w instanceof Deployment d && d.getStatus() != null)
                || (w instanceof StatefulSet s && s.getStatus() != null && s.getStatus().getReplicas() != null)
                || (w instanceof DaemonSet ds && ds.getStatus() != null && ds.getStatus().getDesiredNumberScheduled() != null);
    }

    private static boolean noReplicaFailure(HasMetadata w) {
        return replicaFailure(w).isEmpty();
    }

    // ---------------------------------------------------------------- quota

    private static Finding.Builder quota(HasMetadata w, String text) {
        String ns = namespace(w);
        Prose cannot = cannotCreate(w, text);
        Prose template = templateOwner(w);
        Optional<Wording.Hit<Signature>> m = WorkloadSignatures.TABLE.first(Signature.QUOTA, text);
        if (m.isPresent()) {
            String q = m.get().get("quota").strip();
            Map<String, String> requested = pairs(m.get().get("requested"));
            Map<String, String> used = pairs(m.get().get("used"));
            Map<String, String> limited = pairs(m.get().get("limited"));
            List<String> parts = new ArrayList<>();
            Finding.Builder f = QUOTA_EXCEEDED.finding().cause("resourcequota", ns, q);
            for (Map.Entry<String, String> r : limited.entrySet()) {
                String res = r.getKey();
                Optional<String> left = remaining(res, r.getValue(), used.get(res));
                parts.add(res + ": requested " + requested.getOrDefault(res, "?") + ", used " + used.getOrDefault(res, "?") + " of " + r.getValue()
                        + left.map(x -> ", " + x + " left").orElse(""));
                String field = res.replaceFirst("^requests\\.", "resources.requests.").replaceFirst("^limits\\.", "resources.limits.");
                if (!field.startsWith("resources.")) {
                    field = field.equals("cpu") || field.equals("memory") ? "resources.requests." + field : field;
                }
                f.fix(Prose.of("Lower ", code("spec.template.spec.containers[*]." + field), " of ", template, " so that a pod's " + requested.getOrDefault(res, "request")
                        + " fits into what is left of ", code(res), left.map(x -> " (" + x + ")").orElse("") + "."));
            }
            return f.message(Prose.of(cannot, ": ResourceQuota ", code(q), " in namespace ", code(ns), " would be exceeded (" + String.join("; ", parts) + ")."))
                    .headline(Prose.of("ResourceQuota ", code(q), " exceeded (" + String.join(", ", limited.keySet()) + ")"))
                    .fix(Prose.of("Or raise the quota: ", code("kubectl -n " + ns + " edit resourcequota " + q), " (spec.hard now "
                            + String.join(", ", limited.entrySet().stream().map(x -> x.getKey() + ": " + x.getValue()).toList()) + ")."))
                    .fix(Prose.of("Or free quota: ", code("kubectl -n " + ns + " describe resourcequota " + q),
                            " shows the usage; scale down or delete what no longer needs it."));
        }
        Optional<Wording.Hit<Signature>> must = WorkloadSignatures.TABLE.first(Signature.QUOTA_MUST, text);
        if (must.isPresent()) {
            String q = must.get().get("quota").strip();
            String fields = must.get().get("fields").strip();
            return QUOTA_EXCEEDED.finding().cause("resourcequota", ns, q)
                    .message(Prose.of(cannot, ": ResourceQuota ", code(q), " in namespace ", code(ns), " requires " + fields
                            + ", which the pod template does not set."))
                    .headline(Prose.of("ResourceQuota ", code(q), " requires " + fields))
                    .fix(Prose.of("Set " + fields + " under ", code("spec.template.spec.containers[*].resources"), " of ", template,
                            " (a quota on limits or requests makes them mandatory)."))
                    .fix(Prose.of("Or add a LimitRange with defaults to namespace ", code(ns), " so that containers without them get defaults: ",
                            code("kubectl -n " + ns + " create -f limitrange.yaml"), "."));
        }
        return QUOTA_EXCEEDED.finding()
                .message(Prose.of(cannot, " because of a ResourceQuota in namespace ", code(ns), ": ", code(stripPrefix(text))))
                .headline(Prose.words("ResourceQuota exceeded"))
                .fix(Prose.of("See the quotas and their usage: ", code("kubectl -n " + ns + " describe resourcequota"), "; lower the requests/limits of ", template,
                        " or raise the quota."));
    }

    /** "limits.cpu=1,limits.memory=512Mi" into a map. */
    private static Map<String, String> pairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : text.strip().split(",")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                out.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static Optional<String> remaining(String resource, String limit, String used) {
        Optional<BigDecimal> l = PodResources.parse(limit);
        Optional<BigDecimal> u = PodResources.parse(used);
        if (l.isEmpty() || u.isEmpty()) {
            return Optional.empty();
        }
        String base = resource.replaceFirst("^(requests|limits)\\.", "");
        BigDecimal left = l.get().subtract(u.get()).max(BigDecimal.ZERO);
        return Optional.of(PodResources.format(base, left));
    }

    // ---------------------------------------------------------------- admission

    private static Finding.Builder admission(HasMetadata w, String text) {
        String ns = namespace(w);
        Prose cannot = cannotCreate(w, text);
        Prose template = templateOwner(w);
        Finding.Builder f = ADMISSION_DENIED.finding();
        Optional<Wording.Hit<Signature>> psa = WorkloadSignatures.TABLE.first(Signature.POD_SECURITY, text);
        Optional<Wording.Hit<Signature>> sa = WorkloadSignatures.TABLE.first(Signature.SERVICE_ACCOUNT_MISSING, text);
        Optional<Wording.Hit<Signature>> denied = WorkloadSignatures.TABLE.first(Signature.WEBHOOK_DENIED, text);
        Optional<String> failedHook = WorkloadSignatures.TABLE.extract(x -> x == Signature.WEBHOOK_FAILED, "webhook", text);
        if (psa.isPresent()) {
            String level = psa.get().get("level");
            String violations = psa.get().get("checks");
            List<String> checks = new ArrayList<>();
            Matcher c = PSA_CHECK.matcher(violations);
            while (c.find()) {
                checks.add(c.group(1).strip());
                String detail = c.group(2).strip();
                if (detail.contains(" must ")) {
                    Prose where = detail.startsWith("pod")
                            ? Prose.of(code("spec.template.spec.securityContext"), " or the container's ", code("securityContext"))
                            : code("spec.template.spec.containers[…] securityContext");
                    f.fix(Prose.of("In the pod template of ", template, ": " + detail.replaceFirst("^(pod or )?(containers?) ", "$1$2 ") + " (", where, ")."));
                } else {
                    f.fix(Prose.of("In the pod template of ", template, ": remove what ", code(c.group(1).strip()), " forbids (" + detail + ")."));
                }
            }
            return f.cause("policy", ns, "pod-security-" + level)
                    .message(Prose.of(cannot, ": they violate Pod Security level ", code(level), " enforced on namespace ", code(ns),
                            checks.isEmpty() ? Prose.of(": ", code(violations.strip())) : " (" + String.join("; ", checks) + ")", "."))
                    .headline(Prose.words("Pods violate PodSecurity \"" + level + "\""))
                    .fix(Prose.of("Only if the workload really needs it, relax the namespace's level (",
                            code("kubectl label ns " + ns + " pod-security.kubernetes.io/enforce=baseline --overwrite"), "); check the effect first with ",
                            code("kubectl label --dry-run=server"), "."));
        }
        if (sa.isPresent()) {
            String saName = sa.get().get("serviceaccount");
            String saNs = sa.get().get("namespace");
            return f.cause("serviceaccount", saNs, saName)
                    .message(Prose.of(cannot, ": ServiceAccount ", code(saName), " does not exist in namespace ", code(saNs), "."))
                    .headline(Prose.of("ServiceAccount ", code(saName), " not found"))
                    .fix(Prose.of("Create it: ", code("kubectl -n " + saNs + " create serviceaccount " + saName), " (with the RoleBindings the workload needs)."))
                    .fix(Prose.of("Or correct ", code("spec.template.spec.serviceAccountName"), " of ", template, "."));
        }
        if (denied.isPresent()) {
            String hook = denied.get().get("webhook");
            String reason = denied.get().get("reason") == null ? null : denied.get().get("reason").strip();
            Prose said = reason == null ? Prose.words("no explanation given") : code(reason);
            return f.cause("webhook", hook).message(Prose.of(cannot, ": admission webhook ", code(hook), " denied them: ", said))
                    .headline(Prose.of("Admission webhook ", code(hook), " denied the pods"))
                    .fix(Prose.of("Change the pod template of ", template, " so that it passes the policy behind ", code(hook), ": ",
                            reason == null ? said : code(firstSentence(reason))))
                    .fix(Prose.of("Find the policy: ", code("kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations | grep " + hook.split("\\.")[0]),
                            " (Kyverno: ", code("kubectl get clusterpolicy,policy -A"), "; Gatekeeper: ", code("kubectl get constraints"),
                            "), or ask its owners for an exception for namespace ", code(ns), "."));
        }
        if (failedHook.isPresent()) {
            String hook = failedHook.get();
            String error = WorkloadSignatures.TABLE.extract(x -> x == Signature.WEBHOOK_FAILED, "error", text).orElse("");
            return f.cause("webhook", hook)
                    .message(Prose.of(cannot, ": the API server could not call admission webhook ", code(hook), " (", code(firstSentence(error)),
                            "), and the webhook fails closed."))
                    .headline(Prose.of("Admission webhook ", code(hook), " unreachable"))
                    .fix(Prose.of("Bring back the webhook's service: find it with ",
                            code("kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o yaml | grep -B5 -A15 " + hook),
                            " (clientConfig.service) and check that its pods are Running and its certificate is valid."))
                    .fix(Prose.of("If the webhook is gone for good, delete its WebhookConfiguration, or set ", code("failurePolicy: Ignore"), " for it."));
        }
        String why = WorkloadSignatures.TABLE.extract(x -> x == Signature.FORBIDDEN, "why", text).map(String::strip).orElse(stripPrefix(text));
        f.message(Prose.of(cannot, ": the API server refused them: ", code(why)))
                .headline(Prose.words("Pod creation forbidden: " + firstSentence(why)));
        if (WorkloadSignatures.TABLE.says(Signature.LIMIT_RANGE, why)) {
            f.fix(Prose.of("A LimitRange in namespace ", code(ns), " sets these bounds: ", code("kubectl -n " + ns + " describe limitrange"),
                    "; adjust the containers' resources in the pod template of ", template, " to lie within them."));
        } else if (containsAny(why, "security context constraint")) {
            f.fix(Prose.of("Grant the workload's ServiceAccount an SCC that allows its securityContext (",
                    code("oc adm policy add-scc-to-user <scc> -z <serviceaccount> -n " + ns), "), or make the pod template of ", template, " fit the restricted SCC."));
        } else {
            f.fix(Prose.of("Change the pod template of ", template, " so that the admission check named above passes (",
                    code("kubectl -n " + ns + " get events --field-selector reason=FailedCreate"), ")."));
        }
        return f;
    }

    // ---------------------------------------------------------------- Jobs

    private static Optional<Finding> jobFailure(Job job, List<Event> events, PodsCause podsCause) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        Optional<JobCondition> failed = job.getStatus().getConditions().stream()
                .filter(c -> ("Failed".equals(c.getType()) || "FailureTarget".equals(c.getType())) && "True".equalsIgnoreCase(c.getStatus()))
                .min(Comparator.comparing(c -> "Failed".equals(c.getType()) ? 0 : 1));
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        JobCondition c = failed.get();
        String ns = namespace(job);
        String name = name(job);
        Prose self = object(WorkloadKind.JOB.kind(), name);
        String reason = Objects.toString(c.getReason(), "");
        Prose detail = code(Objects.toString(c.getMessage(), reason));
        Prose logs = code("kubectl -n " + ns + " logs -l job-name=" + name + " --tail=50");
        Evidence ev = Evidence.workload("Job/" + name + " status.conditions[" + c.getType() + "]", c.getReason(), c.getMessage());
        List<Evidence> evEvents = events.stream().filter(e -> Objects.equals(e.getReason(), c.getReason())).limit(1).map(Evidence::workloadEvent).toList();
        Prose pods = podsCause == null ? Prose.EMPTY : Prose.of(" ", podsCause.clause(true), ".");
        Finding.Builder f = JOB_FAILED.finding().order(1).evidence(ev).evidence(evEvents);
        switch (reason) {
            case "DeadlineExceeded" -> {
                Long deadline = job.getSpec() == null ? null : job.getSpec().getActiveDeadlineSeconds();
                f.message(Prose.of(self, " ran longer than its spec.activeDeadlineSeconds" + (deadline == null ? "" : "=" + deadline)
                                + " and was failed; its running pods were terminated (", detail, ").", pods))
                        .headline(Prose.of(self, " exceeded its active deadline"))
                        .fix(Prose.of("Raise ", code("spec.activeDeadlineSeconds"), (deadline == null ? "" : " (now " + deadline + ")") + " of ", self,
                                " to the time the work needs, or make it faster; see how far its pods got: ", code("kubectl -n " + ns + " logs job/" + name), "."));
            }
            case "PodFailurePolicy" -> f.message(Prose.of(self, " was failed by its podFailurePolicy: ", detail, ".", pods))
                    .headline(Prose.of(self, " failed by its podFailurePolicy"))
                    .fix(Prose.of("The exit code or pod condition named above matched a ", code("FailJob"), " rule of ", code("spec.podFailurePolicy"), " of ", self,
                            ": fix what makes the container exit so (", logs, "), or change the rule if that exit is expected."));
            default -> {
                Integer limit = job.getSpec() == null ? null : job.getSpec().getBackoffLimit();
                Integer failedPods = job.getStatus().getFailed();
                f.message(Prose.of(self, " failed: its pods exited with errors " + (failedPods == null ? "" : failedPods + " times, ")
                                + "more than its backoffLimit" + (limit == null ? "" : " of " + limit) + " allows (", detail, ").", pods))
                        .headline(podsCause != null ? Prose.of(self, " failed: ", podsCause.summary()) : Prose.of(self, " reached its backoff limit"))
                        .fix(Prose.of("Read why its pods failed: ", code("kubectl -n " + ns + " get pods -l job-name=" + name), " and ", logs, "."));
            }
        }
        if (podsCause != null) {
            f.fix(podsCause.fix().then("."));
        }
        return Optional.of(f
                .fix(Prose.of("Then re-run it: a failed Job does not restart (", code("kubectl -n " + ns + " delete job " + name), " and apply it again); raise ",
                        code("spec.backoffLimit"), " only for flaky work."))
                .build());
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---------------------------------------------------------------- naming

    private static String name(HasMetadata w) {
        return w.getMetadata() == null ? "?" : w.getMetadata().getName();
    }

    private static String namespace(HasMetadata w) {
        return w.getMetadata() == null || w.getMetadata().getNamespace() == null ? "default" : w.getMetadata().getNamespace();
    }

    /** "Deployment `web`": a kind in words and the object's name as code. */
    private static Prose object(String kind, String name) {
        return Prose.of(kind + " ", code(name));
    }

    /** "ReplicaSet `web-7d9c8b5f4d` (Deployment `web`)". */
    private static Prose describe(HasMetadata w) {
        Prose self = object(w.getKind(), name(w));
        return deploymentOf(w).map(d -> self.then(" (", object(WorkloadKind.DEPLOYMENT.kind(), d), ")")).orElse(self);
    }

    /** "ReplicaSet `web-7d9c8b5f4d` cannot create pods (last refused: `web-7d9c8b5f4d-5nq7k`)". */
    private static Prose cannotCreate(HasMetadata w, String text) {
        return Prose.of(describe(w), " cannot create pods", podName(text).map(p -> Prose.of(" (last refused: ", code(p), ")")).orElse(Prose.EMPTY));
    }

    /** Where the pod template is edited: the Deployment for its ReplicaSets, else the workload itself. */
    private static Prose templateOwner(HasMetadata w) {
        return deploymentOf(w).map(d -> object(WorkloadKind.DEPLOYMENT.kind(), d)).orElse(object(w.getKind(), name(w)));
    }

    private static Optional<String> deploymentOf(HasMetadata w) {
        if (!WorkloadKind.REPLICA_SET.kind().equals(w.getKind())) {
            return Optional.empty();
        }
        ObjectMeta m = w.getMetadata();
        if (m != null && m.getOwnerReferences() != null) {
            for (OwnerReference r : m.getOwnerReferences()) {
                if (WorkloadKind.DEPLOYMENT.kind().equals(r.getKind())) {
                    return Optional.ofNullable(r.getName());
                }
            }
        }
        String hash = m == null || m.getLabels() == null ? null : m.getLabels().get("pod-template-hash");
        String n = name(w);
        return hash != null && n.endsWith("-" + hash) ? Optional.of(n.substring(0, n.length() - hash.length() - 1)) : Optional.empty();
    }

    private static Optional<String> podName(String text) {
        Matcher m = POD_NAME.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String stripPrefix(String text) {
        return text.replaceFirst("^Error creating:\\s*", "").strip();
    }

    private static String firstSentence(String text) {
        String t = text.strip();
        int dot = t.indexOf(". ");
        return dot > 0 && dot < 300 ? t.substring(0, dot + 1) : (t.length() > 300 ? t.substring(0, 300) + "…" : t);
    }
}
