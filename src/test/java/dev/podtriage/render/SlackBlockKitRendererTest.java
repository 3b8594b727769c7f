package dev.podtriage.render;

import dev.podtriage.diagnosis.Prose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.PodInfo;
import dev.podtriage.diagnosis.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SlackBlockKitRendererTest {
    private static final Pattern BROKEN_ENTITY = Pattern.compile("&(?!amp;|lt;|gt;)");
    private final MessageBuilder builder = new MessageBuilder();
    private final SlackBlockKitRenderer slack = new SlackBlockKitRenderer();

    @Test
    void sixtyFindingsAreCutToFiftyBlocksWithANote() {
        ObjectNode json = slack.render(builder.diagnosis(Synthetic.withFindings(60)));
        assertWithinLimits(json);
        JsonNode blocks = json.get("blocks");
        assertEquals(50, blocks.size());
        assertTrue(texts(json).get(4).contains("*Root cause:* `rule-0`"), "root cause first: " + texts(json).get(4));
        JsonNode last = blocks.get(blocks.size() - 1);
        assertEquals("context", last.get("type").asText());
        String note = last.get("elements").get(0).get("text").asText();
        assertTrue(note.contains("truncated, see the API: GET /api/v1/namespaces/shop/pods/web-1/diagnosis"), note);
        assertTrue(note.contains("15 more not shown"), note);
    }

    @Test
    void tenThousandCharacterMessageIsCutWithANote() {
        String message = "The container `app` said: " + "word ".repeat(2000);
        ObjectNode json = slack.render(builder.diagnosis(Synthetic.withMessage(message)));
        assertWithinLimits(json);
        String section = texts(json).get(4);
        assertTrue(section.length() > 2500, "most of the room is used: " + section.length());
        assertTrue(section.endsWith("_… truncated, see the API: GET /api/v1/namespaces/shop/pods/web-1/diagnosis_"), section);
        assertTrue(section.startsWith(":red_circle: *Root cause:* `rule-0`"), "the heading survives");
    }

    @Test
    void longLogIsCutInsideItsCodeBlockAndTheBlockIsClosed() {
        ObjectNode json = slack.render(builder.diagnosis(Synthetic.withLog(400)));
        assertWithinLimits(json);
        String section = texts(json).get(4);
        assertTrue(section.contains("truncated"), section);
        assertEquals(0, count(section, "```") % 2, "code block closed: " + section.substring(section.length() - 200));
        assertFalse(BROKEN_ENTITY.matcher(section).find(), "no entity cut in half");
    }

    @Test
    void truncationNeverSplitsAnEntity() {
        for (int s = 0; s < 6; s++) {
            int shift = s;
            String text = "x".repeat(shift) + "&amp;".repeat(1000);
            String cut = SlackBlockKitRenderer.truncate(text, 3000, "… truncated");
            assertTrue(cut.length() <= 3000);
            assertFalse(BROKEN_ENTITY.matcher(cut).find(), () -> "shift " + shift + ": " + cut.substring(cut.length() - 40));
        }
    }

    @Test
    void longTitleIsCutTo150Characters() {
        String name = "a-very-long-pod-name-" + "x".repeat(300);
        Diagnosis d = new Diagnosis("prod-eu", new PodInfo("shop", name, null, null, new OwnerRef("Job", "j"), "Failed", "Error", "0/1", 0),
                false, Severity.CRITICAL, Prose.fromMarkdown("Failed"), Synthetic.withFindings(1).findings(), null);
        ObjectNode json = slack.render(builder.diagnosis(d));
        assertWithinLimits(json);
        String header = json.get("blocks").get(0).get("text").get("text").asText();
        assertEquals(150, header.length());
        assertTrue(header.startsWith(":red_circle: Critical: shop/a-very-long-pod-name-"));
        assertTrue(header.endsWith("…"));
    }

    @Test
    void everyBlockKitLimitHoldsForManyHugeFindings() {
        List<dev.podtriage.diagnosis.Finding> findings = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            findings.add(Synthetic.finding(i, "`x` & <y> ".repeat(500), List.of()));
        }
        assertWithinLimits(slack.render(builder.diagnosis(Synthetic.diagnosis(findings))));
    }

    @Test
    void mrkdwnControlCharactersAreEscaped() {
        String message = "Webhook said <!channel> & <https://evil.example|click here> for `a<b>&c` and `x`y`.";
        ObjectNode json = slack.render(builder.diagnosis(Synthetic.withMessage(message)));
        String section = texts(json).get(4);
        assertTrue(section.contains("Webhook said &lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt; for "), section);
        assertTrue(section.contains("`a&lt;b&gt;&amp;c`"), "code spans are escaped too: " + section);
        assertFalse(section.contains("<"), "no raw < left: " + section);
        assertFalse(section.contains(">"), "no raw > left: " + section);
        assertFalse(BROKEN_ENTITY.matcher(section).find());
        assertTrue(section.contains("*Root cause:*"), "bold is *single*: " + section);
        assertFalse(section.contains("**"), "never **double**: " + section);
        // the fallback text is mrkdwn as well
        String fallback = json.get("text").asText();
        assertTrue(fallback.startsWith(":red_circle: Critical: shop/web-1 — Webhook said &lt;!channel&gt; &amp;"), fallback);
    }

    @Test
    void backticksInsidePlainTextCannotOpenACodeSpan() {
        String section = texts(slack.render(builder.diagnosis(Synthetic.withMessage("`code` and a ` stray backtick")))).get(4);
        assertTrue(section.contains("\n`code` and a ˋ stray backtick"), section);
    }

    @Test
    void replyCarriesTheResponseType() {
        Message m = builder.diagnosis(Synthetic.withFindings(1));
        assertEquals("ephemeral", slack.reply(m, false).get("response_type").asText());
        assertEquals("in_channel", slack.reply(m, true).get("response_type").asText());
        assertEquals(slack.render(m).get("blocks"), slack.reply(m, true).get("blocks"));
    }

    private static void assertWithinLimits(ObjectNode json) {
        JsonNode blocks = json.get("blocks");
        assertTrue(blocks.size() <= 50, "at most 50 blocks: " + blocks.size());
        assertTrue(json.get("text").asText().length() <= 3000, "fallback text");
        for (JsonNode b : blocks) {
            switch (b.get("type").asText()) {
                case "header" -> {
                    assertEquals("plain_text", b.get("text").get("type").asText());
                    assertTrue(b.get("text").get("text").asText().length() <= 150, "header ≤ 150");
                }
                case "section" -> {
                    String t = b.get("text").get("text").asText();
                    assertTrue(!t.isEmpty() && t.length() <= 3000, "section text 1..3000 characters: " + t.length());
                }
                case "context" -> {
                    assertTrue(b.get("elements").size() <= 10, "context ≤ 10 elements");
                    b.get("elements").forEach(e -> assertTrue(e.get("text").asText().length() <= 3000));
                }
                case "divider" -> { }
                default -> throw new AssertionError("unexpected block " + b);
            }
        }
    }

    /** The mrkdwn of every section, in order (index 0 = header text). */
    private static List<String> texts(ObjectNode json) {
        List<String> out = new ArrayList<>();
        for (JsonNode b : json.get("blocks")) {
            JsonNode t = b.get("text");
            out.add(t == null ? b.get("type").asText() : t.get("text").asText());
        }
        return out;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}
