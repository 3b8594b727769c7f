package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertHealthy;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.RuleDefinition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** No false alarms: pods that work, or worked out, get no warning or critical finding. */
class HealthyPodsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "healthy/running-ready.json",                   // Running, Ready, Normal events only
            "healthy/job-succeeded.json",                   // Job pod, restartPolicy Never, Completed
            "healthy/job-succeeded-after-retry.json",       // Job pod, OnFailure, failed once then Completed
            "healthy/restarted-days-ago.json",              // exit 1 three days ago, Ready since
            "healthy/oom-hours-ago-ready.json",             // OOMKilled 2.5h ago, Ready since
            "healthy/readiness-blip-during-startup.json",   // readiness failed while starting, Ready now
            "healthy/sidecar-init-running.json",            // a native sidecar init container keeps running
            "healthy/init-waiting-briefly.json",            // an init container waiting for 6 minutes: not stuck yet
            "healthy/sandbox-recreated-after-reboot.json"}) // node rebooted 3 minutes ago: init runs again, app waits (its 143 is the reboot)
    void healthy(String fixture) {
        Diagnosis d = Fixtures.diagnose(fixture);
        assertHealthy(d);
        assertTrue(rules(d).isEmpty(), () -> fixture + ": " + rules(d));
    }

    @Test
    void theWindowsAreWhatMakesThemHealthy() {
        // the same restart, seen minutes after it happened, is a finding: the healthy verdicts above are not vacuous
        Diagnosis justAfter = Fixtures.diagnose("healthy/restarted-days-ago.json", java.time.Instant.parse("2026-11-24T03:15:00Z"));
        assertEquals(List.of("container-crash-loop"), rules(justAfter));
        Diagnosis oomJustAfter = Fixtures.diagnose("healthy/oom-hours-ago-ready.json", java.time.Instant.parse("2026-11-27T07:45:00Z"));
        assertEquals(List.of("container-oom-killed"), rules(oomJustAfter));
        Diagnosis initLater = Fixtures.diagnose("healthy/init-waiting-briefly.json", Fixtures.AT.plus(Duration.ofMinutes(10)));
        assertEquals(List.of("init-container-stuck"), rules(initLater));
    }

    @Test
    void containerFamiliesAreRegisteredAfterTheImageFamilyInRulesMdOrder() {
        List<String> ids = StandardRules.catalog().rules().stream().map(RuleDefinition::id).toList();
        List<String> ours = List.of("config-missing", "container-create-failed", "container-command-not-found", "container-permission-denied",
                "container-start-failed", "container-oom-killed", "container-crash-loop", "container-exit-zero-restarting",
                "container-terminated-error", "liveness-probe-failed", "startup-probe-failed", "readiness-probe-failed",
                "init-container-failed", "init-container-stuck");
        int first = ids.indexOf("config-missing");
        assertTrue(first > ids.indexOf("image-pull-failed"), ids::toString);
        assertEquals(ours, ids.subList(first, first + ours.size()));
    }
}
