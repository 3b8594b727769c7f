package dev.podtriage.render;

import dev.podtriage.render.Span.Style;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rich text as a list of spans. Messages of the engine write names, fields and commands in
 * backticks; {@link #parse} turns those into {@link Style#CODE} spans so that every renderer can
 * escape plain text and code each in its own way.
 */
public record Text(List<Span> spans) {
    public static final Text EMPTY = new Text(List.of());

    public Text {
        spans = spans.stream().filter(s -> !s.text().isEmpty()).toList();
    }

    /** Text with backtick code spans, as the engine writes messages and fixes. An unpaired backtick stays plain. */
    public static Text parse(String s) {
        if (s == null || s.isEmpty()) {
            return EMPTY;
        }
        List<Span> spans = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf('`', i);
            if (open < 0) {
                plain.append(s, i, s.length());
                break;
            }
            int close = s.indexOf('`', open + 1);
            if (close < 0 || close == open + 1) {
                // an unpaired backtick, or an empty pair: literal text
                int end = close < 0 ? s.length() : close + 1;
                plain.append(s, i, end);
                i = end;
                continue;
            }
            plain.append(s, i, open);
            if (plain.length() > 0) {
                spans.add(new Span(Style.PLAIN, plain.toString()));
                plain.setLength(0);
            }
            spans.add(new Span(Style.CODE, s.substring(open + 1, close)));
            i = close + 1;
        }
        if (plain.length() > 0) {
            spans.add(new Span(Style.PLAIN, plain.toString()));
        }
        return new Text(spans);
    }

    /** Verbatim text (e.g. a message quoted from the cluster): backticks in it are not markup. */
    public static Text plain(String s) {
        return of(new Span(Style.PLAIN, s));
    }

    public static Text code(String s) {
        return of(new Span(Style.CODE, s));
    }

    public static Text strong(String s) {
        return of(new Span(Style.STRONG, s));
    }

    public static Text of(Span... spans) {
        return new Text(Arrays.asList(spans));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Text append(Text more) {
        List<Span> all = new ArrayList<>(spans);
        all.addAll(more.spans);
        return new Text(all);
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }

    /** The characters without any markup. */
    public String raw() {
        StringBuilder b = new StringBuilder();
        spans.forEach(s -> b.append(s.text()));
        return b.toString();
    }

    @Override
    public String toString() {
        return raw();
    }

    public static final class Builder {
        private final List<Span> spans = new ArrayList<>();

        public Builder plain(String s) {
            spans.add(new Span(Style.PLAIN, s));
            return this;
        }

        public Builder code(String s) {
            spans.add(new Span(Style.CODE, s));
            return this;
        }

        public Builder strong(String s) {
            spans.add(new Span(Style.STRONG, s));
            return this;
        }

        public Builder text(Text t) {
            spans.addAll(t.spans());
            return this;
        }

        public boolean isEmpty() {
            return spans.stream().allMatch(s -> s.text().isEmpty());
        }

        public Text build() {
            return new Text(spans);
        }
    }
}
