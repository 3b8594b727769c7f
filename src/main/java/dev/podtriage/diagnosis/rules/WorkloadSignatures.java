package dev.podtriage.diagnosis.rules;

import java.util.List;
import java.util.Set;

/**
 * The API server's and the controllers' words for a workload that cannot create its pods or has given up (as in
 * {@code shared/spec/wordings.md}, section 8, with the {@code is forbidden} wrapper of section 0), one row per wording:
 * which signature each means and what it extracts. A FailedCreate text (or ReplicaFailure condition) takes the rule of
 * the first row found in it that is not a wrapper; the rows tell the finding what to say. The catalog's detection texts
 * of the workload rules are generated from this table.
 *
 * <p>Adding a wording is adding one row here and one fixture under {@code fixtures/wordings/} (README, "Adding a wording").
 */
final class WorkloadSignatures {
    private WorkloadSignatures() {
    }

    /** What a wording tells, and the rules whose detection it belongs to. */
    enum Signature {
        QUOTA(RuleId.QUOTA_EXCEEDED),
        QUOTA_MUST(RuleId.QUOTA_EXCEEDED),
        /** The quota could not be evaluated for another reason. */
        QUOTA_FAILED(RuleId.QUOTA_EXCEEDED),
        LIMIT_RANGE(RuleId.ADMISSION_DENIED),
        POD_SECURITY(RuleId.ADMISSION_DENIED),
        POD_SECURITY_POLICY(RuleId.ADMISSION_DENIED),
        SERVICE_ACCOUNT_MISSING(RuleId.ADMISSION_DENIED),
        SERVICE_ACCOUNT(RuleId.ADMISSION_DENIED),
        WEBHOOK_DENIED(RuleId.ADMISSION_DENIED),
        WEBHOOK_FAILED(RuleId.ADMISSION_DENIED),
        /** A policy engine's own words inside a webhook's denial (Gatekeeper, Kyverno). */
        POLICY(RuleId.ADMISSION_DENIED),
        /** Any other refusal of the API server. */
        FORBIDDEN(RuleId.ADMISSION_DENIED),
        /** The controllers' envelope around a refusal: it names no cause by itself. */
        CREATE_WRAPPER(RuleId.QUOTA_EXCEEDED, RuleId.ADMISSION_DENIED),
        PROGRESS_DEADLINE(RuleId.ROLLOUT_STALLED),
        JOB(RuleId.JOB_FAILED);

        final Set<RuleId> rules;

        Signature(RuleId... rules) {
            this.rules = Set.of(rules);
        }

        /** Whether the wording names a cause (a wrapper or a condition's text does not classify a FailedCreate). */
        boolean classifies() {
            return this != CREATE_WRAPPER && this != PROGRESS_DEADLINE && this != JOB;
        }
    }

    private static final String LIMIT = "(?<resource>[\\w./-]+) usage per (?<type>Container|Pod) is (?<bound>[^,.\\s]+)";

