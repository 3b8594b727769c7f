package dev.podtriage.render;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * GitHub-flavoured Markdown: the title as a heading, the summary, kubectl's status line in a code
 * block, the context, then one sub-heading per section (root cause first) with evidence as a list
 * and fixes as numbered steps. Plain text is escaped; names and commands are code spans.
 */
public final class MarkdownRenderer {
    /** Markdown that would start a block (heading, list, quote, setext underline, thematic break) at line start. */
    private static final Pattern BLOCK_START = Pattern.compile("^(#{1,6}(\\s|$)|[-+*](\\s|$)|=+\\s*$|\\d{1,9}[.)](\\s|$))");
    private static final Pattern ENTITY = Pattern.compile("&(?=#?[A-Za-z0-9]+;)");

    static final Inline INLINE = new Inline() {
        @Override
        String plain(String s) {
            StringBuilder b = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if ("\\`*_[]<>|~".indexOf(c) >= 0) {
                    b.append('\\');
                }
                b.append(c);
            }
            return ENTITY.matcher(b).replaceAll("\\\\&");
        }

        @Override
        String code(String s) {
            int run = longestRun(s, '`');
            String fence = "`".repeat(run + 1);
            boolean pad = run > 0 || s.startsWith(" ") && s.endsWith(" ");
            return pad ? fence + " " + s + " " + fence : fence + s + fence;
        }

        @Override
        String strong(String escaped) {
            return "**" + escaped + "**";
        }
    };

    public String render(Message m) {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(emoji(m.tone())).append(INLINE.plain(m.title().replace('\n', ' '))).append("\n\n");
        if (!m.summary().isEmpty()) {
            out.append(paragraph(m.summary())).append("\n\n");
        }
        if (m.status() != null) {
            out.append(fenced(m.status().table(), "")).append("\n\n");
        }
        if (!m.context().isEmpty()) {
            out.append(m.context().stream().map(f -> INLINE.plain(f.label()) + ": " + INLINE.line(f.value()))
                    .collect(Collectors.joining(" · "))).append("\n\n");
        }
        for (Section s : m.sections()) {
            section(out, s);
        }
        for (Text note : m.notes()) {
            out.append(paragraph(note)).append("\n\n");
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static void section(StringBuilder out, Section s) {
        out.append("### ").append(emoji(s.tone())).append(INLINE.line(s.heading(), false)).append("\n\n");
        if (s.status() != null) {
            out.append(paragraph(s.status().inline())).append("\n\n");
        }
        for (Text p : s.paragraphs()) {
            out.append(paragraph(p)).append("\n\n");
        }
        if (!s.list().isEmpty()) {
            if (s.listLabel() != null) {
                out.append("**").append(INLINE.plain(s.listLabel())).append("**\n\n");
            }
            List<Item> list = s.list();
            for (int i = 0; i < list.size(); i++) {
                Item item = list.get(i);
                out.append("- ").append(paragraph(item.text())).append('\n');
                if (item.block() != null) {
                    out.append('\n').append(indent(fenced(item.block(), "text"), "  ")).append('\n');
                    if (i < list.size() - 1) {
                        out.append('\n');
                    }
                }
            }
            out.append('\n');
        }
        if (!s.steps().isEmpty()) {
            if (s.stepsLabel() != null) {
                out.append("**").append(INLINE.plain(s.stepsLabel())).append("**\n\n");
            }
            List<Text> steps = s.steps();
            for (int i = 0; i < steps.size(); i++) {
                out.append(i + 1).append(". ").append(paragraph(steps.get(i))).append('\n');
            }
            out.append('\n');
        }
    }

    /** One line of inline Markdown that cannot be mistaken for the start of a block. */
    static String paragraph(Text t) {
        String line = INLINE.line(t);
        return BLOCK_START.matcher(line).find() ? "\\" + line : line;
    }

    static String fenced(String block, String info) {
        String fence = "`".repeat(Math.max(3, longestRun(block, '`') + 1));
        return fence + info + "\n" + block.stripTrailing() + "\n" + fence;
    }

    static String emoji(Tone tone) {
        return switch (tone) {
            case CRITICAL -> "🔴 ";
            case WARNING -> "⚠️ ";
            case INFO -> "ℹ️ ";
            case HEALTHY -> "✅ ";
            case NEUTRAL -> "";
        };
    }

    private static String indent(String s, String prefix) {
        return s.lines().map(l -> l.isEmpty() ? l : prefix + l).collect(Collectors.joining("\n"));
    }

    static int longestRun(String s, char c) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == c ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }
}
