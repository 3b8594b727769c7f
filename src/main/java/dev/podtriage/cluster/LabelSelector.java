package dev.podtriage.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector ({@code app=web,tier!=db,env in (prod,stage),!canary,release}),
 * evaluated in memory against cached objects. Parsing rejects what the API server would reject.
 */
public final class LabelSelector {
    /** A label key: optional DNS-subdomain prefix and a name of at most 63 characters. */
    private static final String KEY = "(?:[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
    private static final String VALUE = "(?:[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?";
    private static final Pattern SET = Pattern.compile("^(" + KEY + ")\\s+(in|notin)\\s+\\(([^)]*)\\)$");
    private static final Pattern EQ = Pattern.compile("^(" + KEY + ")\\s*(==|=|!=)\\s*(" + VALUE + ")$");
    private static final Pattern EXISTS = Pattern.compile("^(!?)\\s*(" + KEY + ")$");
    private static final Pattern VALUE_ONLY = Pattern.compile("^" + VALUE + "$");

    private record Requirement(String key, String op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case "exists" -> v != null;
                case "!" -> v == null;
                case "=", "==", "in" -> v != null && values.contains(v);
                default -> v == null || !values.contains(v); // != and notin match a missing label, as in Kubernetes
            };
        }
    }

    private final List<Requirement> requirements;
    private final String text;

    private LabelSelector(List<Requirement> requirements, String text) {
        this.requirements = requirements;
        this.text = text;
    }

    public static LabelSelector everything() {
        return new LabelSelector(List.of(), "");
    }

    /** Parses a selector; {@link IllegalArgumentException} with the reason when it is invalid. */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return everything();
        }
        List<Requirement> reqs = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty requirement in label selector '" + selector + "'");
            }
            Matcher m;
            if ((m = SET.matcher(p)).matches()) {
                List<String> values = new ArrayList<>();
                for (String v : m.group(5).split(",")) {
                    String vs = v.strip();
                    if (!VALUE_ONLY.matcher(vs).matches()) {
                        throw new IllegalArgumentException("invalid label value '" + vs + "' in '" + p + "'");
                    }
                    values.add(vs);
                }
                reqs.add(new Requirement(m.group(1), m.group(4), Set.copyOf(values)));
            } else if ((m = EQ.matcher(p)).matches()) {
                reqs.add(new Requirement(m.group(1), m.group(4), Set.of(m.group(5))));
            } else if ((m = EXISTS.matcher(p)).matches()) {
                reqs.add(new Requirement(m.group(2), m.group(1).isEmpty() ? "exists" : "!", Set.of()));
            } else {
                throw new IllegalArgumentException("cannot parse '" + p + "': expected key=value, key!=value, "
                        + "key in (a,b), key notin (a,b), key or !key, with keys and values of letters, digits, '-', '_' and '.'");
            }
        }
        return new LabelSelector(List.copyOf(reqs), selector.strip());
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) { // per pod of every report: no stream
            if (!r.matches(l)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Splits on commas that are not inside "( … )". */
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("unbalanced ')' in label selector '" + s + "'");
                }
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced '(' in label selector '" + s + "'");
        }
        out.add(s.substring(start));
        return out;
    }
}
