package dev.podtriage.deploy;

import dev.podtriage.testing.ManagementPort;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * One version, the pom's, in /q/info, OpenAPI and the image; the Jib image configuration (no image is
 * built here: base images cannot be fetched on this machine, and {@code ./mvnw package} builds none).
 */
@QuarkusTest
class BuildInfoTest {
    private final Config config = ConfigProvider.getConfig();

    @Test
    void infoShowsThePomVersionAndTheGitCommit() throws IOException {
        JsonNode info = DashboardTest.JSON.readTree(ManagementPort.given().get("/q/info").then().statusCode(200).extract().asString());
        assertEquals(HelmChartTest.pomVersion(), info.path("build").path("version").asText());
        assertTrue(info.path("git").path("commit").path("id").asText().matches("[0-9a-f]{7,40}"), info.path("git").toString());
    }

    @Test
    void openApiCarriesThePomVersion() throws IOException {
        JsonNode doc = DashboardTest.JSON.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        assertEquals(HelmChartTest.pomVersion(), doc.path("info").path("version").asText());
    }

    @Test
    void packageBuildsNoImageUnlessAsked() {
        assertFalse(config.getValue("quarkus.container-image.build", Boolean.class));
        assertFalse(config.getOptionalValue("quarkus.container-image.push", Boolean.class).orElse(false));
    }

    @Test
    void jibImageIsPinnedNonRootSizedToTheContainerAndLabelled() throws IOException {
        String base = config.getValue("quarkus.jib.base-jvm-image", String.class);
        assertTrue(base.matches(".+@sha256:[0-9a-f]{64}") || base.matches(".+:\\d+\\.\\d+(\\.\\d+)?(-\\d+)?"),
                "base image pinned by digest or exact version tag: " + base);
        Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(Files.readString(Path.of("docker", "Dockerfile.jvm")));
        assertTrue(from.find());
        assertEquals(from.group(1), base, "Jib and docker/Dockerfile.jvm start from the same base image");
        assertEquals(185, config.getValue("quarkus.jib.user", Integer.class));
        // the ports as configured (a test runs on ports of its own)
        java.util.Properties app = new java.util.Properties();
        try (var in = Files.newBufferedReader(Path.of("src", "main", "resources", "application.properties"))) {
            app.load(in);
        }
        List<Integer> ports = List.of(Integer.valueOf(app.getProperty("quarkus.http.port")), Integer.valueOf(app.getProperty("quarkus.management.port")));
        assertEquals(ports, List.of(config.getValue("quarkus.jib.ports", Integer[].class)), "Jib exposes the API and management ports");
        Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(Files.readString(Path.of("docker", "Dockerfile.jvm")));
        assertTrue(expose.find());
        assertEquals(ports.stream().map(String::valueOf).toList(), List.of(expose.group(1).trim().split("\\s+")), "the Dockerfile exposes them too");
        List<String> jvm = List.of(config.getValue("quarkus.jib.jvm-additional-arguments", String[].class));
        assertTrue(jvm.contains("-XX:MaxRAMPercentage=70"), "heap sized to the container limit: " + jvm);
        String version = HelmChartTest.pomVersion();
        assertEquals(version, config.getValue("quarkus.application.version", String.class));
        assertEquals(version, config.getValue("quarkus.container-image.labels.\"org.opencontainers.image.version\"", String.class));
        assertEquals(version, config.getValue("quarkus.container-image.tag", String.class));
        assertFalse(config.getValue("quarkus.container-image.labels.\"org.opencontainers.image.revision\"", String.class).isBlank());
        String image = config.getValue("quarkus.container-image.registry", String.class) + "/"
                + config.getValue("quarkus.container-image.group", String.class) + "/"
                + config.getValue("quarkus.container-image.name", String.class);
        JsonNode values = ManifestsTest.YAML.readTree(HelmChart.DIR.resolve("values.yaml").toFile());
        assertEquals(values.path("image").path("repository").asText(), image, "the chart deploys the image Jib names");
    }
}
