package dev.podtriage.diagnosis.rules;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The shape check of an operator's regular expression: the forms that backtrack exponentially are refused
 * (a repeated group that itself repeats or alternates, such as {@code (a+)+} or {@code (a|ab)*}, and
 * back-references); what remains is at most polynomial, and runs on bounded input ({@link CustomRules#MAX_INPUT}).
 */
final class RegexShape {
    private RegexShape() {
    }

    /** Why the expression is refused, or null when its shape is accepted. */
    static String problem(String regex) {
        Deque<boolean[]> groups = new ArrayDeque<>(); // per open group: holds a repetition or an alternation
        boolean lastGroupRisky = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            boolean closedGroup = false;
            if (c == '\\' && i + 1 < regex.length()) {
                char n = regex.charAt(++i);
                if (Character.isDigit(n) && n != '0' || n == 'k') {
                    return "uses a back-reference (\\" + n + "), which can take exponential time";
                }
            } else if (c == '[') {
                i = endOfClass(regex, i);
            } else if (c == '(') {
                groups.push(new boolean[] {false});
            } else if (c == ')' && !groups.isEmpty()) {
                lastGroupRisky = groups.pop()[0];
                closedGroup = true;
            } else if (c == '|' && !groups.isEmpty()) {
                groups.peek()[0] = true;
            }
            int q = i + 1;
            if (q < regex.length() && repeats(regex, q)) {
                if (closedGroup && lastGroupRisky) {
                    return "repeats a group that itself repeats or alternates (like (a+)+ or (a|ab)*), which can take "
                            + "exponential time; write it without the nesting";
                }
                if (!groups.isEmpty()) {
                    groups.peek()[0] = true;
                }
            }
            if (closedGroup && lastGroupRisky && !groups.isEmpty()) {
                groups.peek()[0] = true;
            }
        }
        return null;
    }

    /** Whether the quantifier at {@code q} repeats ({@code *}, {@code +}, {@code {n,}}, {@code {n,m}} with m &gt; 1). */
    private static boolean repeats(String regex, int q) {
        char c = regex.charAt(q);
        if (c == '*' || c == '+') {
            return true;
        }
        if (c != '{') {
            return false;
        }
        int end = regex.indexOf('}', q);
        if (end < 0) {
            return false;
        }
        String body = regex.substring(q + 1, end);
        String[] bounds = body.split(",", -1);
        return bounds.length == 2 && (bounds[1].isBlank() || !bounds[1].trim().equals("1") && !bounds[1].trim().equals("0"));
    }

    private static int endOfClass(String regex, int start) {
        int depth = 0;
        for (int i = start; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && i > start + 1 && --depth == 0) {
                return i;
            }
        }
        return regex.length() - 1;
    }
}
