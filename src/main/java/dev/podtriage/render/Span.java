package dev.podtriage.render;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A run of text in one style. The text is sanitized on construction: terminal escape sequences
 * (colours in log tails) are removed and other control characters except newline become U+FFFD,
 * so no renderer can pass them on to a terminal or chat client.
 */
public record Span(Style style, String text) {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?");

    public enum Style {
        /** Ordinary text: renderers escape it for their markup. */
        PLAIN,
        /** An object name, field, image, value or command: a code span where the format has one. */
        CODE,
        /** Emphasis for labels and titles: bold where the format has it. */
        STRONG
    }

    public Span {
        Objects.requireNonNull(style, "style");
        text = sanitize(text);
    }

    static String sanitize(String s) {
        return sanitize(s, false);
    }

    /** @param keepTabs true for verbatim blocks (log tails), where tabs indent */
    static String sanitize(String s, boolean keepTabs) {
        if (s == null) {
            return "";
        }
        String t = s.indexOf('\u001B') >= 0 ? ANSI.matcher(s).replaceAll("") : s;
        StringBuilder out = null;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean bad = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F);
            if (bad || c == '\r' || c == '\t' && !keepTabs) {
                if (out == null) {
                    out = new StringBuilder(t.length()).append(t, 0, i);
                }
                out.append(c == '\t' ? ' ' : c == '\r' ? "" : "\uFFFD");
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? t : out.toString();
    }
}
