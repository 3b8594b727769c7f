package dev.podtriage.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URI;

/**
 * The management interface's port in a {@code @QuarkusTest}: {@code /q/health}, {@code /q/metrics}
 * and {@code /q/info} live there, not on the API port RestAssured uses by default.
 */
public final class ManagementPort {
    private ManagementPort() {
    }

    /** The port the running application's management interface listens on. */
    public static int port() {
        return URI.create(TestHTTPResourceManager.getManagementUri()).getPort();
    }

    /** A RestAssured request to the management interface. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
