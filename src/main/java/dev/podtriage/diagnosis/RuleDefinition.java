package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One entry of the rule catalog (rules.md): a stable ID and what it means. Each rule family
 * declares its definitions as constants next to the code that detects them.
 *
 * @param id          stable, never renamed or reused
 * @param title       short human title
 * @param severity    default severity of a finding of this rule
 * @param stage       where in the pod's life it happens; orders findings root cause first
 * @param description what it means
 * @param detection   which signals it is detected from
 * @param fixes       the general remedies; findings carry concrete ones naming the objects involved
 */
@Schema(description = "A rule of the catalog")
public record RuleDefinition(@Schema(example = "image-not-found") String id,
                             @Schema(example = "Image or tag not found") String title,
                             @Schema(description = "Default severity of its findings") Severity severity,
                             @JsonIgnore Stage stage,
                             @Schema(description = "What it means") String description,
                             @Schema(description = "Which signals it is detected from") String detection,
                             @Schema(description = "General remedies; findings carry concrete ones") List<String> fixes) {

    public RuleDefinition {
        fixes = List.copyOf(fixes);
    }

    /** Starts a finding of this rule. */
    public Finding.Builder finding() {
        return new Finding.Builder(this);
    }
}
