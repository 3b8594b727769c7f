package dev.podtriage.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Microsoft Teams message holding an Adaptive Card (version 1.4, which Teams and Workflows
 * render): a large title coloured by severity, a FactSet (cluster, namespace, pod, status, ready,
 * restarts, ...), then one Container per finding with TextBlocks for the message, the evidence and
 * the fixes.
 *
 * <p>TextBlocks understand only a small Markdown subset ({@code **bold**}, {@code _italic_},
 * lists, links) and have no code spans: code is written as it is, emphasis as {@code **bold**},
 * verbatim blocks (log tails) go into a monospace TextBlock. Teams refuses payloads over about
 * 28 KB: sections are dropped from the end, with a note, until the card fits {@value #MAX_BYTES} bytes.
 */
public final class AdaptiveCardRenderer {
    public static final int MAX_BYTES = 24_000;
    static final int MAX_TEXT_BLOCK = 2000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static final Inline INLINE = new Inline() {
        @Override
        String plain(String s) {
            return s;
        }

        @Override
        String code(String s) {
            return s;
        }

        @Override
        String strong(String escaped) {
            return "**" + escaped + "**";
        }
    };

    /** The message to POST to an incoming webhook or a Workflows URL. */
    public ObjectNode render(Message m) {
        List<Section> sections = m.sections();
        List<Text> notes = new ArrayList<>(m.notes());
        ObjectNode message = message(m, sections, notes);
        int keep = sections.size();
        while (size(message) > MAX_BYTES && keep > 0) {
            keep--;
            List<Text> cut = new ArrayList<>(m.notes());
            cut.add(Text.plain(m.truncationNote() + " (" + (sections.size() - keep) + " more not shown)"));
            message = message(m, sections.subList(0, keep), cut);
        }
        return message;
    }

    /** The card alone, for senders that wrap it themselves. */
    public ObjectNode card(Message m) {
        return (ObjectNode) render(m).get("attachments").get(0).get("content");
    }

    private static ObjectNode message(Message m, List<Section> sections, List<Text> notes) {
        ObjectNode message = JSON.objectNode().put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode body = card.putArray("body");
        textBlock(body, m.title().replace('\n', ' ')).put("size", "Large").put("weight", "Bolder").put("color", color(m.tone()));
        if (!m.summary().isEmpty()) {
            textBlock(body, INLINE.line(m.summary()));
        }
        ArrayNode facts = JSON.arrayNode();
        m.context().forEach(f -> fact(facts, f.label(), INLINE.line(f.value())));
        if (m.status() != null) {
            fact(facts, "Status", m.status().status());
            fact(facts, "Ready", m.status().ready());
            fact(facts, "Restarts", Integer.toString(m.status().restarts()));
        }
        if (!facts.isEmpty()) {
            body.addObject().put("type", "FactSet").set("facts", facts);
        }
        for (Section s : sections) {
            body.add(container(s));
        }
        for (Text note : notes) {
            textBlock(body, INLINE.line(note)).put("isSubtle", true).put("spacing", "Medium");
        }
        card.putObject("msteams").put("width", "Full");
        return message;
    }

    private static ObjectNode container(Section s) {
        ObjectNode c = JSON.objectNode().put("type", "Container").put("separator", true).put("spacing", "Medium");
        ArrayNode items = c.putArray("items");
        textBlock(items, INLINE.line(s.heading(), false)).put("weight", "Bolder").put("color", color(s.tone()));
        if (s.status() != null) {
            textBlock(items, INLINE.line(s.status().inline())).put("isSubtle", true).put("spacing", "None");
        }
        for (Text p : s.paragraphs()) {
            textBlock(items, INLINE.line(p));
        }
        if (!s.list().isEmpty()) {
            if (s.listLabel() != null) {
                textBlock(items, s.listLabel()).put("weight", "Bolder").put("spacing", "Small");
            }
            List<String> lines = new ArrayList<>();
            for (Item item : s.list()) {
                lines.add("- " + INLINE.line(item.text()));
                if (item.block() != null) {
                    textBlock(items, String.join("\r", lines)).put("spacing", "None");
                    lines.clear();
                    textBlock(items, item.block().stripTrailing()).put("fontType", "Monospace").put("spacing", "None");
                }
            }
            if (!lines.isEmpty()) {
                textBlock(items, String.join("\r", lines)).put("spacing", "None");
            }
        }
        if (!s.steps().isEmpty()) {
            if (s.stepsLabel() != null) {
                textBlock(items, s.stepsLabel()).put("weight", "Bolder").put("spacing", "Small");
            }
            List<Text> steps = s.steps();
            textBlock(items, IntStream.range(0, steps.size())
                    .mapToObj(i -> (i + 1) + ". " + INLINE.line(steps.get(i))).collect(Collectors.joining("\r")))
                    .put("spacing", "None");
        }
        return c;
    }

    private static ObjectNode textBlock(ArrayNode into, String text) {
        String t = text;
        if (t.length() > MAX_TEXT_BLOCK) {
            int end = MAX_TEXT_BLOCK - 1;
            if (Character.isHighSurrogate(t.charAt(end - 1))) {
                end--;
            }
            t = t.substring(0, end) + "…";
        }
        return into.addObject().put("type", "TextBlock").put("text", t).put("wrap", true);
    }

    private static void fact(ArrayNode facts, String title, String value) {
        if (value != null && !value.isBlank()) {
            facts.addObject().put("title", title).put("value", value);
        }
    }

    static String color(Tone tone) {
        return switch (tone) {
            case CRITICAL -> "attention";
            case WARNING -> "warning";
            case INFO -> "accent";
            case HEALTHY -> "good";
            case NEUTRAL -> "default";
        };
    }

    private static int size(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
