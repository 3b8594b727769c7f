package dev.podtriage.chatops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden replies under {@code src/test/resources/golden/chatops/}; {@code -Dgolden.update=true} rewrites them. */
final class ChatGolden {
    static final Path DIR = Path.of("src", "test", "resources", "golden", "chatops");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ChatGolden() {
    }

    static void assertJson(String file, String actualJson) {
        Path path = DIR.resolve(file);
        try {
            JsonNode actual = MAPPER.readTree(actualJson);
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(path, MAPPER.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
                return;
            }
            assertTrue(Files.exists(path), () -> path + " is missing: run the test with -Dgolden.update=true, read and commit it");
            assertEquals(MAPPER.readTree(Files.readString(path, StandardCharsets.UTF_8)), actual,
                    () -> path + " differs (regenerate with -Dgolden.update=true if the change is intended); actual:\n" + actual.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
