package dev.podtriage.chatops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podtriage.chatops.SlackSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Slack's published example (api.slack.com, "Verifying requests from Slack") and the attacks on it. */
class SlackSignatureTest {
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TIMESTAMP = "1531420618";
    static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static SlackSignature at(long epochSecond) {
        return new SlackSignature(SECRET, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    /** A clock showing the epoch second held in {@code seconds}, which the test moves. */
    private static Clock movable(AtomicLong seconds) {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(seconds.get());
            }
        };
    }

    private static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void computesThePublishedSignature() {
        assertEquals(SIGNATURE, SlackSignature.sign(SECRET, TIMESTAMP, body(BODY)));
    }

    @Test
    void acceptsThePublishedRequestWithinTheWindow() {
        assertEquals(Verdict.VALID, at(1531420618).verify(TIMESTAMP, SIGNATURE, body(BODY)));
        assertEquals(Verdict.VALID, at(1531420618 + 300).verify(TIMESTAMP, SIGNATURE, body(BODY)), "exactly 300 s old is still inside");
        assertEquals(Verdict.VALID, at(1531420618 - 300).verify(TIMESTAMP, SIGNATURE, body(BODY)), "exactly 300 s ahead is still inside");
    }

    @Test
    void refusesAForgedSignature() {
        SlackSignature v = at(1531420618);
        assertEquals(Verdict.BAD_SIGNATURE, v.verify(TIMESTAMP, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504", body(BODY)));
        assertEquals(Verdict.BAD_SIGNATURE, v.verify(TIMESTAMP, SIGNATURE.toUpperCase(), body(BODY)), "the hex is lowercase");
        assertEquals(Verdict.BAD_SIGNATURE, v.verify(TIMESTAMP, SIGNATURE.substring(3), body(BODY)), "the version prefix is required");
        assertEquals(Verdict.BAD_SIGNATURE, v.verify(TIMESTAMP, "v1=" + SIGNATURE.substring(3), body(BODY)));
        assertEquals(Verdict.BAD_SIGNATURE, v.verify(TIMESTAMP, SlackSignature.sign("another-secret", TIMESTAMP, body(BODY)), body(BODY)),
                "signed with another app's secret");
        assertEquals(Verdict.BAD_SIGNATURE, v.verify(TIMESTAMP, SIGNATURE + "00", body(BODY)));
    }

    @Test
    void refusesAStaleRequest() {
        assertEquals(Verdict.STALE, at(1531420618 + 301).verify(TIMESTAMP, SIGNATURE, body(BODY)));
        assertEquals(Verdict.STALE, at(1531420618 + 86_400).verify(TIMESTAMP, SIGNATURE, body(BODY)));
    }

    @Test
    void refusesARequestFromTheFuture() {
        assertEquals(Verdict.FUTURE, at(1531420618 - 301).verify(TIMESTAMP, SIGNATURE, body(BODY)));
        // correctly signed by someone holding the secret, but dated ahead to outlive the window
        String later = Long.toString(1531420618L + 3600);
        assertEquals(Verdict.FUTURE, at(1531420618).verify(later, SlackSignature.sign(SECRET, later, body(BODY)), body(BODY)));
    }

    @Test
    void refusesASignatureReplayedWithAnotherBody() {
        SlackSignature v = at(1531420618 + 10);
        String other = BODY.replace("text=", "text=kube-system%2Fetcd-0+--public");
        assertEquals(Verdict.BAD_SIGNATURE, v.verify(TIMESTAMP, SIGNATURE, body(other)));
        assertEquals(Verdict.BAD_SIGNATURE, v.verify(TIMESTAMP, SIGNATURE, body(BODY + "&x=1")));
        assertEquals(Verdict.BAD_SIGNATURE, v.verify("1531420619", SIGNATURE, body(BODY)), "the timestamp is signed too");
    }

    @Test
    void aReplayIsRefusedHoweverManyOtherRequestsCameBetween() {
        long now = 1531420618;
        SlackSignature v = at(now);
        assertEquals(Verdict.VALID, v.verify(TIMESTAMP, SIGNATURE, body(BODY)));
        // fill the memory with other valid requests inside the window: the first must not be forgotten
        for (int i = 1; i < SlackSignature.MAX_REMEMBERED; i++) {
            String other = BODY + "&n=" + i;
            assertEquals(Verdict.VALID, v.verify(TIMESTAMP, SlackSignature.sign(SECRET, TIMESTAMP, body(other)), body(other)));
        }
        assertEquals(Verdict.REPLAYED, v.verify(TIMESTAMP, SIGNATURE, body(BODY)));
        String oneMore = BODY + "&n=full";
        String oneMoreSignature = SlackSignature.sign(SECRET, TIMESTAMP, body(oneMore));
        assertEquals(Verdict.TOO_MANY, v.verify(TIMESTAMP, oneMoreSignature, body(oneMore)), "full: refused, nothing forgotten early");
        assertEquals(Verdict.REPLAYED, v.verify(TIMESTAMP, SIGNATURE, body(BODY)));
    }

    @Test
    void signaturesAreForgottenOnlyOnceTheirWindowHasPassed() {
        AtomicLong now = new AtomicLong(1531420618);
        SlackSignature v = new SlackSignature(SECRET, movable(now));
        for (int i = 0; i < SlackSignature.MAX_REMEMBERED; i++) {
            String other = BODY + "&n=" + i;
            assertEquals(Verdict.VALID, v.verify(TIMESTAMP, SlackSignature.sign(SECRET, TIMESTAMP, body(other)), body(other)));
        }
        now.addAndGet(300);
        String later = Long.toString(now.get());
        assertEquals(Verdict.TOO_MANY, v.verify(later, SlackSignature.sign(SECRET, later, body(BODY)), body(BODY)),
                "300 s on, the first ones are still inside their window");
        now.addAndGet(1);
        String last = Long.toString(now.get());
        assertEquals(Verdict.VALID, v.verify(last, SlackSignature.sign(SECRET, last, body(BODY)), body(BODY)),
                "their window has passed: stale anyway, so they make room");
        assertEquals(Verdict.STALE, v.verify(TIMESTAMP, SIGNATURE, body(BODY)));
    }

    @Test
    void refusesTheSameSignedRequestTwiceWithinTheWindow() {
        SlackSignature v = at(1531420618);
        assertEquals(Verdict.VALID, v.verify(TIMESTAMP, SIGNATURE, body(BODY)));
        assertEquals(Verdict.REPLAYED, v.verify(TIMESTAMP, SIGNATURE, body(BODY)));
        assertEquals(Verdict.REPLAYED, v.verify(" " + TIMESTAMP + " ", SIGNATURE, body(BODY)));
    }

    @Test
    void forgetsSignaturesOnceTheirTimestampIsStale() {
        AtomicLong now = new AtomicLong(1531420618);
        SlackSignature v = new SlackSignature(SECRET, movable(now));
        assertEquals(Verdict.VALID, v.verify(TIMESTAMP, SIGNATURE, body(BODY)));
        now.addAndGet(301);
        assertEquals(Verdict.STALE, v.verify(TIMESTAMP, SIGNATURE, body(BODY)), "once out of the window it is stale, not remembered");
    }

    @Test
    void refusesMissingOrMalformedHeaders() {
        SlackSignature v = at(1531420618);
        assertEquals(Verdict.MISSING, v.verify(null, SIGNATURE, body(BODY)));
        assertEquals(Verdict.MISSING, v.verify(TIMESTAMP, null, body(BODY)));
        assertEquals(Verdict.MISSING, v.verify("", "", body(BODY)));
        assertEquals(Verdict.BAD_TIMESTAMP, v.verify("2018-07-12T18:36:58Z", SIGNATURE, body(BODY)));
        assertEquals(Verdict.BAD_TIMESTAMP, v.verify("-1531420618", SIGNATURE, body(BODY)));
        assertEquals(Verdict.BAD_TIMESTAMP, v.verify("99999999999999999999", SIGNATURE, body(BODY)));
        assertEquals(Verdict.BAD_SIGNATURE, v.verify(TIMESTAMP, SIGNATURE, null), "no body is the empty body");
    }

    @Test
    void needsASecret() {
        assertThrows(IllegalArgumentException.class, () -> new SlackSignature(" ", Clock.systemUTC()));
    }
}
