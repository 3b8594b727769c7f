package dev.podtriage.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A real SSE client on the JDK's HttpClient: reads the stream line by line and parses events as the EventSource spec does. */
final class SseClient implements AutoCloseable {
    /** One event; {@code comment} holds a comment line (a heartbeat) instead. */
    record Event(String id, String name, String data, String comment) {
    }

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    static SseClient open(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(b::header);
        return new SseClient(HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("content-type").orElse("");
    }

    /** The next event or comment; null when the stream ended. */
    Event next() throws IOException {
        String id = null;
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null || name != null) {
                    return new Event(id, name == null ? "message" : name, data == null ? null : data.toString(), null);
                }
                continue;
            }
            if (line.startsWith(":")) {
                if (data == null && name == null) {
                    return new Event(null, null, null, line.substring(1).trim());
                }
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                }
            }
        }
        return null;
    }

    /** The next event that is not a comment. */
    Event nextEvent() throws IOException {
        Event e;
        do {
            e = next();
        } while (e != null && e.comment() != null);
        return e;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
