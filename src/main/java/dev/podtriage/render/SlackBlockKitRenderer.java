package dev.podtriage.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Slack message in Block Kit: a {@code header} with the severity emoji, a {@code section} with
 * the summary, a {@code context} with cluster, namespace and kubectl status, one {@code section}
 * per finding or pod, and a plain {@code text} fallback for notifications.
 *
 * <p>Slack's limits are kept by truncating with a visible note, never by failing: a header of at
 * most {@value #MAX_HEADER} characters, section texts of at most {@value #MAX_SECTION}, at most
 * {@value #MAX_BLOCKS} blocks, at most {@value #MAX_CONTEXT_ELEMENTS} elements in a context block.
 *
 * <p>mrkdwn escaping: {@code &}, {@code <} and {@code >} become entities everywhere; a backtick
 * inside text or code becomes U+02CB (Slack has no way to escape it); emphasis is {@code *bold*}.
 */
public final class SlackBlockKitRenderer {
    public static final int MAX_HEADER = 150;
    public static final int MAX_SECTION = 3000;
    public static final int MAX_BLOCKS = 50;
    public static final int MAX_CONTEXT_ELEMENTS = 10;
    static final int MAX_FALLBACK = 3000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static final Inline INLINE = new Inline() {
        @Override
        String plain(String s) {
            return escape(s).replace('`', '\u02CB');
        }

        @Override
        String code(String s) {
            return "`" + escape(s).replace('`', '\u02CB') + "`";
        }

        @Override
        String strong(String escaped) {
            return "*" + escaped.replace('*', '\u2217') + "*";
        }
    };

    /** The message: {@code {"text": …, "blocks": […]}}. */
    public ObjectNode render(Message m) {
        ObjectNode root = JSON.objectNode();
        root.put("text", fallback(m));
        ArrayNode blocks = root.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", header(m)).put("emoji", true);

        if (!m.summary().isEmpty()) {
            blocks.add(section(INLINE.line(m.summary())));
        }
        List<String> context = new ArrayList<>();
        m.context().forEach(f -> context.add("*" + escape(f.label()) + ":* " + INLINE.line(f.value())));
        if (m.status() != null) {
            context.add("*Status:* " + INLINE.line(m.status().inline()));
        }
        if (!context.isEmpty()) {
            blocks.add(context(context));
        }
        if (!m.sections().isEmpty()) {
            blocks.addObject().put("type", "divider");
        }

        List<String> notes = new ArrayList<>(m.notes().stream().map(INLINE::line).toList());
        int room = MAX_BLOCKS - blocks.size() - 1; // one block kept for the notes
        List<Section> sections = m.sections();
        if (sections.size() > room) {
            notes.add(escape(m.truncationNote()) + " (" + (sections.size() - room) + " more not shown)");
            sections = sections.subList(0, room);
        }
        for (Section s : sections) {
            blocks.add(section(section(s, m)));
        }
        if (!notes.isEmpty()) {
            blocks.add(context(notes));
        }
        return root;
    }

    /** The same, as the answer to a slash command: {@code response_type} ephemeral or in_channel. */
    public ObjectNode reply(Message m, boolean inChannel) {
        ObjectNode reply = JSON.objectNode().put("response_type", inChannel ? "in_channel" : "ephemeral");
        reply.setAll(render(m));
        return reply;
    }

    /** The notification text: emoji, title and summary, in mrkdwn. */
    public String fallback(Message m) {
        String text = emoji(m.tone()) + escape(m.title().replace('\n', ' '))
                + (m.summary().isEmpty() ? "" : " — " + INLINE.line(m.summary()));
        return truncate(text, MAX_FALLBACK, m.truncationNote());
    }

    static String header(Message m) {
        String h = (emoji(m.tone()) + m.title()).replace('\n', ' ');
        if (h.length() <= MAX_HEADER) {
            return h;
        }
        return safeCut(h, MAX_HEADER - 1) + "…";
    }

    private static String section(Section s, Message m) {
        StringBuilder b = new StringBuilder();
        b.append(emoji(s.tone())).append(INLINE.line(s.heading()));
        if (s.status() != null) {
            b.append('\n').append(INLINE.line(s.status().inline()));
        }
        for (Text p : s.paragraphs()) {
            b.append('\n').append(INLINE.line(p));
        }
        if (!s.list().isEmpty()) {
            if (s.listLabel() != null) {
                b.append("\n*").append(escape(s.listLabel())).append('*');
            }
            for (Item item : s.list()) {
                b.append("\n• ").append(INLINE.line(item.text()));
                if (item.block() != null) {
                    b.append("\n```").append(escape(item.block().stripTrailing()).replace('`', '\u02CB')).append("```");
                }
            }
        }
        if (!s.steps().isEmpty()) {
            if (s.stepsLabel() != null) {
                b.append("\n*").append(escape(s.stepsLabel())).append('*');
            }
            for (int i = 0; i < s.steps().size(); i++) {
                b.append('\n').append(i + 1).append(". ").append(INLINE.line(s.steps().get(i)));
            }
        }
        return truncate(b.toString(), MAX_SECTION, m.truncationNote());
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode s = JSON.objectNode().put("type", "section");
        s.putObject("text").put("type", "mrkdwn").put("text", truncate(mrkdwn, MAX_SECTION, "… truncated"));
        return s;
    }

    private static ObjectNode context(List<String> texts) {
        List<String> elements = new ArrayList<>(texts);
        if (elements.size() > MAX_CONTEXT_ELEMENTS) {
            String rest = elements.subList(MAX_CONTEXT_ELEMENTS - 1, elements.size()).stream().collect(Collectors.joining(" · "));
            elements = new ArrayList<>(elements.subList(0, MAX_CONTEXT_ELEMENTS - 1));
            elements.add(rest);
        }
        ObjectNode c = JSON.objectNode().put("type", "context");
        ArrayNode els = c.putArray("elements");
        elements.forEach(t -> els.addObject().put("type", "mrkdwn").put("text", truncate(t, MAX_SECTION, "… truncated")));
        return c;
    }

    /**
     * Cuts mrkdwn to at most {@code max} characters with a visible note: at a line break where one
     * is near, never inside an entity or a surrogate pair, closing an open code block or code span.
     */
    static String truncate(String text, int max, String note) {
        if (text.length() <= max) {
            return text;
        }
        String suffix = "\n_" + escape(note) + "_";
        int budget = max - suffix.length() - 5; // room to close a code block or span
        String cut = safeCut(text, budget);
        int nl = cut.lastIndexOf('\n');
        if (nl > budget / 2) {
            cut = cut.substring(0, nl);
        }
        int amp = cut.lastIndexOf('&');
        if (amp >= 0 && cut.indexOf(';', amp) < 0) {
            cut = cut.substring(0, amp);
        }
        if (count(cut, "```") % 2 == 1) {
            cut += "```";
        } else {
            String lastLine = cut.substring(cut.lastIndexOf('\n') + 1).replace("```", "");
            if (count(lastLine, "`") % 2 == 1) {
                cut += "`";
            }
        }
        return cut + suffix;
    }

    private static String safeCut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String emoji(Tone tone) {
        return switch (tone) {
            case CRITICAL -> ":red_circle: ";
            case WARNING -> ":warning: ";
            case INFO -> ":information_source: ";
            case HEALTHY -> ":white_check_mark: ";
            case NEUTRAL -> "";
        };
    }
}