    static final SignatureTable<Signature> TABLE = new SignatureTable<>(List.of(
            Wording.of(Signature.QUOTA, "exceeded quota: %s, requested: %s, used: %s, limited: %s",
                    "exceeded quota: (?<quota>[^,\\n]{1,253}), requested: (?<requested>\\S{1,1024}), used: (?<used>\\S{1,1024}), limited: (?<limited>\\S{1,1024})",
                    "ResourceQuota admission, all (\"Exceeded quota:\" in early releases)"),
            Wording.of(Signature.QUOTA_MUST, "failed quota: %s: must specify %s", "(?s)failed quota: (?<quota>[^:]+): must specify (?<fields>.+)$",
                    "ResourceQuota admission, all"),
            Wording.of(Signature.QUOTA_FAILED, "failed quota: %s: %v", "failed quota: (?<quota>[^:\\n]+): ", "ResourceQuota admission, another evaluation error"),
            Wording.of(Signature.LIMIT_RANGE, "maximum %s usage per %s is %s, but limit is %s", "maximum " + LIMIT + ", but limit is (?<value>[^,.\\s]+)",
                    "LimitRanger, all"),
            Wording.of(Signature.LIMIT_RANGE, "maximum %s usage per %s is %s, but request is %s", "maximum " + LIMIT + ", but request is (?<value>[^,.\\s]+)",
                    "LimitRanger, all"),
            Wording.of(Signature.LIMIT_RANGE, "maximum %s usage per %s is %s.  No limit is specified", "maximum " + LIMIT + "\\.\\s+No limit is specified",
                    "LimitRanger, all"),
            Wording.of(Signature.LIMIT_RANGE, "minimum %s usage per %s is %s, but request is %s", "minimum " + LIMIT + ", but request is (?<value>[^,.\\s]+)",
                    "LimitRanger, all"),
            Wording.of(Signature.LIMIT_RANGE, "minimum %s usage per %s is %s, but limit is %s", "minimum " + LIMIT + ", but limit is (?<value>[^,.\\s]+)",
                    "LimitRanger, all"),
            Wording.of(Signature.LIMIT_RANGE, "minimum %s usage per %s is %s.  No request is specified", "minimum " + LIMIT + "\\.\\s+No request is specified",
                    "LimitRanger, all"),
            Wording.of(Signature.LIMIT_RANGE, "%s max limit to request ratio per %s is %s, but provided ratio is %f",
                    "(?<![\\w./-])(?<resource>[\\w./-]{1,253}) max limit to request ratio per (?<type>Container|Pod) is (?<bound>[^,\\s]+), but provided ratio is (?<value>[\\d.]+)",
                    "LimitRanger, all"),
            Wording.of(Signature.POD_SECURITY, "pod violates PodSecurity %q: %s", "(?s)pod violates PodSecurity \"(?<level>[^\"]+)\": (?<checks>.+)$",
                    "Pod Security Admission 1.22"),
            Wording.of(Signature.POD_SECURITY, "violates PodSecurity %q: %s", "(?s)violates PodSecurity \"(?<level>[^\"]+)\": (?<checks>.+)$",
                    "Pod Security Admission 1.23+"),
            Wording.of(Signature.POD_SECURITY_POLICY, "unable to validate against any pod security policy: %v",
                    "(?s)unable to validate against any pod security policy: ?(?<errors>.*)$", "PodSecurityPolicy admission ≤1.24 (early)"),
            Wording.of(Signature.POD_SECURITY_POLICY, "PodSecurityPolicy: unable to admit pod: %v", "(?s)PodSecurityPolicy: unable to admit pod: ?(?<errors>.*)$",
                    "PodSecurityPolicy admission ≤1.24 (late)"),
            Wording.of(Signature.SERVICE_ACCOUNT_MISSING, "error looking up service account %s/%s: serviceaccount %q not found",
                    "error looking up service account (?<namespace>[^/\\s]+)/(?<serviceaccount>[^:\\s]+): serviceaccounts? \"[^\"]+\" not found",
                    "ServiceAccount admission, all (\"Error looking up\" early)"),
            Wording.of(Signature.SERVICE_ACCOUNT_MISSING, "service account %s/%s was not found, retry after the service account is created",
                    "service account (?<namespace>[^/\\s]+)/(?<serviceaccount>\\S{1,253}) was not found, retry after", "ServiceAccount admission, early"),
            Wording.of(Signature.SERVICE_ACCOUNT, "error looking up service account %s/%s: %v", "error looking up service account \\S+: ",
                    "ServiceAccount admission, any other lookup error"),
            Wording.of(Signature.WEBHOOK_DENIED, "admission webhook %q denied the request without explanation",
                    "admission webhook \"(?<webhook>[^\"]+)\" denied the request without explanation", "apiserver 1.14+"),
            Wording.of(Signature.WEBHOOK_DENIED, "admission webhook %q denied the request: %s",
                    "(?s)admission webhook \"(?<webhook>[^\"]+)\" denied the request:?\\s*(?<reason>.*)$", "apiserver 1.14+"),
            Wording.of(Signature.WEBHOOK_FAILED, "failed calling webhook %q: %v", "(?s)failed calling webhook \"(?<webhook>[^\"]+)\":?\\s*(?<error>.*)$",
                    "apiserver 1.13+ (\"Internal error occurred: …\")"),
            Wording.of(Signature.WEBHOOK_FAILED, "failed to call webhook: %w", "failed to call webhook: ", "apiserver 1.22+ (mutating), 1.23+ (both)"),
            Wording.of(Signature.POLICY, "[denied by %s] %s", "\\[denied by (?<constraint>[^\\]\\n]{1,253})\\] (?<violation>[^\\n]{1,1024})", "Gatekeeper v3.1–v3.3"),
            Wording.of(Signature.POLICY, "resource %s was blocked due to the following policies",
                    "resource (?<resource>\\S{1,253}) was blocked due to the following policies", "Kyverno ≤1.7, ≥1.10"),
            Wording.of(Signature.POLICY, "policy %s for resource %s: ", "policy (?<policy>\\S{1,253}) for resource (?<resource>\\S{1,253}): ", "Kyverno 1.8–1.9"),
            Wording.of(Signature.POLICY, "validation error: %s rule %s failed at path %s",
                    "validation error: (?<message>[^\\n]{0,512}?) ?rule (?<rule>\\S{1,253}) failed at path (?<path>\\S{1,1024})", "Kyverno rule text"),
            Wording.of(Signature.POLICY, "[%s] %s", "(?:^|\\n|: )\\[(?<constraint>[^\\]\\s]{1,253})\\] (?<violation>[^\\n]{1,1024})", "Gatekeeper v3.4+ (the constraint's name)"),
            Wording.of(Signature.FORBIDDEN, "%s %q is forbidden: %v", "(?s)is forbidden: (?<why>.+)$", "apiserver, any admission refusal"),
            Wording.of(Signature.CREATE_WRAPPER, "Error creating: %v", "^Error creating: ", "ReplicaSet, ReplicationController, Job, DaemonSet controllers 1.7+"),
            Wording.of(Signature.CREATE_WRAPPER, "%s Pod %s in StatefulSet %s failed error: %s",
                    "(?<![\\w])(?<verb>\\w{1,16}) Pod (?<pod>\\S{1,253}) in StatefulSet (?<statefulset>\\S{1,253}) failed error: ", "StatefulSet controller ≈1.5+"),
            Wording.of(Signature.PROGRESS_DEADLINE, "ReplicaSet %q has timed out progressing.",
                    "ReplicaSet \"(?<replicaset>[^\"]+)\" has timed out progressing", "Deployment controller ≈1.5+, Progressing=False ProgressDeadlineExceeded"),
            Wording.of(Signature.JOB, "Job has reached the specified backoff limit", "Job has reached the specified backoff limit",
                    "Job controller 1.8+, BackoffLimitExceeded"),
            Wording.of(Signature.JOB, "Job was active longer than specified deadline", "Job was active longer than specified deadline",
                    "Job controller, DeadlineExceeded"),
            Wording.of(Signature.JOB, "Container %s for pod %s/%s failed with exit code %v matching %v rule at index %d",
                    "Container (?<container>\\S{1,253}) for pod (?<pod>\\S{1,253}) failed with exit code (?<exitCode>\\S{1,253}) matching (?<action>\\S{1,253}) rule at index",
                    "Job controller ≈1.25+, PodFailurePolicy"),
            Wording.of(Signature.JOB, "Pod %s/%s has condition %v matching %v rule at index %d",
                    "Pod (?<pod>\\S{1,253}) has condition (?<condition>\\S{1,253}) matching (?<action>\\S{1,253}) rule at index", "Job controller ≈1.25+, PodFailurePolicy")));

    /** The rule a FailedCreate text names: the first row found in it that names a cause; null when none does. */
    static RuleId classify(String text) {
        return TABLE.first(Signature::classifies, text).map(h -> h.signature().rules.iterator().next()).orElse(null);
    }

    /** The catalog's detection text of a rule of this table. */
    static String detection(RuleId rule, String lead, String more) {
        return TABLE.detection(s -> s.rules.contains(rule), lead, more);
    }
}
