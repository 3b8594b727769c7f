package dev.podtriage.render;

/**
 * A list entry: a line of text, and optionally a verbatim multi-line block after it (a log tail,
 * a multi-line status message) that renderers show as preformatted text.
 */
public record Item(Text text, String block) {
    public Item {
        block = block == null ? null : Span.sanitize(block, true);
    }

    public static Item of(Text text) {
        return new Item(text, null);
    }
}
