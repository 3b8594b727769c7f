package dev.podtriage.render;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Plain text for terminals: no markup at all (code spans lose their backticks, emphasis is
 * dropped); control characters were already removed by {@link Span}. Sections are indented,
 * evidence is a dashed list, fixes are numbered steps.
 */
public final class TextRenderer {
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
            return escaped;
        }
    };

    public String render(Message m) {
        StringBuilder out = new StringBuilder();
        String title = m.title().replace('\n', ' ');
        out.append(title).append('\n').append("=".repeat(Math.min(title.length(), 80))).append('\n');
        if (!m.summary().isEmpty()) {
            out.append(INLINE.line(m.summary())).append('\n');
        }
        out.append('\n');
        if (m.status() != null) {
            out.append(m.status().table()).append("\n\n");
        }
        if (!m.context().isEmpty()) {
            out.append(m.context().stream().map(f -> f.label() + ": " + INLINE.line(f.value()))
                    .collect(Collectors.joining(" · "))).append("\n\n");
        }
        for (Section s : m.sections()) {
            section(out, s);
        }
        for (Text note : m.notes()) {
            out.append(INLINE.line(note)).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static void section(StringBuilder out, Section s) {
        String tag = s.tone() == Tone.NEUTRAL ? "" : "[" + s.tone().name().toLowerCase(Locale.ROOT) + "] ";
        out.append(tag).append(INLINE.line(s.heading())).append('\n');
        if (s.status() != null) {
            out.append("  ").append(INLINE.line(s.status().inline())).append('\n');
        }
        for (Text p : s.paragraphs()) {
            out.append("  ").append(INLINE.line(p)).append('\n');
        }
        if (!s.list().isEmpty()) {
            String indent = "  ";
            if (s.listLabel() != null) {
                out.append("  ").append(s.listLabel()).append(":\n");
                indent = "    ";
            }
            for (Item item : s.list()) {
                out.append(indent).append("- ").append(INLINE.line(item.text())).append('\n');
                if (item.block() != null) {
                    String blockIndent = indent + "    ";
                    item.block().stripTrailing().lines().forEach(l -> out.append(blockIndent).append(l).append('\n'));
                }
            }
        }
        if (!s.steps().isEmpty()) {
            String indent = "  ";
            if (s.stepsLabel() != null) {
                out.append("  ").append(s.stepsLabel()).append(":\n");
                indent = "    ";
            }
            List<Text> steps = s.steps();
            for (int i = 0; i < steps.size(); i++) {
                out.append(indent).append(i + 1).append(". ").append(INLINE.line(steps.get(i))).append('\n');
            }
        }
        out.append('\n');
    }
}
