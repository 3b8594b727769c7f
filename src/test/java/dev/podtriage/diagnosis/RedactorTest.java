package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
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

    /** Every row of the table masks its own planted examples, and the redactor as a whole leaves none of them. */
    @Test
    void everySecretFormMasksItsPlantedExamples() {
        for (SecretForm form : SecretForm.values()) {
            assertFalse(form.examples().isEmpty(), form + " has a planted example");
            for (SecretForm.Example e : form.examples()) {
                Matcher m = form.pattern().matcher(e.text());
                assertTrue(m.find(), () -> form + " finds its example " + e.text());
                String out = redactor.redact(e.text());
                assertTrue(out.contains(Redactor.MASK), out);
                for (String word : e.secret().split("\\s+")) {
                    assertFalse(out.contains(word), () -> form + " leaves " + word + " in " + out);
                }
            }
        }
    }

    /** The forms of issue 8.4 that the redactor used to miss. */
    @Test
    void masksTheFormsItUsedToMiss() {
        assertEquals("PGPASSWORD=*** psql", redactor.redact("PGPASSWORD=s3cr3t psql"));
        assertEquals("MYSQL_PWD=***", redactor.redact("MYSQL_PWD=s3cr3t"));
        assertEquals("pwd=*** dbpassword=*** secret_key=***", redactor.redact("pwd=a1 dbpassword=b2 secret_key=c3"));
        assertEquals("{\"password\": \"***\"}", redactor.redact("{\"password\": \"correct horse battery\"}"));
        assertEquals("redis://:***@cache:6379", redactor.redact("redis://:pw123@cache:6379"));
        assertEquals("mysql --password *** -h db", redactor.redact("mysql --password hunter2 -h db"));
        assertEquals("-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----",
                redactor.redact("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\nkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"));
        assertEquals("-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----",
                redactor.redact("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,AB12\n\nMIIEow\n-----END RSA PRIVATE KEY-----"));
        assertEquals("slack *** and ***", redactor.redact("slack xoxb-123456789012-abcdefABCDEF and xoxp-123456789012-abcdefABCDEF"));
        assertEquals("gh *** ***", redactor.redact("gh ghp_abcdefghijklmnopqrstuvwxyz0123456789 github_pat_11AAAAAAA0_abcdefghijklmnopqrstuv"));
    }

    /** Pod-triage's own backtick quoting stays; a secret inside a quoted command does not. */
    @Test
    void masksInsideQuotedCommandsButKeepsTheQuoting() {
        assertEquals("Its command is `/app --db-password=*** --port 80`.", redactor.redact("Its command is `/app --db-password=hunter2 --port 80`."));
        assertEquals("check `kubectl get secret db-creds` and token `regcred`", redactor.redact("check `kubectl get secret db-creds` and token `regcred`"));
        String reference = "`--docker-password=\"$(aws ecr get-login-password --region eu-west-1)\"` or --password=$DB_PASSWORD or --token <token>";
        assertEquals(reference, redactor.redact(reference), "references and placeholders are not secrets");
    }

    @Test
    void appliesConfiguredPatterns() {
        Redactor custom = new Redactor(List.of("card=(\\d{16})"));
        assertEquals("paid with card=***", custom.redact("paid with card=4111111111111111"));
    }
}
