package dev.podtriage.deploy;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback OTLP/HTTP receiver (the JDK's HttpServer): it answers 200 to every export on
 * {@code /v1/traces} and keeps the bodies (protobuf), so a test can see what the service exported.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {
    /** One export: its content type and body. */
    public record Export(String path, String contentType, byte[] body) {
        /** Whether the protobuf body holds this string (strings are stored as UTF-8 bytes in protobuf). */
        boolean mentions(String text) {
            return new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        }
    }

    private final List<Export> exports = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exports.add(new Export(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "100ms");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.MatchesType(OtlpReceiver.class));
    }

    List<Export> exports() {
        return exports;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
