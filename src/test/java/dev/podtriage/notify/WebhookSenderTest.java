package dev.podtriage.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.notify.WebhookSender.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery against a receiver on loopback: retries with backoff, Retry-After, no retry on 4xx, secrets kept out of logs. */
class WebhookSenderTest {
    private static final byte[] BODY = "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
    /** A path shaped like a Slack webhook URL's: a secret. */
    private static final String SECRET_PATH = "/services/T0001/B0002/XXXXXXXXXXXXXXXXXXXXXXXX";

    private final Receiver receiver = new Receiver(200);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger log = Logger.getLogger(WebhookSender.class.getName());

    WebhookSenderTest() {
        log.addHandler(capture);
    }

    @AfterEach
    void close() {
        log.removeHandler(capture);
        scheduler.shutdownNow();
        receiver.close();
    }

    private WebhookSender sender(int maxAttempts, Duration initialBackoff, int maxPending) {
        return sender(maxAttempts, initialBackoff, maxPending, Duration.ofSeconds(2));
    }

    private WebhookSender sender(int maxAttempts, Duration initialBackoff, int maxPending, Duration timeout) {
        return new WebhookSender(WebhookSender.defaultClient(timeout), scheduler,
                new WebhookSender.Policy(maxAttempts, initialBackoff, Duration.ofSeconds(3), timeout, maxPending),
                metrics, Clock.systemUTC());
    }

    private Outcome post(WebhookSender s, URI url) throws Exception {
        return s.post("ops-slack", url, Map.of("Authorization", "Bearer s3cr3t"), BODY).get(20, TimeUnit.SECONDS);
    }

