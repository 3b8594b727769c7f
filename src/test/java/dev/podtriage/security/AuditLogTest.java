package dev.podtriage.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The audit log writes what happened, not once per request: identical lines are counted. */
class AuditLogTest {
    private final AtomicLong now = new AtomicLong();
    private final List<String> lines = new ArrayList<>();

    private AuditLog log(boolean enabled, Duration coalesce) {
        return new AuditLog(enabled, coalesce, now::get, (level, line) -> lines.add(level + " " + line));
    }

    @Test
    void identicalLinesWithinAnIntervalBecomeOneLineAndACount() {
        AuditLog audit = log(true, Duration.ofMinutes(1));
        for (int i = 0; i < 1000; i++) {
            audit.request("ci", "GET", "/api/v1/rules", 200);
        }
        audit.request("ci", "GET", "/api/v1/rules/{id}", 404);
        audit.request("dashboard", "GET", "/api/v1/rules", 200);
        assertEquals(List.of("INFO token=ci GET /api/v1/rules -> 200", "INFO token=ci GET /api/v1/rules/{id} -> 404",
                "INFO token=dashboard GET /api/v1/rules -> 200"), lines);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        audit.flush();
        assertEquals(3, lines.size(), "the interval has not ended");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        audit.flush();
        assertEquals("INFO token=ci GET /api/v1/rules -> 200 (999 more within 60 s)", lines.get(3));
        assertEquals(4, lines.size(), "lines that were not repeated need no count");
        audit.request("ci", "GET", "/api/v1/rules", 200);
        assertEquals("INFO token=ci GET /api/v1/rules -> 200", lines.get(4), "a new interval starts with the line itself");
    }

    @Test
    void aLineAfterTheIntervalCarriesTheCountOfTheLastOne() {
        AuditLog audit = log(true, Duration.ofSeconds(10));
        audit.request("-", "POST", "/api/v1/diagnose", 401);
        audit.request("-", "POST", "/api/v1/diagnose", 401);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        audit.request("-", "POST", "/api/v1/diagnose", 401);
        assertEquals(List.of("WARN token=- POST /api/v1/diagnose -> 401", "WARN token=- POST /api/v1/diagnose -> 401 (1 more within 10 s)",
                "WARN token=- POST /api/v1/diagnose -> 401"), lines);
    }

    @Test
    void disabledKeepsOnlyDenials() {
        AuditLog audit = log(false, Duration.ZERO);
        audit.request("ci", "GET", "/api/v1/rules", 200);
        audit.request("ci", "GET", "/api/v1/namespaces/{namespace}/diagnoses", 403);
        audit.request("-", "GET", "/api/v1/rules", 401);
        audit.request("-", "GET", "/api/v1/rules", 401);
        assertEquals(List.of("WARN token=ci GET /api/v1/namespaces/{namespace}/diagnoses -> 403", "WARN token=- GET /api/v1/rules -> 401",
                "WARN token=- GET /api/v1/rules -> 401"), lines, "0s writes every request");
    }

    @Test
    void closingWritesPendingCounts() {
        AuditLog audit = log(true, Duration.ofMinutes(1));
        audit.request("ci", "GET", "/api/v1/diagnoses", 200);
        audit.request("ci", "GET", "/api/v1/diagnoses", 200);
        audit.close();
        assertEquals(List.of("INFO token=ci GET /api/v1/diagnoses -> 200", "INFO token=ci GET /api/v1/diagnoses -> 200 (1 more within 60 s)"), lines);
    }

}
