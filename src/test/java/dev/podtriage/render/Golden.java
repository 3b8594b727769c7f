package dev.podtriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/<renderer>/<case>.<ext>}. Text is compared
 * exactly, JSON as trees. {@code -Dgolden.update=true} (re)writes the files instead: read the diff
 * before committing it.
 */
final class Golden {
    static final Path DIR = Path.of("src", "test", "resources", "golden");
    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Golden() {
    }

    static void assertText(String renderer, String file, String actual) {
        Path path = DIR.resolve(renderer).resolve(file);
        if (UPDATE) {
            write(path, actual);
            return;
        }
        assertTrue(Files.exists(path), () -> path + " is missing: run the test with -Dgolden.update=true, read and commit it");
        assertEquals(read(path), actual, () -> path + " differs (regenerate with -Dgolden.update=true if the change is intended)");
    }

    static void assertJson(String renderer, String file, JsonNode actual) {
        Path path = DIR.resolve(renderer).resolve(file);
        if (UPDATE) {
            try {
                write(path, MAPPER.writeValueAsString(actual) + "\n");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        assertTrue(Files.exists(path), () -> path + " is missing: run the test with -Dgolden.update=true, read and commit it");
        try {
            JsonNode expected = MAPPER.readTree(read(path));
            assertEquals(expected, actual, () -> path + " differs (regenerate with -Dgolden.update=true if the change is intended); actual:\n"
                    + actual.toPrettyString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(path + " is not JSON", e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path path, String content) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
