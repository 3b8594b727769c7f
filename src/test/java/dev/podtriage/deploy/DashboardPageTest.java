package dev.podtriage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.cluster.TestCluster;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard page at /ui/ in a real headless Chromium (Debian's {@code chromium}, driven by npm's
 * {@code puppeteer-core} from src/test/node): it shows the mock cluster's failing pods with their root
 * cause and its incident with the blast radius, and narrows both by namespace and severity.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class DashboardPageTest {
    private static final String POD = "web-7d9c8b5f4d-x2v9k";

    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource("/ui/")
    URL page;

    @Test
    void showsFailingPodsAndTheirIncidentAndFiltersThem() throws Exception {
        HeadlessChromium.assumeAvailable("Dashboard browser test");
        TestCluster.load(server.getClient(), "image/not-found-containerd.json", "ui-shop");
        TestCluster.load(server.getClient(), "image/not-found-containerd.json", "ui-other");
        KubernetesSchemas.install();

        KubernetesSchemas.Result r = KubernetesSchemas.run(null, "node", "dashboard-check.mjs", page.toString(), "ui-shop", "ui-shop/" + POD);
        assertEquals(0, r.exit(), r::output);
        JsonNode seen = new ObjectMapper().readTree(r.output().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(0, seen.path("errors").size(), () -> "errors on the page: " + seen.path("errors"));
        assertEquals("live", seen.path("status").asText());

        List<String> pods = rows(seen.path("before").path("pods"));
        assertTrue(pods.stream().anyMatch(p -> p.contains("ui-shop/" + POD) && p.contains("image-not-found") && p.contains("ImagePullBackOff")
                && p.contains("critical")), () -> "failing pods shown: " + pods);
        assertTrue(pods.stream().anyMatch(p -> p.contains("ui-other/" + POD)), () -> "failing pods shown: " + pods);
        List<String> incidents = rows(seen.path("before").path("incidents"));
        assertTrue(incidents.stream().anyMatch(i -> i.contains("nginx:1.99") && i.contains("pod(s)") && i.contains("namespace(s)")),
                () -> "incidents shown: " + incidents);

        List<String> filtered = rows(seen.path("filtered").path("pods"));
        assertTrue(filtered.stream().anyMatch(p -> p.contains("ui-shop/" + POD)), () -> "after choosing ui-shop: " + filtered);
        assertTrue(filtered.stream().allMatch(p -> p.contains("ui-shop/") && p.contains("critical")), () -> "after choosing ui-shop, critical: " + filtered);
        assertTrue(rows(seen.path("filtered").path("incidents")).stream().anyMatch(i -> i.contains("nginx:1.99")));
    }

    /** Each row's cells joined by " | ". */
    private static List<String> rows(JsonNode table) {
        List<String> out = new ArrayList<>();
        table.forEach(row -> {
            List<String> cells = new ArrayList<>();
            row.forEach(c -> cells.add(c.asText()));
            out.add(String.join(" | ", cells));
        });
        return out;
    }
}
