package dev.podtriage.diagnosis.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of a signature table: one wording of Kubernetes or a runtime (as {@code shared/spec/wordings.md} gives it),
 * the signature it stands for, and what it extracts. The pattern is matched case-insensitively (wordings.md,
 * "Matching"); its named groups ({@code (?<secret>…)}) are what the row extracts, so a row cannot claim to extract
 * something it does not.
 *
 * @param signature what the wording means (an enum of the family's table, naming its rule)
 * @param format    the wording as its source writes it ({@code secret %q not found}); the catalog's detection text shows it
 * @param pattern   how it is found in a message
 * @param source    who writes it, in which versions
 */
record Wording<S>(S signature, String format, Pattern pattern, String source) {
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    static <S> Wording<S> of(S signature, String format, String regex, String source) {
        return new Wording<>(signature, format, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), source);
    }

    /** The names of what this wording extracts, in the order they appear. */
    List<String> extracts() {
        List<String> names = new ArrayList<>();
        Matcher m = NAMED_GROUP.matcher(pattern.pattern());
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The wording found in a text, with what it extracts. */
    Optional<Hit<S>> in(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(hit(m)) : Optional.empty();
    }

    /** What the current match of this row's pattern extracts (names whose group took part; absent otherwise). */
    Hit<S> hit(Matcher m) {
        Map<String, String> values = new HashMap<>();
        for (String name : extracts()) {
            String v = m.group(name);
            if (v != null) {
                values.put(name, v);
            }
        }
        return new Hit<>(this, Map.copyOf(values));
    }

    /** How the catalog's detection text names this row: the format and what it extracts. */
    String shown() {
        List<String> x = extracts();
        return "`" + format + "`" + (x.isEmpty() ? "" : " (→ " + String.join(", ", x) + ")");
    }

    /** A wording found in a text. */
    record Hit<S>(Wording<S> row, Map<String, String> extracted) {
        S signature() {
            return row.signature();
        }

        /** What the row extracts under that name; null when the row does not extract it or the text left it out. */
        String get(String name) {
            return extracted.get(name);
        }
    }
}
