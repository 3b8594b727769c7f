package dev.podtriage.diagnosis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The grammar of the opt-out annotation: {@code ;}-separated {@code key=value} pairs,
 * {@code rule=a,b} (absent: every rule), {@code until=} (required: a date {@code YYYY-MM-DD},
 * through the end of that day UTC, or an RFC 3339 instant) and {@code reason=} (free text). Pure:
 * whether it has expired is the caller's question ({@link OptOuts}).
 */
public final class IgnoreAnnotation {
    public static final String KEY = "pod-triage.dev/ignore";
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> KEYS = Set.of("rule", "until", "reason");

    private IgnoreAnnotation() {
    }

    /**
     * A well-formed annotation.
     *
     * @param rules    the rule IDs it names; empty for every rule
     * @param ruleText the rule IDs as written (joined by {@code ,}), null for every rule
     */
    public record Parsed(Set<String> rules, String ruleText, Instant until, String reason) {
        public boolean covers(String rule) {
            return rules.isEmpty() || rules.contains(rule);
        }
    }

    /** Either {@code parsed} or {@code problem} (what is wrong, in words) is set. */
    public record Result(Parsed parsed, Prose problem) {
        static Result bad(Object... pieces) {
            return new Result(null, Prose.of(pieces));
        }
    }

    /** Parses one value; {@code knownRules} are the rule IDs a {@code rule=} may name. */
    public static Result parse(String value, Set<String> knownRules) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String part : value == null ? new String[0] : value.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                return Result.bad(Prose.code(part.strip()), " is not key=value");
            }
            String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) {
                return Result.bad("unknown key ", Prose.code(key), " (rule, until, reason)");
            }
            if (pairs.put(key, part.substring(eq + 1).strip()) != null) {
                return Result.bad(Prose.code(key + "="), " given twice");
            }
        }
        String until = pairs.get("until");
        if (until == null || until.isEmpty()) {
            return Result.bad("no until= (an opt-out must expire: until=YYYY-MM-DD or an RFC 3339 instant)");
        }
        Instant end = until(until);
        if (end == null) {
            return Result.bad(Prose.code("until=" + until), " is neither a date YYYY-MM-DD nor an RFC 3339 instant");
        }
        Set<String> rules = new LinkedHashSet<>();
        String ruleText = pairs.get("rule");
        if (ruleText != null) {
            for (String r : ruleText.split(",")) {
                String id = r.strip();
                if (id.isEmpty()) {
                    continue;
                }
                if (!knownRules.contains(id)) {
                    return Result.bad("unknown rule ID ", Prose.code(id), " (GET /api/v1/rules lists them)");
                }
                rules.add(id);
            }
            if (rules.isEmpty()) {
                return Result.bad("rule= names no rule ID (leave it out to cover every rule)");
            }
        }
        String reason = pairs.get("reason");
        return new Result(new Parsed(Set.copyOf(rules), rules.isEmpty() ? null : String.join(",", rules), end,
                reason == null || reason.isEmpty() ? null : reason), null);
    }

    /** The instant a date (the next midnight UTC) or an RFC 3339 instant ends the opt-out; null when it is neither. */
    static Instant until(String text) {
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
