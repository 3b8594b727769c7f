package dev.podtriage.chatops;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Posts a late answer to a slash command's {@code response_url}, off the request thread: at most
 * to the allowed hosts ({@code triage.slack.response-url-hosts}), over https (plain http only to
 * a loopback host), with a timeout and one retry after a 5xx or a network failure. The URL itself
 * is a credential for 30 minutes and is never logged, only its host.
 */
@ApplicationScoped
public class ResponseUrlPoster {
    private static final Logger LOG = Logger.getLogger(ResponseUrlPoster.class);
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final List<String> hosts;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    ResponseUrlPoster(ChatOpsConfig config) {
        this.hosts = config.slack().responseUrlHosts();
    }

    /** The URL when a result may be posted to it. */
    public Optional<URI> allowed(String url) {
        return check(url, hosts);
    }

    static Optional<URI> check(String url, List<String> allowedHosts) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        boolean secure = scheme.equals("https") || scheme.equals("http") && LOOPBACK.contains(host);
        boolean listed = allowedHosts.stream().anyMatch(h -> h.strip().toLowerCase(Locale.ROOT).equals(host));
        return secure && listed ? Optional.of(uri) : Optional.empty();
    }

    /** Posts the JSON; completes with the final HTTP status (after at most one retry), or exceptionally. */
    public CompletableFuture<Integer> post(URI url, String json) {
        return send(url, json).handle((status, error) -> {
            if (error == null && status < 500) {
                return CompletableFuture.completedFuture(status);
            }
            LOG.infof("response_url at %s answered %s; retrying once", url.getHost(), error == null ? "HTTP " + status : error.toString());
            return CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> send(url, json));
        }).thenCompose(f -> f).whenComplete((status, error) -> {
            if (error != null) {
                LOG.warnf("Could not post a chat answer to %s: %s", url.getHost(), error.toString());
            } else if (status / 100 != 2) {
                LOG.warnf("Posting a chat answer to %s was refused: HTTP %d", url.getHost(), status);
            }
        });
    }

    private CompletableFuture<Integer> send(URI url, String json) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }
}
