package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Typed text, as the engine writes messages, headlines, summaries and fixes: a run of {@link Part parts}, each
 * either words of the engine or a code value (an object name, field, image, value, command, or text quoted from
 * the cluster). Values are never parsed: whatever characters a cluster message holds stay in their part,
 * unaltered, and each renderer escapes words and writes code in its own way.
 *
 * <p>The JSON contract writes it as one CommonMark string ({@link #markdown()}): words with their Markdown
 * punctuation backslash-escaped, code as code spans whose backtick fence is longer than any backtick run inside
 * them. {@link #fromMarkdown} reads that back part for part, so the string form loses nothing.
 *
 * <p>Build it from pieces: {@code Prose.of("Image ", Prose.code(image), " not found")}. A {@code String} piece
 * is words, a {@code Prose} piece is appended as it is.
 */
public record Prose(List<Part> parts) {
    public static final Prose EMPTY = new Prose(List.of());

    public enum Kind {
        /** Words: renderers escape them for their markup. */
        WORDS,
        /** An object name, field, image, value, command, or text quoted from the cluster: a code span where the format has one. */
        CODE
    }

    /** One run of text of one kind. */
    public record Part(Kind kind, String text) {
        public Part {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Canonical: no empty part, no two adjacent parts of one kind (so equal texts are equal records). */
    public Prose {
        List<Part> merged = new ArrayList<>(parts.size());
        for (Part p : parts) {
            if (p.text().isEmpty()) {
                continue;
            }
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).kind() == p.kind()) {
                merged.set(last, new Part(p.kind(), merged.get(last).text() + p.text()));
            } else {
                merged.add(p);
            }
        }
        parts = List.copyOf(merged);
    }

    /** Words. */
    public static Prose words(String text) {
        return text == null || text.isEmpty() ? EMPTY : new Prose(List.of(new Part(Kind.WORDS, text)));
    }

    /** A code value: a name, field, image, value, command or quoted cluster text, kept verbatim. */
    public static Prose code(Object value) {
        String text = value == null ? "" : value.toString();
        return text.isEmpty() ? EMPTY : new Prose(List.of(new Part(Kind.CODE, text)));
    }

    /** The pieces in order: a {@link Prose} as it is, anything else ({@code String}, number, null is skipped) as words. */
    public static Prose of(Object... pieces) {
        List<Part> parts = new ArrayList<>();
        for (Object piece : pieces) {
            add(parts, piece);
        }
        return new Prose(parts);
    }

    /** The items separated by {@code separator} words: {@code join(", ", codes)}. */
    public static Prose join(String separator, Collection<?> items) {
        List<Part> parts = new ArrayList<>();
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                parts.add(new Part(Kind.WORDS, separator));
            }
            add(parts, item);
            first = false;
        }
        return new Prose(parts);
    }

    /** Each name as code, separated by commas: {@code `a`, `b`}. */
    public static Prose codes(Collection<?> names) {
        return join(", ", names.stream().map(Prose::code).toList());
    }

    private static void add(List<Part> parts, Object piece) {
        if (piece instanceof Prose p) {
            parts.addAll(p.parts);
        } else if (piece != null) {
            parts.add(new Part(Kind.WORDS, piece.toString()));
        }
    }

    /** This text followed by the pieces. */
    public Prose then(Object... pieces) {
        List<Part> all = new ArrayList<>(parts);
        for (Object piece : pieces) {
            add(all, piece);
        }
        return new Prose(all);
    }

    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The characters without markup. */
    public String plain() {
        StringBuilder b = new StringBuilder();
        parts.forEach(p -> b.append(p.text()));
        return b.toString();
    }

    /** The same text with every part's characters mapped (e.g. redacted), kinds kept. */
    public Prose map(UnaryOperator<String> f) {
        return new Prose(parts.stream().map(p -> new Part(p.kind(), Objects.requireNonNullElse(f.apply(p.text()), ""))).toList());
    }

    /** The CommonMark form, as the JSON contract writes it. */
    @JsonValue
    public String markdown() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            if (p.kind() == Kind.WORDS) {
                escapeWords(p.text(), b);
            } else {
                codeSpan(p.text(), b);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return markdown();
    }

    /**
     * Backslash-escapes what would otherwise be markup, and only that, so that words read as they are written:
     * backticks and asterisks always; an underscore unless it sits inside a word ({@code NOT_SERVING}); a {@code <}
     * that could open a tag or autolink; a {@code ]} that could close a link; a backslash before punctuation or code.
     */
    private static void escapeWords(String text, StringBuilder b) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : 0;
            boolean escape = switch (c) {
                case '`', '*' -> true;
                case '_' -> i == 0 || next == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)) || !Character.isLetterOrDigit(next);
                case '<' -> Character.isLetter(next) || next == '/' || next == '!' || next == '?';
                case ']' -> next == '(' || next == '[';
                case '\\' -> next == 0 || isAsciiPunctuation(next);
                default -> false;
            };
            if (escape) {
                b.append('\\');
            }
            b.append(c);
        }
    }

    /** A code span whose fence is a backtick run that occurs nowhere inside; padded when the text could eat it. */
    private static void codeSpan(String text, StringBuilder b) {
        int fence = 1;
        while (closingRun(text, 0, fence) >= 0) {
            fence++;
        }
        String ticks = "`".repeat(fence);
        boolean pad = text.startsWith("`") || text.endsWith("`")
                || (text.startsWith(" ") && text.endsWith(" ") && !text.isBlank());
        b.append(ticks);
        if (pad) {
            b.append(' ');
        }
        b.append(text);
        if (pad) {
            b.append(' ');
        }
        b.append(ticks);
    }

    /**
     * Reads the inline Markdown that {@link #markdown()} writes and that authors write in the catalog and in custom
     * rules: code spans of any fence length, backslash escapes of ASCII punctuation outside them. A backtick run
     * with no closing run of the same length is literal, as CommonMark has it.
     */
    @JsonCreator
    public static Prose fromMarkdown(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return EMPTY;
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        int i = 0;
        int n = markdown.length();
        while (i < n) {
            char c = markdown.charAt(i);
            if (c == '\\' && i + 1 < n && isAsciiPunctuation(markdown.charAt(i + 1))) {
                words.append(markdown.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c != '`') {
                words.append(c);
                i++;
                continue;
            }
            int open = i;
            while (i < n && markdown.charAt(i) == '`') {
                i++;
            }
            int fence = i - open;
            int close = closingRun(markdown, i, fence);
            if (close < 0) {
                words.append(markdown, open, i);
                continue;
            }
            String code = markdown.substring(i, close);
            if (code.length() >= 2 && code.startsWith(" ") && code.endsWith(" ") && !code.isBlank()) {
                code = code.substring(1, code.length() - 1);
            }
            parts.add(new Part(Kind.WORDS, words.toString()));
            words.setLength(0);
            parts.add(new Part(Kind.CODE, code));
            i = close + fence;
        }
        parts.add(new Part(Kind.WORDS, words.toString()));
        return new Prose(parts);
    }

    /** Where the next backtick run of exactly {@code fence} backticks starts at or after {@code from}, else -1. */
    private static int closingRun(String s, int from, int fence) {
        int i = from;
        while (i < s.length()) {
            if (s.charAt(i) != '`') {
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && s.charAt(i) == '`') {
                i++;
            }
            if (i - start == fence) {
                return start;
            }
        }
        return -1;
    }

    private static boolean isAsciiPunctuation(char c) {
        return c < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }
}
