package dev.podtriage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's rules ({@code triage.rules.*}): severity overrides, rules turned off, and custom rules, read
 * at start-up; a bad setting stops start-up with a message naming it ({@link RuleSettings}).
 */
@ConfigMapping(prefix = "triage.rules")
public interface RulesConfig {

    /** A YAML file of custom rules (README "Custom rules"), e.g. {@code /etc/pod-triage/rules.yaml}. */
    Optional<String> customFile();

    /** Settings by rule ID: {@code triage.rules."<id>".severity=warning}. */
    @WithParentName
    Map<String, Rule> rule();

    /** One rule's settings: an override of a catalog rule, or, with a title, a custom rule. */
    interface Rule {
        /** Severity of every finding of the rule: {@code critical}, {@code warning} or {@code info}. */
        Optional<String> severity();

        /** {@code false} drops the rule's findings; diagnoses count them as {@code suppressed}. */
        Optional<Boolean> enabled();

        /** A custom rule's title (only for an ID that is not in the catalog). */
        Optional<String> title();

        /** A custom rule's stage: where in the pod's life it fails, e.g. {@code run}, {@code image}, {@code start}. */
        Optional<String> stage();

        /** What a custom rule means. */
        Optional<String> description();

        /** What a custom rule matches; every criterion given must hold. */
        Match match();

        /** A custom rule's fixes: templates with {@code {container}}, {@code {image}} and named regex groups. */
        Optional<List<String>> fixes();
    }

    /** A custom rule's criteria. */
    interface Match {
        /** The container's waiting reason, e.g. {@code CrashLoopBackOff}. */
        Optional<String> waitingReason();

        /** The container's current or last termination reason, e.g. {@code Error}. */
        Optional<String> terminatedReason();

        /** The container's current or last exit code. */
        Optional<Integer> exitCode();

        /** The reason of an event of the pod, e.g. {@code FailedMount}. */
        Optional<String> eventReason();

        /** A regular expression found in the waiting or termination message or an event's message; named groups fill fix templates. */
        Optional<String> message();

        /** A regular expression found in the container's previous log tail; named groups fill fix templates. */
        Optional<String> log();
    }
}
