package dev.podtriage.api;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The {@code at=} query parameter shared by every diagnosing endpoint. */
public final class EvaluationInstant {
    private EvaluationInstant() {
    }

    /** {@code at} as an instant, or the clock's now when absent; 400 when it is not ISO-8601. */
    public static Instant parse(String at, Clock clock) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(at.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(at.trim());
            } catch (DateTimeParseException e2) {
                throw ProblemException.badRequest("`at` must be an ISO-8601 instant such as 2026-11-27T10:00:00Z, not '" + at + "'.");
            }
        }
    }
}
