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
        String t = text.trim();
        Instant fast = parseUtc(t);
        if (fast != null) {
            return fast;
        }
        try {
            Instant parsed = OffsetDateTime.parse(t).toInstant();
            // RFC 3339 has four-digit years: anything beyond is not a timestamp (and keeps the rules' time arithmetic far from overflow)
            return parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST) ? null : parsed;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The form the API server writes, {@code 2026-11-27T09:50:12Z} with optional fraction, read
     * without the general formatter: reports parse a timestamp per event, and the formatter is the
     * slowest part of a diagnosis. Anything else (offsets, odd widths) falls back to it.
     */
    private static Instant parseUtc(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int digitsEnd = n - 1;
            if (t.charAt(19) != '.' || digitsEnd - 20 < 1 || digitsEnd - 20 > 9) {
                return null;
            }
            int fraction = digits(t, 20, digitsEnd - 20);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = digitsEnd - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (n != 20) {
            return null;
        }
        try {
            long days = java.time.LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The non-negative number in {@code t[from, from+len)}, or -1 when it is not all digits. */
    private static int digits(String t, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
