package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.rules.SignatureTable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No pattern the engine runs on cluster text backtracks catastrophically. Not timed: every
 * {@code static final Pattern} (or collection of patterns) of the engine's classes runs over
 * adversarial texts that count {@code charAt} calls, and a pattern may read each character at most
 * {@link #READS_PER_CHAR} times. A pattern that is quadratic on some input reads it about n/2 times
 * per character and is stopped as soon as it passes the budget.
 */
class PatternLinearityTest {
    /** Measured: the engine's patterns read each character at most ~60 times on these inputs (bounded runs, lookbehinds). */
    static final int READS_PER_CHAR = 100;
    static final int N = 100_000;
    private static final String[] FILLERS = {"a", "1", ":", " ", "a1:", "a:1 ", "a.b-", "/", "\"", "aa\n", "a=1,"};
    /** What follows a pattern's own literal pieces: word characters, spaces, digits, separators. */
    private static final String[] AFTER_NEEDLE = {"a", " ", "1", "a:1", "\"", "a.b-"};

    @Test
    void everyEnginePatternIsLinear() throws Exception {
        Map<String, Pattern> patterns = enginePatterns();
        assertTrue(patterns.size() > 50, "found the engine's patterns: " + patterns.keySet());
        List<String> failures = new ArrayList<>();
        double worst = 0;
        for (Map.Entry<String, Pattern> e : patterns.entrySet()) {
            for (String input : adversarial(e.getValue())) {
                long reads = reads(e.getValue(), input);
                worst = Math.max(worst, (double) reads / input.length());
                if (reads < 0) {
                    failures.add(e.getKey() + " /" + e.getValue().pattern() + "/ on " + describe(input));
                    break;
                }
            }
        }
        System.out.printf("%d engine patterns, at most %.1f reads per character%n", patterns.size(), worst);
        assertTrue(failures.isEmpty(), "super-linear patterns:\n" + String.join("\n", failures));
    }

    /** The test itself catches the pattern of issue 8 (minutes on a 200K termination message). */
    @Test
    void catchesTheOldDependencyPattern() {
        Pattern old = Pattern.compile("([\\w.-]+:\\d+)[^\\n]{0,40}?[Cc]onnection refused");
        assertTrue(adversarial(old).stream().anyMatch(in -> reads(old, in) < 0), "the quadratic pattern is caught");
        Pattern bounded = Pattern.compile("(?<![\\w.-])([\\w.-]{1,253}:\\d{1,5})[^\\n]{0,40}?[Cc]onnection refused");
        assertFalse(adversarial(bounded).stream().anyMatch(in -> reads(bounded, in) < 0), "its linear form passes");
    }

    /** The charAt calls of finding every match in the input, or -1 once past the budget. */
    static long reads(Pattern p, String input) {
        CountingText text = new CountingText(input, (long) READS_PER_CHAR * input.length());
        try {
            Matcher m = p.matcher(text);
            while (m.find()) {
                // every match, as the rules and the redactor look for them
            }
            return text.reads;
        } catch (Budget b) {
            return -1;
        }
    }

    /** Long runs of one kind of character, and the pattern's own literal pieces repeated with fillers. */
    static List<String> adversarial(Pattern p) {
        List<String> inputs = new ArrayList<>();
        for (String f : FILLERS) {
            inputs.add(f.repeat(N / f.length()));
        }
        for (String needle : needles(p.pattern())) {
            inputs.add(needle.repeat(N / needle.length()));
            for (String f : AFTER_NEEDLE) {
                String unit = needle + f.repeat(Math.max(1, 24 / f.length()));
                inputs.add(unit.repeat(N / unit.length()));
                inputs.add(needle + f.repeat(N / f.length()));
            }
        }
        return inputs;
    }

    /** The literal stretches of a regular expression (at least 3 characters), e.g. "connection refused". */
    static List<String> needles(String regex) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char n = regex.charAt(++i);
                if (depth == 0 && !Character.isLetterOrDigit(n)) {
                    cur.append(n);
                    continue;
                }
                flush(cur, out);
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
                flush(cur, out);
                continue;
            }
            if (depth > 0 || "(){}|?*+.^$".indexOf(c) >= 0) {
                flush(cur, out);
                continue;
            }
            cur.append(c);
        }
        flush(cur, out);
        return out.stream().distinct().toList();
    }

    private static void flush(StringBuilder cur, List<String> out) {
        String s = cur.toString();
        if (s.length() >= 3) {
            out.add(s);
        }
        if (s.length() >= 6) {
            out.add(s.substring(0, s.length() / 2)); // a partial needle
        }
        cur.setLength(0);
    }

    /** Every static final Pattern, or collection of them, in the classes of dev.podtriage.diagnosis and below. */
    static Map<String, Pattern> enginePatterns() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(DiagnosisEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Pattern> out = new LinkedHashMap<>();
        List<Path> classes;
        try (Stream<Path> s = Files.walk(root.resolve("dev/podtriage/diagnosis"))) {
            classes = s.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        for (Path f : classes) {
            String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> type = Class.forName(name, true, PatternLinearityTest.class.getClassLoader());
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                field.setAccessible(true);
                Object v;
                try {
                    v = field.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                collect(type.getSimpleName() + "." + field.getName(), v, out);
            }
            if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    for (Field field : type.getDeclaredFields()) {
                        if (!Modifier.isStatic(field.getModifiers()) && field.getType() == Pattern.class) {
                            field.setAccessible(true);
                            try {
                                collect(type.getSimpleName() + "." + constant + "." + field.getName(), field.get(constant), out);
                            } catch (IllegalAccessException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void collect(String name, Object v, Map<String, Pattern> out) {
        if (v instanceof Pattern p) {
            out.put(name, p);
        } else if (v instanceof SignatureTable<?> t) {
            collect(name, t.patterns(), out);
        } else if (v instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                if (o instanceof Pattern p) {
                    out.put(name + "[" + i + "]", p);
                }
                i++;
            }
        }
    }

    private static String describe(String input) {
        return input.length() + " chars starting " + input.substring(0, Math.min(40, input.length())).replace("\n", "\\n");
    }

    private static final class Budget extends RuntimeException {
        Budget() {
            super(null, null, false, false);
        }
    }

    /** A text that counts how often it is read, and stops a matcher that reads too much. */
    private static final class CountingText implements CharSequence {
        private final String s;
        private final long budget;
        long reads;

        CountingText(String s, long budget) {
            this.s = s;
            this.budget = budget;
        }

        @Override
        public char charAt(int i) {
            if (++reads > budget) {
                throw new Budget();
            }
            return s.charAt(i);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.substring(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }

}
