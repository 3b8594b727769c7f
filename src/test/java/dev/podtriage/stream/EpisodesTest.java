package dev.podtriage.stream;

import dev.podtriage.diagnosis.Prose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EpisodesTest {
    private static final SubjectRef POD = SubjectRef.pod("ns", "web-1", "uid-1");
    private static final Instant EARLIER = Instant.parse("2026-11-27T09:00:00Z");
    private static final Instant REMEMBERED = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private static Finding finding(String rule, String container, Severity severity) {
        return new Finding(rule, severity, rule, container, Prose.fromMarkdown("message of " + rule), List.of(), List.of(), Prose.fromMarkdown(rule), Stage.values()[0], 0);
    }

    @Test
    void aKnownKeyKeepsItsSinceANewOneAsksTheOriginsThenBeginsNow() {
        FindingOrigins origins = (subject, key) -> key.equals("oom-killed/app") ? Optional.of(REMEMBERED) : Optional.empty();
        List<Finding> before = List.of(finding("image-not-found", "app", Severity.CRITICAL).withSince(EARLIER));
        List<Finding> now = List.of(finding("image-not-found", "app", Severity.WARNING), finding("oom-killed", "app", Severity.CRITICAL),
                finding("image-not-found", "sidecar", Severity.CRITICAL));

        List<Finding> carried = new Episodes(origins).carried(POD, before, now, NOW);

        assertEquals(List.of(EARLIER, REMEMBERED, NOW), carried.stream().map(Finding::since).toList());
        assertEquals(now.stream().map(Finding::key).toList(), carried.stream().map(Finding::key).toList());
    }

    @Test
    void aVerdictIgnoresMessagesButNotSeverityRootOrKeys() {
        Finding a = finding("image-not-found", "app", Severity.CRITICAL);
        Finding b = finding("oom-killed", "app", Severity.WARNING);
        Finding aReworded = new Finding(a.rule(), a.severity(), a.title(), a.container(), Prose.fromMarkdown("restarted once more"), List.of(), List.of(),
                a.headline(), a.stage(), a.order());
        assertEquals(Verdict.of(false, List.of(a, b)), Verdict.of(false, List.of(aReworded, b)));
        assertEquals(false, Verdict.of(false, List.of(a, b)).equals(Verdict.of(false, List.of(b, a))));
        assertEquals(false, Verdict.of(false, List.of(a)).equals(Verdict.of(false, List.of(finding("image-not-found", "app", Severity.WARNING)))));
        assertEquals(false, Verdict.of(false, List.of(a)).equals(Verdict.of(false, List.of(a, b))));
        assertEquals(false, Verdict.of(true, List.of()).equals(Verdict.of(false, List.of())));
    }
}
