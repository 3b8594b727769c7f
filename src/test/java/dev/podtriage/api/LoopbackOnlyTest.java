package dev.podtriage.api;

import dev.podtriage.testing.ManagementPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No token configured: the API answers callers on loopback and refuses the others with 403, judged
 * by the connection's address, whatever X-Forwarded-For says. The server listens on every interface
 * and the test calls it through the machine's own non-loopback address.
 */
@QuarkusTest
@TestProfile(LoopbackOnlyTest.AllInterfaces.class)
class LoopbackOnlyTest {
    public static class AllInterfaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.host", "0.0.0.0", "quarkus.management.host", "0.0.0.0");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void onlyLoopbackCallersAreAnsweredWithoutATokenConfigured() throws Exception {
        assertEquals(200, RawHttp.send(root.getPort(), "GET", "/api/v1/rules", null, null, null).status());
        InetAddress external = nonLoopbackAddress().orElse(null);
        Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address");
        RawHttp.Answer refused = RawHttp.send(external, root.getPort(), "GET", "/api/v1/rules", null, null, null);
        assertEquals(403, refused.status(), refused::toString);
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertTrue(refused.body().contains("triage.auth.open=true"), refused.body());
        assertEquals(403, RawHttp.send(external, root.getPort(), "GET", "/api;/v1/rules", null, null, null).status());
        assertEquals(403, RawHttp.sendWith(external, root.getPort(), "GET /api/v1/rules", "X-Forwarded-For: 127.0.0.1\r\nForwarded: for=127.0.0.1\r\n")
                .status(), "forwarding headers do not make a caller local");
        assertEquals(200, RawHttp.send(external, ManagementPort.port(), "GET", "/q/health/live", null, null, null).status(),
                "the probes on the management port answer every caller");
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
