package dev.podtriage.diagnosis.rules;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A family's wordings, one row each, in the order they are tried: the first row found in a text decides what it
 * means. The catalog's detection text of a rule lists the rows of that rule, so it is generated from the table and
 * cannot drift from it.
 */
public final class SignatureTable<S> {
    private final List<Wording<S>> rows;

    SignatureTable(List<Wording<S>> rows) {
        this.rows = List.copyOf(rows);
    }

    List<Wording<S>> rows() {
        return rows;
    }

    /** The patterns of the rows (PatternLinearityTest reads them from every table the engine declares). */
    public List<Pattern> patterns() {
        return rows.stream().map(Wording::pattern).toList();
    }

    /** Whether the text is a wording of that signature. */
    boolean says(S signature, String text) {
        return first(signature, text).isPresent();
    }

    /** The first row found in the text. */
    Optional<Wording.Hit<S>> first(String text) {
        return first(s -> true, text);
    }

    /** The first row of the signatures chosen that is found in the text. */
    Optional<Wording.Hit<S>> first(Predicate<S> which, String text) {
        for (Wording<S> row : rows) {
            if (which.test(row.signature())) {
                Optional<Wording.Hit<S>> hit = row.in(text);
                if (hit.isPresent()) {
                    return hit;
                }
            }
        }
        return Optional.empty();
    }

    /** The first row of one signature found in the text. */
    Optional<Wording.Hit<S>> first(S signature, String text) {
        return first(signature::equals, text);
    }

    /** Every occurrence in the text of the first row of a signature found in it (a wording repeated for each container). */
    List<Wording.Hit<S>> all(S signature, String text) {
        for (Wording<S> row : rows) {
            if (row.signature().equals(signature)) {
                List<Wording.Hit<S>> hits = new java.util.ArrayList<>();
                java.util.regex.Matcher m = row.pattern().matcher(text == null ? "" : text);
                while (m.find()) {
                    hits.add(row.hit(m));
                }
                if (!hits.isEmpty()) {
                    return hits;
                }
            }
        }
        return List.of();
    }

    /** What the first row of the signatures chosen that extracts it finds in the text under that name. */
    Optional<String> extract(Predicate<S> which, String name, String text) {
        return first(s -> which.test(s), text, name);
    }

    private Optional<String> first(Predicate<S> which, String text, String name) {
        for (Wording<S> row : rows) {
            if (which.test(row.signature()) && row.extracts().contains(name)) {
                Optional<String> v = row.in(text).map(h -> h.get(name));
                if (v.isPresent()) {
                    return v;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A rule's detection text: what the rule looks at (written by the family), then the wordings of its rows
     * (generated), then what else decides it.
     */
    String detection(Predicate<S> which, String lead, String more) {
        List<String> shown = rows.stream().filter(r -> which.test(r.signature())).map(Wording::shown).toList();
        if (shown.isEmpty()) {
            throw new IllegalStateException("no wording in the table for: " + lead);
        }
        return lead + " " + String.join("; ", shown) + "." + (more.isEmpty() ? "" : " " + more);
    }
}
