package dev.podtriage.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * With an OTLP endpoint configured, each HTTP request becomes a span exported over OTLP/HTTP
 * (protobuf) to a receiver on loopback. Without one (every other test, and the default) the SDK is off.
 */
@QuarkusTest
@WithTestResource(OtlpReceiver.class)
@TestProfile(TracingTest.OnTheSandbox.class)
class TracingTest {
    /** A cluster to read without a cluster: the sandbox. */
    public static class OnTheSandbox implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.sandbox.enabled", "true");
        }
    }

    OtlpReceiver receiver;

    @Test
    void aRequestIsExportedAsASpan() {
        given().get("/api/v1/rules").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.exports().stream().anyMatch(e -> e.mentions("/api/v1/rules")));
        OtlpReceiver.Export export = receiver.exports().stream().filter(e -> e.mentions("/api/v1/rules")).findFirst().orElseThrow();
        assertEquals("/v1/traces", export.path());
        assertEquals("application/x-protobuf", export.contentType());
        assertTrue(export.mentions("pod-triage"), "the service name is the resource's");
    }

    @Test
    void logLinesCarryTheTraceId() {
        String format = ConfigProvider.getConfig().getValue("quarkus.log.console.format", String.class);
        assertTrue(format.contains("%X{traceId}") && format.contains("%X{spanId}"), format);
    }
}
