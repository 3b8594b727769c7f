package dev.podtriage.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A build step (pom.xml, exec-maven-plugin at {@code package}, after Quarkus has written
 * {@code openapi/openapi.yaml}): quotes the instants the YAML document holds as plain scalars. Quarkus
 * writes them unquoted, and a YAML 1.1 reader (SnakeYAML, PyYAML, Ruby's) then reads a timestamp where
 * the document means a string. An {@code OASFilter} cannot change how the YAML is written, hence a
 * step after the writer; only whole values are quoted (a key's value or a list item), nothing else moves.
 */
public final class QuotedInstants {
    private static final Pattern PLAIN_INSTANT = Pattern.compile(
            "^(\\s*(?:- (?:[A-Za-z_][\\w.-]*: )?|[A-Za-z_][\\w.-]*: ))(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d))\\s*$",
            Pattern.MULTILINE);

    private QuotedInstants() {
    }

    static String quote(String yaml) {
        return PLAIN_INSTANT.matcher(yaml).replaceAll("$1\"$2\"");
    }

    public static void main(String[] args) throws IOException {
        for (String file : args) {
            Path path = Path.of(file);
            if (Files.exists(path)) {
                Files.writeString(path, quote(Files.readString(path, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            }
        }
    }
}
