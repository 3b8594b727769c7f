package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T09:50:12Z", "2026-11-27T09:50:12.5Z", "2026-11-27T09:50:12.123456Z",
        "2026-11-27T09:50:12.123456789Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "2026-11-27T10:50:12+01:00",
        "2026-11-27T09:50:12.000001-05:30"})
    void agreesWithTheJavaTimeParser(String text) {
        assertEquals(OffsetDateTime.parse(text).toInstant(), Timestamps.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "yesterday", "2026-13-27T09:50:12Z", "2026-02-30T09:50:12Z", "2026-11-27T24:00:00Z",
        "2026-11-27 09:50:12Z", "2026-11-27T09:50:12.1234567890Z", "2026-11-27T09:5a:12Z",
        "2026-11-27T09:50:12"})
    void refusesWhatIsNotATimestamp(String text) {
        assertNull(Timestamps.parse(text));
    }

    @Test
    void humanDurationsReadLikeKubectl() {
        assertEquals("45s", Timestamps.human(Duration.ofSeconds(45)));
        assertEquals("12m", Timestamps.human(Duration.ofMinutes(12)));
        assertEquals("3h20m", Timestamps.human(Duration.ofMinutes(200)));
        assertEquals("2d4h", Timestamps.human(Duration.ofHours(52)));
        assertEquals(Instant.parse("2026-11-27T09:50:12Z"), Timestamps.parse(" 2026-11-27T09:50:12Z "));
    }

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
