package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The {@code at=} query parameter shared by every diagnosing endpoint. */
public final class EvaluationInstant {
    private EvaluationInstant() {
    }

    /** The years Kubernetes timestamps can have (RFC 3339: four digits); the engine reads none beyond them. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** {@code at} as an instant, or the clock's now when absent; 400 when it is not ISO-8601. */
    public static Instant parse(String at, Clock clock) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        return parse("at", at);
    }

    /** The instant of query parameter {@code name}; null when absent, 400 when it is not ISO-8601. */
    static Instant parse(String name, String at) {
        if (at == null || at.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(at.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = Instant.parse(at.trim());
            } catch (DateTimeParseException e2) {
                throw ProblemException.badRequest("`" + name + "` must be an ISO-8601 instant such as 2026-11-27T10:00:00Z, not '" + quote(at) + "'.");
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ProblemException.badRequest("`" + name + "` must be an instant between the years 1 and 9999, such as 2026-11-27T10:00:00Z, not '"
                    + quote(at) + "'.");
        }
        return instant;
    }

    private static String quote(String at) {
        return at.length() <= 64 ? at : at.substring(0, 64) + "…";
    }
}
