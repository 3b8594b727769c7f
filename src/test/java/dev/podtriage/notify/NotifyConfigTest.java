package dev.podtriage.notify;

import dev.podtriage.diagnosis.rules.StandardRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.notify.NotifyConfig.SinkType;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.Severity;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** triage.notify.* as written in application.properties, read into sinks. */
class NotifyConfigTest {
    private static final Set<String> RULES = StandardRules.engine().catalog().rules().stream()
            .map(RuleDefinition::id).collect(Collectors.toSet());

    private static NotifyConfig read(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(NotifyConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus's: 2s, 5m, 1h
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(NotifyConfig.class);
    }

    @Test
    void defaults() {
        NotifyConfig c = read(Map.of("triage.notify.sinks.ops.type", "slack",
                "triage.notify.sinks.ops.url", "https://hooks.slack.com/services/T0/B0/X"));
        assertFalse(c.enabled());
        assertEquals(Duration.ofSeconds(15), c.interval());
        assertEquals(List.of(10, 50, 100), c.growthThresholds());
        assertEquals(5, c.delivery().maxAttempts());
        List<SinkSettings> sinks = IncidentNotifier.sinks(c, RULES);
        assertEquals(1, sinks.size());
        SinkSettings s = sinks.get(0);
        assertEquals("ops", s.name());
        assertEquals(SinkType.SLACK, s.type());
        assertEquals(Duration.ofMinutes(2), s.delay());
        assertEquals(Duration.ofMinutes(30), s.cooldown());
        assertTrue(s.sendResolved());
        assertEquals(Severity.WARNING, s.filter().minSeverity());
        assertTrue(s.filter().namespace("anything"));
        assertEquals("sink ops (slack)", s.toString(), "never the URL");
    }

    @Test
    void everySetting() {
        NotifyConfig c = read(Map.ofEntries(
                Map.entry("triage.notify.enabled", "true"),
                Map.entry("triage.notify.sinks.ops-teams.type", "teams"),
                Map.entry("triage.notify.sinks.ops-teams.url", "https://prod.westeurope.logic.azure.com/workflows/abc"),
                Map.entry("triage.notify.sinks.ops-teams.namespaces", "team-*,shop"),
                Map.entry("triage.notify.sinks.ops-teams.exclude-namespaces", "team-sandbox"),
                Map.entry("triage.notify.sinks.ops-teams.rules", "image-not-found,container-crash-loop"),
                Map.entry("triage.notify.sinks.ops-teams.exclude-rules", "container-crash-loop"),
                Map.entry("triage.notify.sinks.ops-teams.min-severity", "critical"),
                Map.entry("triage.notify.sinks.ops-teams.delay", "5m"),
                Map.entry("triage.notify.sinks.ops-teams.cooldown", "1h"),
                Map.entry("triage.notify.sinks.ops-teams.send-resolved", "false"),
                Map.entry("triage.notify.sinks.pager.type", "webhook"),
                Map.entry("triage.notify.sinks.pager.url", "http://alerts.internal:8080/hook"),
                Map.entry("triage.notify.sinks.pager.headers.Authorization", "Bearer t0k3n"),
                Map.entry("triage.notify.growth-thresholds", "25,200"),
                Map.entry("triage.notify.sinks.oncall.type", "pagerduty"),
                Map.entry("triage.notify.sinks.oncall.routing-key", "R0UT1NGKEY0123456789ABCDEFGHIJKL"),
                Map.entry("triage.notify.sinks.keyless.type", "pagerduty"),
                Map.entry("triage.notify.sinks.broken.type", "webhook"),
                Map.entry("triage.notify.sinks.broken.url", "ftp://example.com/x")));
        assertTrue(c.enabled());
        Map<String, SinkSettings> sinks = IncidentNotifier.sinks(c, RULES).stream()
                .collect(Collectors.toMap(SinkSettings::name, s -> s));
        assertEquals(List.of(25, 200), c.growthThresholds());
        assertEquals(Set.of("ops-teams", "pager", "oncall"), sinks.keySet(),
                "a sink whose URL is not http(s) is left out, and a pagerduty sink without routing key");
        assertEquals("https://events.pagerduty.com/v2/enqueue", sinks.get("oncall").url().toString(), "PagerDuty's by default");
        assertEquals("R0UT1NGKEY0123456789ABCDEFGHIJKL", sinks.get("oncall").routingKey());
        assertEquals("sink oncall (pagerduty)", sinks.get("oncall").toString(), "never the routing key");
        SinkSettings teams = sinks.get("ops-teams");
        assertEquals(SinkType.TEAMS, teams.type());
        assertEquals(Duration.ofMinutes(5), teams.delay());
        assertEquals(Duration.ofHours(1), teams.cooldown());
        assertFalse(teams.sendResolved());
        assertEquals(Severity.CRITICAL, teams.filter().minSeverity());
        assertTrue(teams.filter().namespace("team-a"));
        assertTrue(teams.filter().namespace("shop"));
        assertFalse(teams.filter().namespace("team-sandbox"));
        assertFalse(teams.filter().namespace("kube-system"));
        assertTrue(teams.filter().rule("image-not-found"));
        assertFalse(teams.filter().rule("container-crash-loop"), "exclusions win");
        assertFalse(teams.filter().rule("pod-evicted"));
        assertEquals(Map.of("Authorization", "Bearer t0k3n"), sinks.get("pager").headers());
        assertEquals(SinkType.WEBHOOK, sinks.get("pager").type());
    }
}
