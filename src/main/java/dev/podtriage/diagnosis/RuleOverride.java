package dev.podtriage.diagnosis;

/**
 * The operator's setting for one rule ({@code triage.rules."<id>".*}).
 *
 * @param severity the severity of every finding of the rule; null keeps the rule's own
 * @param enabled  false drops the rule's findings (a diagnosis counts them as suppressed)
 */
public record RuleOverride(Severity severity, boolean enabled) {
    /** The note a finding carries when the operator's severity differs from its rule's default. */
    public static final String WHY = "set by operator";
}
