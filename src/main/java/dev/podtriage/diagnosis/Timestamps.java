package dev.podtriage.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Kubernetes timestamps (RFC 3339, with or without fractional seconds) and human durations. */
public final class Timestamps {
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Timestamps() {
    }

    /** The instant, or null when the text is absent or not a timestamp. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(text.trim()).toInstant();
            // RFC 3339 has four-digit years: anything beyond is not a timestamp (and keeps the rules' time arithmetic far from overflow)
            return t.isBefore(EARLIEST) || t.isAfter(LATEST) ? null : t;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** kubectl-like short duration: 45s, 12m, 3h20m, 2d4h. */
    public static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 48) {
            return m % 60 == 0 ? h + "h" : h + "h" + (m % 60) + "m";
        }
        long days = h / 24;
        return h % 24 == 0 ? days + "d" : days + "d" + (h % 24) + "h";
    }
}
