package dev.podtriage.diagnosis.input;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a refusal says stays short: the offending value is quoted, never echoed whole. */
class ManifestReaderLimitsTest {
    private final ManifestReader reader = new ManifestReader();

    @Test
    void aHugeValueOfTheWrongTypeIsQuotedShort() {
        String huge = "💥".repeat(20_000);
        ManifestException e = assertThrows(ManifestException.class,
                () -> reader.read("{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":\"" + huge + "\"}]}", false));
        assertTrue(e.getMessage().length() < 600, () -> "short: " + e.getMessage().length() + " characters");
        assertTrue(e.getMessage().contains("items[0] (Pod)") && e.getMessage().contains("at metadata"), e::getMessage);
        assertTrue(e.getMessage().contains("💥…"), () -> "quotes the start of the value: " + e.getMessage());
    }

    @Test
    void aHugeKindIsQuotedShort() {
        String kind = "x".repeat(50_000);
        ManifestException e = assertThrows(ManifestException.class, () -> reader.read("{\"kind\":\"" + kind + "\"}", false));
        assertTrue(e.getMessage().length() < 300, () -> "short: " + e.getMessage().length() + " characters");
        ManifestException list = assertThrows(ManifestException.class, () -> reader.read("{\"kind\":\"" + kind + "List\"}", false));
        assertTrue(list.getMessage().length() < 300, () -> "short: " + list.getMessage().length() + " characters");
    }
}
