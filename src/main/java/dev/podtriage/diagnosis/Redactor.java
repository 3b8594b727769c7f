package dev.podtriage.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text quoted from the cluster (log tails above all): credentials in
 * {@code key=value} form, Authorization headers, AWS access keys, JWTs, plus configured patterns.
 * A pattern with a group masks only the group (so {@code password=***} still says what was hidden).
 */
public final class Redactor {
    public static final String MASK = "***";
    private static final List<Pattern> BUILT_IN = List.of(
            // password=..., token: ..., "secret": "..." (keeps the key, masks the value)
            // (a value in backticks is pod-triage's own quoting of an object name, not a secret)
            Pattern.compile("(?i)(?<![a-z0-9])(?:pass(?:word|wd)?|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|credentials?)"
                    + "[\"']?\\s*[=:]\\s*[\"']?(?!`)([^\\s\"'`&,;]+)"),
            Pattern.compile("(?i)authorization\\s*[:=]\\s*(?:bearer|basic|token)?\\s*([^\\s\"',;]+)"),
            Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9\\-._~+/]{8,}=*)"),
            Pattern.compile("\\b((?:AKIA|ASIA)[A-Z0-9]{16})\\b"),
            Pattern.compile("(?i)aws_secret_access_key\\s*[=:]\\s*([A-Za-z0-9/+=]{40})"),
            Pattern.compile("\\b(eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,})"),
            // user:password@host in URLs
            Pattern.compile("://[^/\\s:@]+:([^/\\s@]+)@"));

    /**
     * Every built-in pattern needs one of these (lower-cased) in the text: most texts have none and
     * skip the regular expressions entirely, which keeps redaction off the report's hot path.
     */
    private static final String[] TRIGGERS = {"pass", "secret", "token", "key", "credential", "authorization", "bearer",
        "akia", "asia", "eyj", "://"};

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
        String out = mightHoldSecrets(text) ? mask(text, BUILT_IN) : text;
        return extra.isEmpty() ? out : mask(out, extra);
    }

    private static boolean mightHoldSecrets(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String t : TRIGGERS) {
            if (lower.contains(t)) {
                return true;
            }
        }
        return false;
    }

    private static String mask(String text, List<Pattern> patterns) {
        String out = text;
        for (Pattern p : patterns) {
            Matcher m = p.matcher(out);
            if (!m.find()) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            int last = 0;
            do {
                int start = m.groupCount() >= 1 && m.group(1) != null ? m.start(1) : m.start();
                int end = m.groupCount() >= 1 && m.group(1) != null ? m.end(1) : m.end();
                sb.append(out, last, start).append(MASK);
                last = end;
            } while (m.find());
            sb.append(out.substring(last));
            out = sb.toString();
        }
        return out;
    }
}
