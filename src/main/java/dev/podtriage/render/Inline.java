package dev.podtriage.render;

/** How one format writes spans: the escaping of plain text and the markup of code and emphasis. */
abstract class Inline {

    abstract String plain(String s);

    abstract String code(String s);

    /** Emphasis around already escaped text with no surrounding whitespace. */
    abstract String strong(String escaped);

    /** One line of rich text (newlines inside spans become spaces). */
    String line(Text t) {
        return line(t, true);
    }

    /** @param emphasis false where the context is bold already (headings) */
    String line(Text t, boolean emphasis) {
        StringBuilder b = new StringBuilder();
        for (Span s : t.spans()) {
            String text = s.text().replace('\n', ' ');
            switch (s.style()) {
                case PLAIN -> b.append(plain(text));
                case CODE -> b.append(text.isBlank() ? plain(text) : code(text));
                case STRONG -> b.append(emphasis ? emphasize(text) : plain(text));
            }
        }
        return b.toString();
    }

    private String emphasize(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return text;
        }
        int start = text.indexOf(trimmed);
        return text.substring(0, start) + strong(plain(trimmed)) + text.substring(start + trimmed.length());
    }
}
