package dev.podtriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Report;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "failing since" from {@code Finding.since}: in Markdown, plain text and chat, for unhealthy findings only. */
class FailingSinceTest {
    private static final Instant SINCE = Instant.parse("2026-11-26T21:14:03Z");
    private final MessageBuilder builder = new MessageBuilder();

    private static Diagnosis withSince() {
        Diagnosis d = RenderCases.crashLoop();
        List<Finding> findings = d.findings().stream().map(f -> f.withSince(SINCE)).toList();
        return new Diagnosis(d.cluster(), d.pod(), d.healthy(), d.severity(), d.summary(), findings, d.evaluatedAt());
    }

    @Test
    void eachUnhealthyFindingSaysSinceWhenItFails() {
        Message m = builder.diagnosis(withSince());
        String md = new MarkdownRenderer().render(m);
        String text = new TextRenderer().render(m);
        String slack = new SlackBlockKitRenderer().render(m).toString();
        for (String rendered : List.of(md, text, slack)) {
            assertTrue(rendered.contains("failing since " + SINCE), rendered);
        }
        assertEquals(2, text.split("failing since", -1).length - 1, "the critical and the warning finding, not the lint: " + text);
    }

    @Test
    void aReportSaysSinceForEachPodsRootCause() {
        Report r = RenderCases.report();
        Report withSince = new Report(r.cluster(), r.evaluatedAt(), r.summary(), List.of(withSince()), r.workloads());
        assertTrue(new TextRenderer().render(builder.report(withSince)).contains("failing since " + SINCE));
    }

    @Test
    void withoutSinceNothingIsSaid() {
        assertFalse(new TextRenderer().render(builder.diagnosis(RenderCases.crashLoop())).contains("failing since"));
    }
}
