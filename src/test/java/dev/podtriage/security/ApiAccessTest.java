package dev.podtriage.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may call the API: tokens when set; else loopback only, unless opened. Bad tokens stop start-up. */
class ApiAccessTest {
    static final String TOKEN = "0123456789abcdef0123";

    @Test
    void aBlankOrShortTokenStopsStartUp() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> new ApiTokens(Map.of("ci", " ")));
        assertTrue(blank.getMessage().contains("triage.auth.tokens.ci is blank"), blank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ApiTokens(Map.of("ci", "")));
        IllegalArgumentException shortToken = assertThrows(IllegalArgumentException.class,
                () -> new ApiTokens(Map.of("ok", TOKEN, "ci", "s3cret")));
        assertTrue(shortToken.getMessage().contains("shorter than 16"), shortToken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ApiTokens(Map.of("ci", "  123456789012345  ")), "15 characters once stripped");
        assertEquals(Optional.of("ci"), new ApiTokens(Map.of("ci", "1234567890123456")).nameOf("Bearer 1234567890123456"));
    }

    @Test
    void withTokensEveryCallerNeedsOneEvenOnLoopback() {
        ApiAccess access = new ApiAccess(new ApiTokens(Map.of("ci", TOKEN)), false);
        assertEquals("ci", access.check("Bearer " + TOKEN, "10.1.2.3").who());
        ApiAccess.Verdict none = access.check(null, "127.0.0.1");
        assertFalse(none.granted());
        assertEquals(401, none.denial().status());
        assertEquals(401, access.check("Bearer " + TOKEN + "x", "127.0.0.1").denial().status());
        assertEquals(401, access.check("Token " + TOKEN, "127.0.0.1").denial().status());
        assertEquals(401, new ApiAccess(new ApiTokens(Map.of("ci", TOKEN)), true).check(null, "127.0.0.1").denial().status(),
                "open only matters when no token is configured");
    }

    @Test
    void withoutTokensOnlyLoopbackIsAnsweredUnlessOpen() {
        ApiAccess closed = new ApiAccess(new ApiTokens(Map.of()), false);
        assertTrue(closed.check(null, "127.0.0.1").granted());
        assertTrue(closed.check(null, "127.8.9.10").granted());
        assertTrue(closed.check(null, "0:0:0:0:0:0:0:1").granted());
        assertTrue(closed.check(null, "::1").granted());
        for (String remote : new String[] {"10.0.0.7", "192.168.1.20", "::ffff:10.0.0.7", "2001:db8::1", "localhost", "", null}) {
            ApiAccess.Verdict verdict = closed.check("Bearer anything-at-all-here", remote);
            assertFalse(verdict.granted(), String.valueOf(remote));
            assertEquals(403, verdict.denial().status());
            assertTrue(verdict.denial().detail().contains("triage.auth.open=true"));
        }
        ApiAccess open = new ApiAccess(new ApiTokens(Map.of()), true);
        assertTrue(open.check(null, "10.0.0.7").granted());
        assertEquals("anonymous", open.check(null, "10.0.0.7").who());
    }
}
