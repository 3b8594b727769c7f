package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluationInstantTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void absentIsNowAndIsoIsParsed() {
        assertEquals(CLOCK.instant(), EvaluationInstant.parse(null, CLOCK));
        assertEquals(Instant.parse("2026-11-27T09:00:00Z"), EvaluationInstant.parse("2026-11-27T10:00:00+01:00", CLOCK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "0000-06-01T00:00:00Z"})
    void instantsBeyondFourDigitYearsAre400(String at) {
        ProblemException e = assertThrows(ProblemException.class, () -> EvaluationInstant.parse(at, CLOCK));
        assertEquals(400, e.status());
    }

    @Test
    void aLongValueIsQuotedShort() {
        ProblemException e = assertThrows(ProblemException.class, () -> EvaluationInstant.parse("x".repeat(10_000), CLOCK));
        assertTrue(e.getMessage().length() < 200, e::getMessage);
    }
}
