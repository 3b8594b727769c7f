package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One cause found in a pod, with the facts it was read from and concrete fixes.
 *
 * @param headline one line for the diagnosis summary when this finding is the root cause
 * @param order    tie-breaker inside a stage: the container's position (init containers first)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One cause found in a pod")
public record Finding(
        @Schema(description = "Stable rule ID (GET /api/v1/rules)", example = "image-not-found") String rule,
        Severity severity,
        @Schema(example = "Image or tag not found") String title,
        @Schema(description = "The container concerned, if any", example = "main-app") String container,
        @Schema(description = "What happened, naming the objects involved; Markdown (CommonMark), names and quoted cluster text as code spans") Prose message,
        @Schema(description = "The facts it was read from") List<Evidence> evidence,
        @Schema(description = "Concrete steps, naming the image, secret, node or limit involved; each Markdown (CommonMark)") List<Prose> fixes,
        @Schema(description = "The object blamed, when the rule knows it: findings that share it are one incident") Cause cause,
        @Schema(description = "When this episode of the finding began, as far as the service has watched it; absent offline and at a past or future `at`",
                example = "2026-11-27T09:42:13Z") Instant since,
        @Schema(description = "The opt-out annotation (pod-triage.dev/ignore) covering this finding; absent when none does") OptOut optOut,
                      @JsonIgnore Prose headline, @JsonIgnore Stage stage, @JsonIgnore int order) {

    /** A finding that blames no particular object. */
    public Finding(String rule, Severity severity, String title, String container, Prose message, List<Evidence> evidence,
                   List<Prose> fixes, Prose headline, Stage stage, int order) {
        this(rule, severity, title, container, message, evidence, fixes, null, null, headline, stage, order);
    }

    /** A finding without opt-out. */
    public Finding(String rule, Severity severity, String title, String container, Prose message, List<Evidence> evidence,
                   List<Prose> fixes, Cause cause, Instant since, Prose headline, Stage stage, int order) {
        this(rule, severity, title, container, message, evidence, fixes, cause, since, null, headline, stage, order);
    }

    /** The same finding, in an episode that began at {@code since}. */
    public Finding withSince(Instant since) {
        return new Finding(rule, severity, title, container, message, evidence, fixes, cause, since, optOut, headline, stage, order);
    }

    /** The same finding, covered by an opt-out annotation. */
    public Finding withOptOut(OptOut by) {
        return new Finding(rule, severity, title, container, message, evidence, fixes, cause, since, by, headline, stage, order);
    }

    /**
     * The same finding at another severity, for a reason (e.g. the operator's override): the note a finding
     * carries when it differs from its rule's default is replaced, so the message says why once, or not at
     * all when the new severity is the default.
     */
    public Finding withSeverity(Severity newSeverity, Severity ruleDefault, String why) {
        Prose base = severity == ruleDefault ? message : withoutNote(message, notePrefix(severity, ruleDefault));
        Prose said = newSeverity == ruleDefault ? base : base.then(notePrefix(newSeverity, ruleDefault) + why + ")");
        return new Finding(rule, newSeverity, title, container, said, evidence, fixes, cause, since, optOut, headline, stage, order);
    }

    /** The message without the note that ends it ({@code why} is words, so the note is the end of the last part). */
    private static Prose withoutNote(Prose message, String prefix) {
        List<Prose.Part> parts = message.parts();
        if (parts.isEmpty()) {
            return message;
        }
        Prose.Part last = parts.get(parts.size() - 1);
        int at = last.text().lastIndexOf(prefix);
        if (last.kind() != Prose.Kind.WORDS || at < 0 || !last.text().endsWith(")")) {
            return message;
        }
        List<Prose.Part> kept = new ArrayList<>(parts.subList(0, parts.size() - 1));
        kept.add(new Prose.Part(Prose.Kind.WORDS, last.text().substring(0, at)));
        return new Prose(kept);
    }

    /** The start of the note "(warning, not critical: why)" that ends the message of a finding off its rule's default. */
    private static String notePrefix(Severity severity, Severity ruleDefault) {
        return " (" + severity.id() + ", not " + ruleDefault.id() + ": ";
    }

    /** Identity of the finding within one subject, whatever its text: the rule and the container. */
    public String key() {
        return container == null ? rule : rule + "/" + container;
    }

    public static final class Builder {
        private final RuleDefinition rule;
        private Severity severity;
        private String severityReason;
        private String container;
        private int order = -1;
        private Prose message;
        private Prose headline;
        private Cause cause;
        private final List<Evidence> evidence = new ArrayList<>();
        private final List<Prose> fixes = new ArrayList<>();

        Builder(RuleDefinition rule) {
            this.rule = rule;
            this.severity = rule.severity();
        }

        public Builder container(ContainerView c) {
            this.container = c.name();
            this.order = c.order();
            return this;
        }

        /** Tie-breaker among findings of one stage that concern no container: lower comes first. */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /**
         * A severity other than the rule's default, with the reason: the finding's message then ends with
         * "(warning, not critical: &lt;why&gt;)" so that no finding differs from the catalog without a word.
         */
        public Builder severity(Severity severity, String why) {
            this.severity = severity;
            this.severityReason = why;
            return this;
        }

        public Builder message(Prose message) {
            this.message = message;
            return this;
        }

        /** Short enough for a dashboard cell; defaults to the message. */
        public Builder headline(Prose headline) {
            this.headline = headline;
            return this;
        }

        /** The cluster-wide thing it blames (a registry host, an image, a node): incidents group by it. */
        public Builder cause(String kind, String name) {
            return cause(kind, null, name);
        }

        /** The namespaced object it blames (a Secret, a ResourceQuota, a PVC); a null name leaves the cause unset. */
        public Builder cause(String kind, String namespace, String name) {
            this.cause = name == null || name.isBlank() ? null : new Cause(kind, namespace, name);
            return this;
        }

        public Builder evidence(Evidence e) {
            if (e != null && !evidence.contains(e)) {
                evidence.add(e);
            }
            return this;
        }

        public Builder evidence(List<Evidence> es) {
            es.forEach(this::evidence);
            return this;
        }

        public Builder fix(Prose fix) {
            if (fix != null && !fix.isEmpty() && !fixes.contains(fix)) {
                fixes.add(fix);
            }
            return this;
        }

        public Finding build() {
            Objects.requireNonNull(message, "a finding needs a message");
            Prose said = message;
            if (severity != rule.severity()) {
                Objects.requireNonNull(severityReason, "a finding whose severity differs from its rule's default says why");
                said = message.then(notePrefix(severity, rule.severity()) + severityReason + ")");
            }
            return new Finding(rule.id(), severity, rule.title(), container, said, List.copyOf(evidence),
                    fixes.isEmpty() ? rule.fixes().stream().map(Prose::fromMarkdown).toList() : List.copyOf(fixes), cause, null,
                    headline == null ? message : headline, rule.stage(), order);
        }
    }
}
