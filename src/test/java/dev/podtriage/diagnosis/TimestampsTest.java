package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
        "0000-12-31T23:59:59Z", "2026-11-27 09:00:00", "2026-11-27T09:00:00", "yesterday", "1764234000", ""})
    void beyondRfc3339IsNoTimestamp(String text) {
        assertNull(Timestamps.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T09:00:00Z", "2026-11-27T09:00:00.123456Z", "2026-11-27T10:00:00+01:00", " 2026-11-27T09:00:00Z "})
    void kubernetesTimestampsParse(String text) {
        assertEquals(Instant.parse("2026-11-27T09:00:00Z"), Timestamps.parse(text).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"})
    void theEdgesOfFourDigitYearsParse(String text) {
        assertEquals(Instant.parse(text), Timestamps.parse(text));
    }
}
