package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.rules.SchedulingRules.Kind;
import java.util.List;
import java.util.Locale;

/**
 * The scheduler's reasons for rejecting a node, one row per wording across the eras (as in
 * {@code shared/spec/wordings.md}): the 1.9+ histogram entries ("Insufficient cpu", "node(s) had untolerated taint"),
 * the predicate names of 1.5–1.17 ("MatchNodeSelector", "PodToleratesNodeTaints") and the plugin names of 1.18+
 * ("NodeAffinity", "VolumeBinding"). One reason, lower-cased, takes the kind of the first row it matches; a
 * reason no row matches is {@link Kind#OTHER}.
 *
 * <p>Adding a wording is adding one row here and one fixture under {@code fixtures/wordings/} (README, "Adding a wording").
 */
final class SchedulingSignatures {
    private SchedulingSignatures() {
    }

    /** How a row's needle is compared with the lower-cased reason. */
    enum Match {
        CONTAINS, STARTS_WITH, EQUALS;

        boolean test(String reason, String needle) {
            return switch (this) {
                case CONTAINS -> reason.contains(needle);
                case STARTS_WITH -> reason.startsWith(needle);
                case EQUALS -> reason.equals(needle);
            };
        }
    }

    /** One wording: the lower-cased text, how it is compared, the kind it means and who writes it (era). */
    record Row(Kind kind, Match match, String needle, String source) {
        boolean in(String lowerReason) {
            return match.test(lowerReason, needle);
        }
    }

    private static Row row(Kind kind, String needle, String source) {
        return new Row(kind, Match.CONTAINS, needle, source);
    }

    /** In order: the first matching row wins (a volume's node affinity is not the pod's, "Insufficient pods" is no request). */
    static final List<Row> TABLE = List.of(
            new Row(Kind.OTHER, Match.EQUALS, "insufficient pods", "1.9–1.17 pod-count limit (1.18+ \"Too many pods\")"),
            new Row(Kind.RESOURCES, Match.STARTS_WITH, "insufficient ", "1.9+ \"Insufficient cpu\", \"Insufficient memory\", \"Insufficient nvidia.com/gpu\""),
            new Row(Kind.RESOURCES, Match.EQUALS, "podfitsresources", "predicate PodFitsResources (1.5–1.17)"),

            row(Kind.OTHER, "volume node affinity", "1.11+ \"node(s) had volume node affinity conflict\""),
            row(Kind.OTHER, "volumenodeaffinity", "plugin VolumeNodeAffinity"),
            row(Kind.OTHER, "novolumenodeconflict", "predicate NoVolumeNodeConflict (1.7–1.10)"),
            row(Kind.OTHER, "novolumezoneconflict", "predicate NoVolumeZoneConflict (1.5–1.17)"),
            row(Kind.OTHER, "volume zone", "\"node(s) had no available volume zone\""),
            row(Kind.OTHER, "max volume count", "\"node(s) exceed max volume count\""),
            row(Kind.OTHER, "maxvolumecount", "predicates Max*VolumeCount"),
            row(Kind.OTHER, "readwriteoncepod", "1.22+ ReadWriteOncePod claim in use"),

            row(Kind.SELECTOR, "node affinity", "1.20+ \"node(s) didn't match Pod's node affinity/selector\""),
            row(Kind.SELECTOR, "node selector", "1.9–1.19 \"node(s) didn't match node selector\""),
            row(Kind.SELECTOR, "matchnodeselector", "predicate MatchNodeSelector (1.5–1.17)"),
            row(Kind.SELECTOR, "nodeaffinity", "plugin NodeAffinity (1.18+), kubelet rejection NodeAffinity"),
            row(Kind.SELECTOR, "requested hostname", "\"node(s) didn't match the requested hostname\""),
            row(Kind.SELECTOR, "requested node name", "1.21+ \"node(s) didn't match the requested node name\""),
            new Row(Kind.SELECTOR, Match.EQUALS, "hostname", "predicate HostName (1.5–1.17)"),
            row(Kind.SELECTOR, "requested labels", "\"node(s) didn't have the requested labels\""),
            row(Kind.SELECTOR, "checknodelabelpresence", "predicate CheckNodeLabelPresence"),

            row(Kind.TAINT, "taint", "1.9+ \"node(s) had taint {…}, that the pod didn't tolerate\", 1.25+ \"untolerated taint\"; predicate PodToleratesNodeTaints"),

            row(Kind.PVC, "persistentvolumeclaim", "\"persistentvolumeclaim \\\"x\\\" not found\""),
            row(Kind.PVC, "persistent volumes", "\"node(s) didn't find available persistent volumes to bind\""),
            row(Kind.PVC, "binding volumes", "\"error while running \\\"VolumeBinding\\\" … binding volumes\""),
            row(Kind.PVC, "enough free storage", "1.21+ CSI storage capacity \"did not have enough free storage\""),
            row(Kind.PVC, "unbound", "\"pod has unbound immediate PersistentVolumeClaims\""),
            row(Kind.PVC, "volumebinding", "plugin VolumeBinding (1.18+)"),
            row(Kind.PVC, "pvc(s)", "\"… PVC(s)\" forms"));

    /**
     * The catalog's detection text of a kind: the reasons of its rows, then the kubelet's admission refusals of the same
     * cause (NodeLifecycleSignatures), then what else decides it.
     */
    static String detection(Kind kind, String more) {
        List<String> shown = TABLE.stream().filter(r -> r.kind() == kind)
                .map(r -> "`" + r.needle() + "`" + (r.match() == Match.STARTS_WITH ? "…" : "") + " (" + r.source() + ")").toList();
        String kubelet = NodeLifecycleSignatures.TABLE.rows().stream().filter(r -> r.signature().rule.id().equals(ruleOf(kind)))
                .map(Wording::shown).collect(java.util.stream.Collectors.joining("; "));
        return "FailedScheduling event or PodScheduled=False condition whose reasons (each, case-insensitively) read "
                + String.join("; ", shown) + "." + (kubelet.isEmpty() ? "" : " Or the kubelet's admission refused it: " + kubelet + ".")
                + (more.isEmpty() ? "" : " " + more);
    }

    private static String ruleOf(Kind kind) {
        return switch (kind) {
            case RESOURCES -> RuleId.UNSCHEDULABLE_INSUFFICIENT_RESOURCES.id();
            case SELECTOR -> RuleId.UNSCHEDULABLE_NODE_SELECTOR.id();
            case TAINT -> RuleId.UNSCHEDULABLE_TAINT.id();
            case PVC -> RuleId.UNSCHEDULABLE_PVC.id();
            case OTHER -> RuleId.UNSCHEDULABLE_OTHER.id();
        };
    }

    /** The kind one of the scheduler's reasons tells. */
    static Kind classify(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        return TABLE.stream().filter(row -> row.in(r)).map(Row::kind).findFirst().orElse(Kind.OTHER);
    }
}
