package dev.podtriage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code triage.*} setting of the {@code @ConfigMapping} interfaces has Javadoc on its method and
 * a row in the README's configuration table, and the table names no setting that does not exist.
 */
class ConfigDocsTest {
    /** Every {@code @ConfigMapping} of the service, found on the classpath: a new one cannot be left out. */
    static final List<Class<?>> MAPPINGS = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.podtriage").stream()
            .filter(c -> c.isAnnotatedWith(ConfigMapping.class))
            .map(JavaClass::reflect)
            .sorted(java.util.Comparator.comparing(Class::getName))
            .toList();
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern RELATIVE = Pattern.compile("[a-z][a-z0-9-]*");

    /** A setting: its name ({@code *} for a map key) and the method that declares it. */
    record Setting(String name, Method method) {
    }

    @Test
    void everySettingHasJavadoc() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (Setting s : settings()) {
            Class<?> top = s.method().getDeclaringClass();
            while (top.getEnclosingClass() != null) {
                top = top.getEnclosingClass();
            }
            String source = Files.readString(Path.of("src/main/java", top.getName().replace('.', '/') + ".java"));
            if (!documented(source, s.method().getDeclaringClass().getSimpleName(), s.method().getName())) {
                undocumented.add(s.name() + " (" + s.method().getDeclaringClass().getSimpleName() + "." + s.method().getName() + ")");
            }
        }
        assertEquals(List.of(), undocumented, "settings without Javadoc on their method");
    }

    @Test
    void readmeTableHasOneRowPerSettingAndNoOther() throws IOException {
        Set<String> declared = new TreeSet<>();
        settings().forEach(s -> declared.add(s.name()));
        Set<String> documented = readmeSettings(Files.readString(Path.of("README.md")));
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(declared);
        assertEquals(Set.of(), missing, "settings without a row in README's Configuration table");
        assertEquals(Set.of(), unknown, "README rows for settings that do not exist");
    }

    /** The parsers can fail: a row's relative names and placeholders are read as the full names. */
    @Test
    void readmeRowsAreReadAsFullNames() {
        String readme = """
                ## Configuration

                | property (env var) | default | meaning |
                | --- | --- | --- |
                | `KUBECONFIG`, `quarkus.kubernetes-client.*` | | which cluster |
                | `triage.sandbox.enabled` (`TRIAGE_SANDBOX_ENABLED`) | `false` | sandbox |
                | `triage.notify.sinks.<name>.namespaces` / `exclude-namespaces` | all | filters |

                | other | table |
                | `triage.not.this` | |
                """;
        assertEquals(Set.of("triage.sandbox.enabled", "triage.notify.sinks.*.namespaces",
                "triage.notify.sinks.*.exclude-namespaces"), readmeSettings(readme));
        assertTrue(documented("interface A {\n /** Doc. */\n @WithDefault(\"1\")\n int x();\n}", "A", "x"));
        assertTrue(!documented("interface A {\n /** Doc. */\n int y();\n\n int x();\n}", "A", "x"));
    }

    static Set<String> readmeSettings(String readme) {
        Set<String> out = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^## Configuration$").matcher(readme);
        assertTrue(heading.find(), "README has a Configuration section");
        int start = heading.start();
        boolean inTable = false;
        for (String line : readme.substring(start).lines().skip(1).toList()) {
            if (line.startsWith("|")) {
                inTable = true;
                String first = line.split("\\|")[1];
                String base = null;
                Matcher m = TICKED.matcher(first);
                while (m.find()) {
                    String token = m.group(1).replaceAll("<[^>]+>", "*");
                    if (token.startsWith("triage.")) {
                        base = token;
                        out.add(token);
                    } else if (base != null && RELATIVE.matcher(token).matches()) {
                        out.add(base.substring(0, base.lastIndexOf('.') + 1) + token);
                    }
                }
            } else if (inTable) {
                break;
            } else if (line.startsWith("## ")) {
                break;
            }
        }
        return out;
    }

    /** Whether the declaration {@code name()} inside {@code interface owner} is preceded by a Javadoc comment. */
    static boolean documented(String source, String owner, String name) {
        int body = source.indexOf("interface " + owner + " ");
        if (body < 0) {
            return false;
        }
        Matcher decl = Pattern.compile("(/\\*\\*(?:(?!\\*/).)*\\*/)?(\\s*@[\\w.]+(?:\\([^)]*\\))?)*\\s*[\\w<>,.? ]+\\s+"
                + Pattern.quote(name) + "\\(\\)\\s*;", Pattern.DOTALL).matcher(source);
        int depth = 0;
        int end = source.length();
        for (int i = source.indexOf('{', body); i < source.length(); i++) {
            char c = source.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                end = i;
                break;
            }
        }
        decl.region(body, end);
        while (decl.find()) {
            int declStart = decl.start();
            String before = source.substring(body, declStart);
            // the declaration belongs to owner itself, not to a nested interface
            if (braces(before) == 1 || declStart == body) {
                return decl.group(1) != null;
            }
        }
        return false;
    }

    private static int braces(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        return depth;
    }

    static List<Setting> settings() {
        Map<String, Setting> out = new TreeMap<>();
        for (Class<?> mapping : MAPPINGS) {
            walk(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, out);
        }
        return new ArrayList<>(out.values());
    }

    private static void walk(String prefix, Class<?> group, Map<String, Setting> out) {
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() > 0 || Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
                continue;
            }
            WithName withName = m.getAnnotation(WithName.class);
            String name = m.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (withName != null ? withName.value() : kebab(m.getName()));
            Type type = m.getGenericReturnType();
            if (isGroup(m.getReturnType())) {
                walk(name, m.getReturnType(), out);
            } else if (m.getReturnType() == Map.class && type instanceof ParameterizedType p
                    && p.getActualTypeArguments()[1] instanceof Class<?> value && isGroup(value)) {
                walk(name + ".*", value, out);
            } else {
                String key = m.getReturnType() == Map.class ? name + ".*" : name;
                out.put(key, new Setting(key, m));
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getName().startsWith("dev.podtriage.");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
