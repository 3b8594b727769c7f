package dev.podtriage.diagnosis.rules;

import java.util.List;

/**
 * An operator's custom rule as written (README "Custom rules"), before {@link CustomRules} checks it. Every
 * field is as given, null when absent.
 *
 * @param source where it was written, for error messages: a file name or {@code configuration}
 */
public record CustomRuleSpec(String source, String id, String title, String stage, String severity, String description,
                             Match match, List<String> fixes) {

    public CustomRuleSpec {
        match = match == null ? new Match(null, null, null, null, null, null) : match;
        fixes = fixes == null ? List.of() : List.copyOf(fixes);
    }

    /** What the rule matches; every criterion given must hold. */
    public record Match(String waitingReason, String terminatedReason, Integer exitCode, String eventReason, String message,
                        String log) {
    }
}
