package dev.podtriage.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text: the forms of {@link SecretForm} (credentials in {@code key=value},
 * {@code "key": "value"} and {@code --option value} form, Authorization headers, bearer tokens, AWS
 * access keys, JWTs, URL passwords, PEM private keys, Slack and GitHub tokens), plus configured
 * patterns. A pattern with a group masks only its first participating group (so
 * {@code password=***} still says what was hidden). The engine passes every string of a diagnosis
 * through it ({@link DiagnosisEngine}).
 */
public final class Redactor {
    public static final String MASK = "***";

    private final List<Pattern> extra;

    public Redactor(List<String> extra) {
        List<Pattern> compiled = new ArrayList<>();
        for (String p : extra) {
            compiled.add(Pattern.compile(p));
        }
        this.extra = List.copyOf(compiled);
    }

    public static Redactor standard() {
        return new Redactor(List.of());
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        String lower = text.toLowerCase(Locale.ROOT);
        for (SecretForm form : SecretForm.values()) {
            if (form.mightOccurIn(lower)) {
                out = mask(out, form.pattern());
            }
        }
        for (Pattern p : extra) {
            out = mask(out, p);
        }
        return out;
    }

    private static String mask(String text, Pattern p) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        do {
            int g = firstGroup(m);
            sb.append(text, last, m.start(g)).append(MASK);
            last = m.end(g);
        } while (m.find());
        return sb.append(text, last, text.length()).toString();
    }

    /** The first group that took part in the match, or 0 (the whole match). */
    private static int firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.start(g) >= 0) {
                return g;
            }
        }
        return 0;
    }
}
