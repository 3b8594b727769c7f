package dev.podtriage.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * POSTs JSON to webhooks without blocking anyone: the HTTP client is asynchronous and retries are
 * scheduled, not slept. Any 2xx is success (Teams Workflows answer 202). 5xx, 429 and connection
 * errors are retried with exponential backoff, or after the {@code Retry-After} the receiver asks
 * for (seconds or an HTTP-date), capped; other 4xx are not retried. Logs name the sink, never
 * the URL: Slack and Teams webhook URLs are secrets.
 *
 * <p>Metric {@code triage.notifications{sink,outcome}}: outcome {@code sent}, {@code retried}
 * (one per retry), {@code failed} (rejected, or given up) and {@code dropped} (too many pending).
 */
final class WebhookSender {
    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final int MAX_BODY_QUOTED = 200;

    enum Outcome {
        SENT, FAILED, DROPPED
    }

    /**
     * @param maxAttempts    attempts per message, the first included
     * @param initialBackoff wait before the first retry, doubled for each further one
     * @param maxBackoff     longest wait between attempts, also the cap of {@code Retry-After}
     * @param timeout        longest wait for an answer
     * @param maxPending     messages in flight (retries included) at most; more are dropped
     */
    record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout, int maxPending) {
        Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max-attempts must be at least 1");
            }
        }
    }

    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Policy policy;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final AtomicInteger pending = new AtomicInteger();

    WebhookSender(HttpClient client, ScheduledExecutorService scheduler, Policy policy, MeterRegistry metrics, Clock clock) {
        this.client = client;
        this.scheduler = scheduler;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
    }

    static HttpClient defaultClient(Duration connectTimeout) {
        // HTTP/1.1: no h2c upgrade attempt on plain-http receivers; a webhook gains nothing from HTTP/2
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    int pending() {
        return pending.get();
    }

    /** Posts {@code body} (JSON) to the sink; the future completes after the last attempt. */
    CompletableFuture<Outcome> post(String sink, URI url, Map<String, String> headers, byte[] body) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        if (pending.incrementAndGet() > policy.maxPending()) {
            pending.decrementAndGet();
            count(sink, "dropped");
            LOG.warnf("notification to sink %s dropped: %d messages are already waiting to be delivered", sink, policy.maxPending());
            result.complete(Outcome.DROPPED);
            return result;
        }
        result.whenComplete((o, e) -> pending.decrementAndGet());
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(policy.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "pod-triage")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        attempt(sink, url, b.build(), 1, result);
        return result;
    }

    private void attempt(String sink, URI url, HttpRequest request, int n, CompletableFuture<Outcome> result) {
        CompletableFuture<HttpResponse<String>> call;
        try {
            call = client.sendAsync(request, responseInfo -> excerptSubscriber());
        } catch (RuntimeException e) {
            fail(sink, n, "cannot send: " + safe(e, url), result);
            return;
        }
        call.whenComplete((response, error) -> {
            try {
                if (error != null) {
                    retry(sink, url, request, n, null, "connection error: " + safe(unwrap(error), url), result);
                    return;
                }
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    count(sink, "sent");
                    if (n > 1) {
                        LOG.infof("notification to sink %s delivered at attempt %d", sink, n);
                    }
                    result.complete(Outcome.SENT);
                } else if (code == 429 || code >= 500) {
                    retry(sink, url, request, n, retryAfter(response, clock.instant()).orElse(null), "HTTP " + code + quote(response.body()), result);
                } else {
                    fail(sink, n, "HTTP " + code + quote(response.body()) + ", not retried", result);
                }
            } catch (RuntimeException e) {
                fail(sink, n, "unexpected " + safe(e, url), result);
            }
        });
    }

    private void retry(String sink, URI url, HttpRequest request, int n, Duration retryAfter, String why,
                       CompletableFuture<Outcome> result) {
        if (n >= policy.maxAttempts()) {
            fail(sink, n, why + ", giving up", result);
            return;
        }
        Duration wait = retryAfter != null ? min(retryAfter, policy.maxBackoff()) : backoff(n);
        count(sink, "retried");
        LOG.debugf("notification to sink %s: %s at attempt %d/%d, retrying in %d ms", sink, why, n, policy.maxAttempts(), wait.toMillis());
        try {
            scheduler.schedule(() -> attempt(sink, url, request, n + 1, result), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            fail(sink, n, why + ", and shutting down", result);
        }
    }

    private void fail(String sink, int n, String why, CompletableFuture<Outcome> result) {
        count(sink, "failed");
        LOG.warnf("notification to sink %s failed at attempt %d/%d: %s", sink, n, policy.maxAttempts(), why);
        result.complete(Outcome.FAILED);
    }

    /** Exponential: initial, 2×initial, 4×initial, …, at most maxBackoff. */
    Duration backoff(int attempt) {
        Duration d = policy.initialBackoff();
        for (int i = 1; i < attempt && d.compareTo(policy.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return min(d, policy.maxBackoff());
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date; absent when missing or unreadable. */
    static Optional<Duration> retryAfter(HttpResponse<?> response, Instant now) {
        return response.headers().firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, now));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofDays(1)); // absurdly long: the cap applies
            }
        }
        try {
            Instant when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, when);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** An exception's class and message with the URL, its path and its query cut out. */
    static String safe(Throwable t, URI url) {
        String msg = t.getMessage() == null ? "" : t.getMessage();
        for (String secret : new String[] {url.toString(), url.getRawPath(), url.getPath(), url.getRawQuery(), url.getQuery()}) {
            if (secret != null && secret.length() > 1) {
                msg = msg.replace(secret, "<url>");
            }
        }
        return t.getClass().getSimpleName() + (msg.isBlank() ? "" : ": " + msg);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** The start of the answer's body, for the log (Slack answers e.g. {@code invalid_payload}); the rest is read and dropped. */
    private static HttpResponse.BodySubscriber<String> excerptSubscriber() {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        int limit = MAX_BODY_QUOTED * 4;
        return HttpResponse.BodySubscribers.fromSubscriber(new Flow.Subscriber<List<ByteBuffer>>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                for (ByteBuffer b : items) {
                    int room = limit - kept.size();
                    if (room > 0) {
                        byte[] a = new byte[Math.min(room, b.remaining())];
                        b.get(a);
                        kept.write(a, 0, a.length);
                    }
                }
            }

            @Override
            public void onError(Throwable throwable) {
                // the status code is what counts
            }

            @Override
            public void onComplete() {
                // the finisher reads what was kept
            }
        }, s -> excerpt(kept.toByteArray()));
    }

    static String excerpt(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return s.length() > MAX_BODY_QUOTED ? s.substring(0, MAX_BODY_QUOTED) + "…" : s;
    }

    private static String quote(String body) {
        return body == null || body.isEmpty() ? "" : " (" + body + ")";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void count(String sink, String outcome) {
        metrics.counter("triage.notifications", "sink", sink, "outcome", outcome).increment();
    }
}
