package dev.podtriage.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on loopback (port 0) standing in for Slack, Teams and a generic webhook: it
 * records every request and answers with scripted responses, then with a default status.
 */
final class Receiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Request(String method, String path, Map<String, List<String>> headers, String body, Instant received) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Response(int status, Map<String, String> headers, String body, long delayMillis) {
        Response(int status, Map<String, String> headers, String body) {
            this(status, headers, body, 0);
        }

        static Response of(int status) {
            return new Response(status, Map.of(), "");
        }

        /** Answers only after a while: a receiver slower than the sender's timeout. */
        static Response slow(int status, long delayMillis) {
            return new Response(status, Map.of(), "", delayMillis);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Response> script = new ArrayDeque<>();
    private volatile int defaultStatus;

    Receiver(int defaultStatus) {
        this(defaultStatus, 0);
    }

    /**
     * A free loopback port kept in a system property, for a receiver whose URL is configuration of a
     * test profile: chosen before the service starts, the same each time the profile asks, bound after.
     */
    static synchronized int reservedPort(String property) {
        String p = System.getProperty(property);
        if (p == null) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = Integer.toString(s.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(property, p);
        }
        return Integer.parseInt(p);
    }

    Receiver(int defaultStatus, int port) {
        this.defaultStatus = defaultStatus;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Response r;
            synchronized (this) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        Map.copyOf(exchange.getRequestHeaders()), body, Instant.now()));
                r = script.isEmpty() ? Response.of(this.defaultStatus) : script.poll();
            }
            if (r.delayMillis() > 0) {
                try {
                    Thread.sleep(r.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    synchronized Receiver then(Response... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    void defaultStatus(int status) {
        this.defaultStatus = status;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    synchronized void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
