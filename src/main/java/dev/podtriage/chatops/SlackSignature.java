package dev.podtriage.chatops;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Slack's request signature: {@code X-Slack-Signature} must be {@code v0=} followed by the
 * lowercase hex HMAC-SHA256, keyed with the signing secret, of {@code v0:<timestamp>:<raw body>};
 * the {@code X-Slack-Request-Timestamp} may be at most {@value #TOLERANCE_SECONDS} s away from now
 * either way. Signatures are compared in constant time. Every valid signature is remembered until its
 * timestamp leaves the window, and the same signature seen again is refused as a replay. At most
 * {@value #MAX_REMEMBERED} are remembered at once (a few MB); when that many valid requests arrive
 * within one window, further ones are refused ({@link Verdict#TOO_MANY}) rather than any signature
 * forgotten early.
 *
 * <p>Pure apart from the clock it is given; thread-safe.
 */
public final class SlackSignature {
    public static final long TOLERANCE_SECONDS = 300;
    static final int MAX_REMEMBERED = 50_000;
    private static final String VERSION = "v0";

    /** The outcome of a check; only {@link #VALID} lets a request through. */
    public enum Verdict {
        VALID("valid"),
        MISSING("the X-Slack-Signature or X-Slack-Request-Timestamp header is missing"),
        BAD_TIMESTAMP("X-Slack-Request-Timestamp is not a Unix time in seconds"),
        STALE("X-Slack-Request-Timestamp is more than 300 s in the past"),
        FUTURE("X-Slack-Request-Timestamp is more than 300 s in the future"),
        BAD_SIGNATURE("X-Slack-Signature does not match the request"),
        REPLAYED("this signed request was already received"),
        TOO_MANY("more signed requests arrived within 300 s than can be remembered against replays; try again shortly");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final byte[] secret;
    private final Clock clock;
    /** Valid signatures seen within the window. */
    private final Set<String> seen = new HashSet<>();
    /** The same signatures by the epoch second after which their timestamp is stale anyway, soonest first. */
    private final PriorityQueue<Remembered> expiry = new PriorityQueue<>(Comparator.comparingLong(Remembered::staleAfter));

    private record Remembered(String signature, long staleAfter) {
    }

    public SlackSignature(String signingSecret, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("a signing secret is required");
        }
        this.secret = signingSecret.strip().getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** {@code v0=} + hex HMAC-SHA256 of {@code v0:<timestamp>:<body>}. */
    public static String sign(String signingSecret, String timestamp, byte[] body) {
        return sign(signingSecret.strip().getBytes(StandardCharsets.UTF_8), timestamp, body);
    }

    private static String sign(byte[] key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Checks one request; on {@link Verdict#VALID} its signature is remembered and will not pass again. */
    public Verdict verify(String timestamp, String signature, byte[] body) {
        if (timestamp == null || timestamp.isBlank() || signature == null || signature.isBlank()) {
            return Verdict.MISSING;
        }
        String ts = timestamp.strip();
        if (ts.length() > 12 || !ts.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Verdict.BAD_TIMESTAMP;
        }
        long seconds = Long.parseLong(ts);
        long now = clock.instant().getEpochSecond();
        if (seconds < now - TOLERANCE_SECONDS) {
            return Verdict.STALE;
        }
        if (seconds > now + TOLERANCE_SECONDS) {
            return Verdict.FUTURE;
        }
        byte[] expected = sign(secret, ts, body == null ? new byte[0] : body).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = signature.strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, presented)) {
            return Verdict.BAD_SIGNATURE;
        }
        return remember(new String(expected, StandardCharsets.US_ASCII), seconds + TOLERANCE_SECONDS, now);
    }

    private synchronized Verdict remember(String signature, long staleAfter, long now) {
        while (!expiry.isEmpty() && expiry.peek().staleAfter() < now) {
            seen.remove(expiry.poll().signature());
        }
        if (seen.contains(signature)) {
            return Verdict.REPLAYED;
        }
        if (seen.size() >= MAX_REMEMBERED) {
            return Verdict.TOO_MANY;
        }
        seen.add(signature);
        expiry.add(new Remembered(signature, staleAfter));
        return Verdict.VALID;
    }
}
