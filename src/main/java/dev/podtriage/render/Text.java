package dev.podtriage.render;

import dev.podtriage.diagnosis.Prose;
import dev.podtriage.render.Span.Style;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rich text as a list of spans. The engine's typed text ({@link Prose}) maps part for part onto
 * spans ({@link #of(Prose)}), so that every renderer can escape plain text and code each in its own way.
 */
public record Text(List<Span> spans) {
    public static final Text EMPTY = new Text(List.of());

    public Text {
        spans = spans.stream().filter(s -> !s.text().isEmpty()).toList();
    }

    /** Text from Markdown as the JSON contract writes it (incidents, history, the catalog): see {@link Prose#fromMarkdown}. */
    public static Text parse(String markdown) {
        return of(Prose.fromMarkdown(markdown));
    }

    /** The engine's typed text: words are plain spans, code parts code spans, each kept verbatim. */
    public static Text of(Prose prose) {
        if (prose == null) {
            return EMPTY;
        }
        List<Span> spans = new ArrayList<>(prose.parts().size());
        for (Prose.Part p : prose.parts()) {
            spans.add(new Span(p.kind() == Prose.Kind.CODE ? Style.CODE : Style.PLAIN, p.text()));
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
