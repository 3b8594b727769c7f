package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = Redactor.standard();

    @Test
    void masksKeyValueCredentialsButKeepsTheKey() {
        assertEquals("connecting with password=*** to db", redactor.redact("connecting with password=hunter2 to db"));
        assertEquals("DB_PASSWORD: *** ok", redactor.redact("DB_PASSWORD: \"hunter2\" ok").replace("\"", ""));
        assertEquals("url?token=***&x=1", redactor.redact("url?token=abc123&x=1"));
        assertEquals("{\"client_secret\": \"***\"}", redactor.redact("{\"client_secret\": \"sup3r\"}"));
    }

    @Test
    void masksAuthorizationHeadersAwsKeysJwtsAndUrlPasswords() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        String out = redactor.redact("Authorization: Bearer abcdefghijklmnop\nkey AKIAIOSFODNN7EXAMPLE\njwt " + jwt
                + "\npostgres://app:pa55word@db:5432/shop");
        assertFalse(out.contains("abcdefghijklmnop"), out);
        assertFalse(out.contains("AKIAIOSFODNN7EXAMPLE"), out);
        assertFalse(out.contains(jwt), out);
        assertFalse(out.contains("pa55word"), out);
        assertTrue(out.contains("postgres://app:***@db:5432/shop"), out);
    }

    @Test
    void leavesOrdinaryKubernetesMessagesAlone() {
        String msg = "MountVolume.SetUp failed for volume \"creds\" : secret \"db-creds\" not found";
        assertEquals(msg, redactor.redact(msg));
        String own = "Create the pull secret: `regcred` in namespace `shop`";
        assertEquals(own, redactor.redact(own));
    }

    @Test
    void appliesConfiguredPatterns() {
        Redactor custom = new Redactor(List.of("card=(\\d{16})"));
        assertEquals("paid with card=***", custom.redact("paid with card=4111111111111111"));
    }
}
