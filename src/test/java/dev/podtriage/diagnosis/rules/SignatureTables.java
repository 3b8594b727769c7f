package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the tests of the signature tables share: the fixtures' texts, the wordings of a section of wordings.md, sample texts. */
final class SignatureTables {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private SignatureTables() {
    }

    /** Every string of every fixture (messages, reasons, ...), as the engine reads them. */
    static List<String> fixtureTexts() {
        try {
            Path root = Path.of(Objects.requireNonNull(SignatureTables.class.getResource("/fixtures")).toURI());
            List<String> out = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    ObjectMapper mapper = p.toString().endsWith(".json") ? JSON : YAML;
                    try (MappingIterator<JsonNode> docs = mapper.readerFor(JsonNode.class).readValues(p.toFile())) {
                        while (docs.hasNext()) {
                            strings(docs.next(), out);
                        }
                    }
                }
            }
            return out;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static void strings(JsonNode node, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.elements().forEachRemaining(n -> strings(n, out));
    }

    /** The rows whose wording no fixture carries. */
    static <S> List<String> rowsWithoutFixture(SignatureTable<S> table) {
        List<String> texts = fixtureTexts();
        return table.rows().stream().filter(r -> texts.stream().noneMatch(t -> r.in(t).isPresent()))
                .map(r -> r.signature() + " `" + r.format() + "`").toList();
    }

    /** The rows that do not find a sample of their own format (the format and the pattern disagree). */
    static <S> List<String> rowsMissingTheirOwnFormat(SignatureTable<S> table) {
        return table.rows().stream().filter(r -> samples(r.format()).stream().allMatch(x -> r.in(x).isEmpty())).map(r -> "`" + r.format() + "` /" + r.pattern() + "/").toList();
    }

    /**
     * The code spans of a section of {@code ../shared/spec/wordings.md} (from the heading starting with {@code heading} to the next
     * {@code ## } heading) that look like wordings: text with a space, minus the ones named as not being a wording of this family.
     */
    static List<String> wordings(String heading, Set<String> notWordings) throws IOException {
        Path file = Path.of("..", "shared", "spec", "wordings.md");
        assumeTrue(Files.exists(file), "no ../shared/spec/wordings.md beside this checkout");
        String spec = Files.readString(file);
        int start = spec.indexOf("\n## " + heading);
        if (start < 0) {
            throw new AssertionError("wordings.md has no section " + heading);
        }
        int end = spec.indexOf("\n## ", start + 4);
        String section = spec.substring(start, end < 0 ? spec.length() : end);
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(section);
        while (m.find()) {
            String w = m.group(1);
            if (w.contains(" ") && !notWordings.contains(w) && !out.contains(w)) {
                out.add(w);
            }
        }
        List<String> stale = notWordings.stream().filter(w -> !section.contains("`" + w + "`")).toList();
        if (!stale.isEmpty()) {
            throw new AssertionError("no longer in section " + heading + " of wordings.md, drop them from the exclusions: " + stale);
        }
        return out;
    }

    /** The wordings of a section that no row of the table finds in any sample of them. */
    static <S> List<String> wordingsWithoutRow(SignatureTable<S> table, String heading, Set<String> notWordings) throws IOException {
        return wordings(heading, notWordings).stream().filter(w -> samples(w).stream().allMatch(x -> table.first(x).isEmpty())).toList();
    }

    /** Values a verb may stand for: a word, a path, a list, a type name, a namespaced name. */
    private static final List<String> VALUES = List.of("x", "/x.go", "[x]", "Container", "ns/x");

    /** Texts the format produces, each with every verb replaced by one plausible value. */
    static List<String> samples(String format) {
        return VALUES.stream().map(v -> format.replace("%q", "\"x\"").replace("%d", "1").replace("%f", "1.5").replace("%s", v)
                .replace("%v", v).replace("%w", v).replace("…", v)).toList();
    }
}