    private double count(String outcome) {
        var c = metrics.find("triage.notifications").tags("sink", "ops-slack", "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private String logText() {
        synchronized (logged) {
            StringBuilder b = new StringBuilder();
            for (LogRecord r : logged) {
                b.append(r.getMessage()).append(' ');
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        b.append(p).append(' ');
                    }
                }
                b.append('\n');
            }
            return b.toString();
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilSuccess() throws Exception {
        receiver.then(Receiver.Response.of(503), Receiver.Response.of(503), Receiver.Response.of(200));
        Outcome o = post(sender(5, Duration.ofMillis(200), 10), receiver.url(SECRET_PATH));
        assertEquals(Outcome.SENT, o);
        List<Receiver.Request> requests = receiver.requests();
        assertEquals(3, requests.size(), "two 503 answers, then 200");
        requests.forEach(r -> {
            assertEquals("POST", r.method());
            assertEquals("{\"text\":\"hello\"}", r.body());
            assertEquals("Bearer s3cr3t", r.header("Authorization"), "the sink's headers are sent");
        });
        long first = Duration.between(requests.get(0).received(), requests.get(1).received()).toMillis();
        long second = Duration.between(requests.get(1).received(), requests.get(2).received()).toMillis();
        assertTrue(first >= 180, "first retry after the initial backoff, was " + first + " ms");
        assertTrue(second >= 380, "the backoff doubles, was " + second + " ms");
        assertEquals(1, count("sent"));
        assertEquals(2, count("retried"));
        assertEquals(0, count("failed"));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        receiver.then(new Receiver.Response(429, Map.of("Retry-After", "1"), "rate_limited"), Receiver.Response.of(200));
        Outcome o = post(sender(3, Duration.ofMillis(10), 10), receiver.url(SECRET_PATH));
        assertEquals(Outcome.SENT, o);
        List<Receiver.Request> requests = receiver.requests();
        assertEquals(2, requests.size());
        long waited = Duration.between(requests.get(0).received(), requests.get(1).received()).toMillis();
        assertTrue(waited >= 950, "Retry-After: 1 is respected over the 10 ms backoff, waited " + waited + " ms");
        assertEquals(1, count("retried"));
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        receiver.then(new Receiver.Response(400, Map.of(), "invalid_payload"));
        Outcome o = post(sender(5, Duration.ofMillis(10), 10), receiver.url(SECRET_PATH));
        assertEquals(Outcome.FAILED, o);
        Thread.sleep(200);
        assertEquals(1, receiver.requests().size(), "a 400 is not retried");
        assertEquals(1, count("failed"));
        assertEquals(0, count("retried"));
        String text = logText();
        assertTrue(text.contains("ops-slack") && text.contains("HTTP 400") && text.contains("invalid_payload"), text);
        assertFalse(text.contains("XXXXXXXX") || text.contains("/services/"), "the webhook URL is a secret:\n" + text);
        assertFalse(text.contains("s3cr3t"), text);
    }

    @Test
    void connectionErrorsAreRetriedThenGivenUpWithoutLoggingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nobody listens there
        }
        URI url = URI.create("http://127.0.0.1:" + port + SECRET_PATH + "?token=abc123");
        Outcome o = post(sender(3, Duration.ofMillis(20), 10), url);
        assertEquals(Outcome.FAILED, o);
        assertEquals(2, count("retried"));
        assertEquals(1, count("failed"));
        String text = logText();
        assertTrue(text.contains("ops-slack") && text.contains("giving up"), text);
        assertFalse(text.contains("XXXXXXXX") || text.contains("abc123") || text.contains("/services/"), text);
    }

    @Test
    void aSlowReceiverTimesOutAndIsRetried() throws Exception {
        receiver.then(Receiver.Response.slow(200, 1500), Receiver.Response.of(200));
        Outcome o = post(sender(2, Duration.ofMillis(10), 10, Duration.ofMillis(300)), receiver.url("/hook"));
        assertEquals(Outcome.SENT, o);
        assertEquals(2, receiver.requests().size(), "the timed-out attempt, then a retry");
        assertEquals(1, count("retried"));
    }

    @Test
    void moreThanMaxPendingIsDroppedAndCounted() throws Exception {
        receiver.defaultStatus(503);
        WebhookSender s = sender(3, Duration.ofSeconds(2), 2);
        CompletableFuture<Outcome> a = s.post("ops-slack", receiver.url("/a"), Map.of(), BODY);
        CompletableFuture<Outcome> b = s.post("ops-slack", receiver.url("/b"), Map.of(), BODY);
        CompletableFuture<Outcome> c = s.post("ops-slack", receiver.url("/c"), Map.of(), BODY);
        assertEquals(Outcome.DROPPED, c.get(1, TimeUnit.SECONDS));
        assertEquals(1, count("dropped"));
        assertEquals(2, s.pending());
        receiver.defaultStatus(200);
        assertEquals(Outcome.SENT, a.get(20, TimeUnit.SECONDS));
        assertEquals(Outcome.SENT, b.get(20, TimeUnit.SECONDS));
        assertEquals(0, s.pending());
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(30)), WebhookSender.parseRetryAfter("30", now));
        assertEquals(Optional.of(Duration.ofSeconds(90)), WebhookSender.parseRetryAfter("Fri, 27 Nov 2026 10:01:30 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), WebhookSender.parseRetryAfter("Fri, 27 Nov 2026 09:59:00 GMT", now), "a past date: now");
        assertEquals(Optional.empty(), WebhookSender.parseRetryAfter("soon", now));
        assertEquals(Optional.empty(), WebhookSender.parseRetryAfter("", now));
        assertEquals(Optional.of(Duration.ofDays(1)), WebhookSender.parseRetryAfter("99999999999999999999999", now));
    }

    @Test
    void backoffDoublesUpToTheCapAndRetryAfterIsCapped() throws Exception {
        WebhookSender s = sender(5, Duration.ofMillis(500), 10);
        assertEquals(Duration.ofMillis(500), s.backoff(1));
        assertEquals(Duration.ofMillis(1000), s.backoff(2));
        assertEquals(Duration.ofMillis(2000), s.backoff(3));
        assertEquals(Duration.ofSeconds(3), s.backoff(4), "capped at max-backoff");
        assertEquals(Duration.ofSeconds(3), s.backoff(60));

        receiver.then(new Receiver.Response(429, Map.of("Retry-After", "3600"), ""), Receiver.Response.of(200));
        long start = System.nanoTime();
        assertEquals(Outcome.SENT, post(s, receiver.url("/hook")));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 2900 && ms < 10_000, "Retry-After: 3600 capped at 3 s, took " + ms + " ms");
    }

    @Test
    void safeMessagesCutTheUrlOut() {
        URI url = URI.create("https://hooks.slack.com" + SECRET_PATH);
        String s = WebhookSender.safe(new IOException("cannot reach " + url + " (path " + SECRET_PATH + ")"), url);
        assertEquals("IOException: cannot reach <url> (path <url>)", s);
    }
}
