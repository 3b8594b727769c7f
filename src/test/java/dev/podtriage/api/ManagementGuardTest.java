package dev.podtriage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The management paths are judged on a canonical form wider than anything the router matches. */
class ManagementGuardTest {
    @Test
    void everySpellingOfAProtectedEndpointIsProtected() {
        for (String path : new String[] {"/q/openapi", "/q/openapi.json", "/q/openapi/", "/q/openapi;x", "/q;x/openapi", "/Q/OpenAPI",
                "//q//openapi", "/q/openapi%3Bx"}) {
            assertEquals(Optional.of("/q/openapi"), ManagementGuard.protectedEndpoint(path, ManagementGuard.PROTECTED), path);
        }
        for (String path : new String[] {"/q/swagger-ui/", "/q/swagger-ui/index.html", "/q/metrics", "/api/v1/rules", "/", null}) {
            assertEquals(Optional.empty(), ManagementGuard.protectedEndpoint(path, ManagementGuard.PROTECTED), String.valueOf(path));
        }
    }

    @Test
    void onTheManagementPortMetricsAndInfoAreProtectedAndHealthIsNot() {
        assertEquals(Optional.of("/q/metrics"), ManagementGuard.protectedEndpoint("/q/Metrics;a=b/", ManagementGuard.PROTECTED_MANAGEMENT));
        assertEquals(Optional.of("/q/info"), ManagementGuard.protectedEndpoint("//q/INFO", ManagementGuard.PROTECTED_MANAGEMENT));
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready;x", "/q/health/started", "/", null}) {
            assertEquals(Optional.empty(), ManagementGuard.protectedEndpoint(path, ManagementGuard.PROTECTED_MANAGEMENT), String.valueOf(path));
        }
    }
}
