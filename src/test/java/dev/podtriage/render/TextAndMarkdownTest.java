package dev.podtriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.render.Span.Style;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextAndMarkdownTest {
    private final MessageBuilder builder = new MessageBuilder();

    @Test
    void backticksBecomeCodeSpans() {
        Text t = Text.parse("Image `nginx:1.99` of `main-app` is gone");
        assertEquals(List.of(new Span(Style.PLAIN, "Image "), new Span(Style.CODE, "nginx:1.99"), new Span(Style.PLAIN, " of "),
                new Span(Style.CODE, "main-app"), new Span(Style.PLAIN, " is gone")), t.spans());
    }

    @Test
    void unpairedAndEmptyBackticksStayPlain() {
        assertEquals(List.of(new Span(Style.PLAIN, "it's a ` alone")), Text.parse("it's a ` alone").spans());
        assertEquals(List.of(new Span(Style.PLAIN, "an empty `` pair")), Text.parse("an empty `` pair").spans());
        assertEquals(List.of(new Span(Style.CODE, "a"), new Span(Style.PLAIN, " `b")), Text.parse("`a` `b").spans());
    }

    @Test
    void terminalEscapesAndControlCharactersAreRemoved() {
        assertEquals("ERROR boom", new Span(Style.PLAIN, "\u001B[1;31mERROR\u001B[0m boom").text());
        assertEquals("a\uFFFDb c\nd", new Span(Style.PLAIN, "a\u0007b\tc\r\nd").text());
        assertEquals("\tat x", new Item(Text.EMPTY, "\tat x\u001B[0m").block(), "tabs stay in verbatim blocks");
    }

    @Test
    void markdownEscapesPlainTextButNotCode() {
        String md = MarkdownRenderer.paragraph(Text.parse("a *b* _c_ <d> [e] | ~f & &amp; `x*y_z`"));
        assertEquals("a \\*b\\* \\_c\\_ \\<d\\> \\[e\\] \\| \\~f & \\&amp; `x*y_z`", md);
    }

    @Test
    void markdownCodeSpanHoldingBackticksUsesALongerFence() {
        assertEquals("`` a`b ``", MarkdownRenderer.INLINE.code("a`b"));
        assertEquals("``` ``x`` ```", MarkdownRenderer.INLINE.code("``x``"));
    }

    @Test
    void markdownLineCannotStartABlock() {
        assertEquals("\\# not a heading", MarkdownRenderer.paragraph(Text.plain("# not a heading")));
        assertEquals("\\- not a list", MarkdownRenderer.paragraph(Text.plain("- not a list")));
        assertEquals("\\1. not a list", MarkdownRenderer.paragraph(Text.plain("1. not a list")));
        assertEquals("2026-11-27 is a date", MarkdownRenderer.paragraph(Text.plain("2026-11-27 is a date")));
    }

    @Test
    void markdownPutsRootCauseFirstWithEvidenceAndNumberedFixes() {
        String md = new MarkdownRenderer().render(builder.diagnosis(Fixtures.diagnose(RenderCases.IMAGE)));
        int root = md.indexOf("### 🔴 Root cause: `image-not-found`");
        int evidence = md.indexOf("- **event** `Failed`, seen 4 times");
        int fix = md.indexOf("\n1. ");
        assertTrue(root > 0 && evidence > root && fix > evidence, md);
        assertTrue(md.contains("web-7d9c8b5f4d-x2v9k   0/1     ImagePullBackOff   0"), "kubectl's status line");
    }

    @Test
    void plainTextHasNoMarkup() {
        String image = new TextRenderer().render(builder.diagnosis(Fixtures.diagnose(RenderCases.IMAGE)));
        assertFalse(image.contains("`"), image);
        assertTrue(image.contains("Image nginx:1.99 does not exist in its registry"), image);
        String txt = new TextRenderer().render(builder.diagnosis(RenderCases.crashLoop()));
        assertFalse(txt.contains("**"), txt);
        assertFalse(txt.contains("\u001B"), "no terminal escapes from the log tail");
        assertTrue(txt.contains("[critical] Root cause: container-oom-killed"), txt);
    }

    @Test
    void mattermostCutsAnOverlongPostAndClosesItsCodeBlock() {
        ObjectNode json = new MattermostRenderer().render(builder.diagnosis(Synthetic.withLog(3000)), true);
        String text = json.get("text").asText();
        assertEquals("in_channel", json.get("response_type").asText());
        assertTrue(text.length() <= MattermostRenderer.MAX_TEXT, "length " + text.length());
        assertTrue(text.stripTrailing().endsWith("truncated, see the API: GET /api/v1/namespaces/shop/pods/web-1/diagnosis_"), text.substring(text.length() - 100));
        long fences = text.lines().filter(l -> l.strip().startsWith("```")).count();
        assertEquals(0, fences % 2, "fences balanced");
    }

    @Test
    void teamsCardStaysUnderItsSizeLimit() {
        ObjectNode json = new AdaptiveCardRenderer().render(builder.diagnosis(Synthetic.withFindings(400)));
        assertTrue(json.toString().getBytes(StandardCharsets.UTF_8).length <= AdaptiveCardRenderer.MAX_BYTES);
        String all = json.toString();
        assertTrue(all.contains("truncated, see the API: GET /api/v1/namespaces/shop/pods/web-1/diagnosis"), "note");
        assertTrue(all.contains("Root cause: rule-0"), "root cause kept");
    }

    @Test
    void reportListsWorstPodsFirstAndCapsThem() {
        Message m = new MessageBuilder(1).report(RenderCases.report());
        assertEquals(Tone.CRITICAL, m.tone());
        assertEquals("Critical: 2 of 3 pods unhealthy", m.title());
        // "Pods by rule" then the one pod shown: critical, sorted by namespace/name
        assertEquals(2, m.sections().size());
        assertTrue(m.sections().get(1).heading().raw().startsWith("shop/checkout-6c7d8e9f0a-h5j6k · container-oom-killed"));
        assertEquals("… and 2 more pods not shown here.", m.notes().get(0).raw());
    }
}
