package dev.podtriage.render;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answer to a Mattermost slash command: {@code {"response_type": "ephemeral"|"in_channel",
 * "text": Markdown}}. Mattermost renders the same Markdown as {@link MarkdownRenderer}
 * ({@code **bold**}, code spans, headings, lists); a text longer than a post may hold is cut at a
 * line with a note.
 */
public final class MattermostRenderer {
    /** Mattermost's default maximum post size, in characters. */
    public static final int MAX_TEXT = 16383;

    private final MarkdownRenderer markdown = new MarkdownRenderer();

    public ObjectNode render(Message m, boolean inChannel) {
        return JsonNodeFactory.instance.objectNode()
                .put("response_type", inChannel ? "in_channel" : "ephemeral")
                .put("text", text(m));
    }

    /** The Markdown of the post. */
    public String text(Message m) {
        String md = markdown.render(m);
        if (md.length() <= MAX_TEXT) {
            return md;
        }
        String note = "\n\n_" + MarkdownRenderer.INLINE.plain(m.truncationNote()) + "_\n";
        String cut = md.substring(0, MAX_TEXT - note.length() - 8);
        int nl = cut.lastIndexOf('\n');
        if (nl > 0) {
            cut = cut.substring(0, nl);
        }
        if (openFence(cut)) {
            cut += "\n```";
        }
        return cut + note;
    }

    /** Whether a fenced code block is open at the end (fences are at line start, possibly indented). */
    private static boolean openFence(String md) {
        boolean open = false;
        for (String line : md.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                open = !open;
            }
        }
        return open;
    }
}
