package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One entry of the rule catalog (rules.md): a stable ID and what it means. The built-in rules' entries are
 * data (a resource file per family, read and checked at start-up), their detection texts generated from
 * the families' signature tables; the catalog serves them as the operator's settings leave them
 * (severity overridden, turned off).
 *
 * @param id              stable, never renamed or reused
 * @param title           short human title
 * @param severity        severity of a finding of this rule: the operator's when set, else the default
 * @param stage           where in the pod's life it happens; orders findings root cause first
 * @param description     what it means
 * @param detection       which signals it is detected from
 * @param fixes           the general remedies; findings carry concrete ones naming the objects involved
 * @param defaultSeverity the rule's own severity, before any operator setting
 * @param enabled         false when the operator turned it off: its findings are dropped and counted as suppressed
 * @param overridden      true when the operator set its severity or turned it off
 * @param custom          true for a rule the operator defined (triage.rules.custom-file or triage.rules.&lt;id&gt;.*)
 */
@Schema(description = "A rule of the catalog")
public record RuleDefinition(@Schema(example = "image-not-found") String id,
                             @Schema(example = "Image or tag not found") String title,
                             @Schema(description = "Severity of its findings: the operator's setting when there is one, else the default") Severity severity,
                             @JsonIgnore Stage stage,
                             @Schema(description = "What it means") String description,
                             @Schema(description = "Which signals it is detected from") String detection,
                             @Schema(description = "General remedies; findings carry concrete ones") List<String> fixes,
                             @Schema(description = "The rule's own severity, before any operator setting") Severity defaultSeverity,
                             @Schema(description = "False when the operator turned it off (triage.rules.<id>.enabled=false): its findings are dropped and counted as `suppressed`") boolean enabled,
                             @Schema(description = "True when the operator set its severity or turned it off") boolean overridden,
                             @Schema(description = "True for a custom rule the operator defined") boolean custom) {

    public RuleDefinition {
        fixes = List.copyOf(fixes);
    }

    /** A built-in rule as its family declares it. */
    public RuleDefinition(String id, String title, Severity severity, Stage stage, String description, String detection, List<String> fixes) {
        this(id, title, severity, stage, description, detection, fixes, severity, true, false, false);
    }

    /** The same rule marked as the operator's own. */
    public RuleDefinition asCustom() {
        return new RuleDefinition(id, title, severity, stage, description, detection, fixes, defaultSeverity, enabled, overridden, true);
    }

    /** The same rule as the operator's setting leaves it. */
    RuleDefinition with(RuleOverride o) {
        return new RuleDefinition(id, title, o.severity() == null ? defaultSeverity : o.severity(), stage, description, detection,
                fixes, defaultSeverity, o.enabled(), true, custom);
    }

    /** Starts a finding of this rule. */
    public Finding.Builder finding() {
        return new Finding.Builder(this);
    }
}
