package dev.podtriage.testing;

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
 * Golden files under {@code src/test/resources/golden/<dir>/<file>}, for every test that compares
 * a rendering with a committed file. Text is compared exactly, JSON as trees.
 * {@code -Dgolden.update=true} (re)writes the files instead: read the diff before committing it.
 */
public final class Golden {
    static final Path DIR = Path.of("src", "test", "resources", "golden");
    private static final String UPDATE_HINT = "regenerate with -Dgolden.update=true if the change is intended";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Golden() {
    }

    public static void assertText(String dir, String file, String actual) {
        Path path = DIR.resolve(dir).resolve(file);
        if (update()) {
            write(path, actual);
            return;
        }
        assertExists(path);
        assertEquals(read(path), actual, () -> path + " differs (" + UPDATE_HINT + ")");
    }

    public static void assertJson(String dir, String file, String actualJson) {
        try {
            assertJson(dir, file, MAPPER.readTree(actualJson));
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + actualJson, e);
        }
    }

    public static void assertJson(String dir, String file, JsonNode actual) {
        Path path = DIR.resolve(dir).resolve(file);
        if (update()) {
            try {
                write(path, MAPPER.writeValueAsString(actual) + "\n");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        assertExists(path);
        try {
            JsonNode expected = MAPPER.readTree(read(path));
            assertEquals(expected, actual, () -> path + " differs (" + UPDATE_HINT + "); actual:\n" + actual.toPrettyString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(path + " is not JSON", e);
        }
    }

    private static boolean update() {
        return Boolean.getBoolean("golden.update");
    }

    private static void assertExists(Path path) {
        assertTrue(Files.exists(path), () -> path + " is missing: run the test with -Dgolden.update=true, read and commit it");
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
