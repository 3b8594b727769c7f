package dev.podtriage.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.testing.ManagementPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code triage_pods_failing} is the cluster's state, read from the caches without any request;
 * {@code triage_findings_total} counts what requests evaluated.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class StateMetricsTest {
    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterCache cache;

    @Inject
    StateMetrics state;

    private static String metrics() {
        return ManagementPort.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double failing(String metrics, String namespace, String rule, String severity) {
        Matcher m = Pattern.compile("(?m)^triage_pods_failing\\{namespace=\"" + namespace + "\",rule=\"" + rule + "\",severity=\""
                + severity + "\"} ([0-9.]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private void awaitCached(String namespace, int pods) {
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.live() && cache.kinds().pods().inNamespace(namespace).size() == pods);
    }

    @Test
    void gaugesFollowTheCachesWithoutAnyRequest() {
        TestCluster.load(server.getClient(), "image/not-found-containerd.json", "state-a");
        TestCluster.load(server.getClient(), "containers/crash-loop-exit1.json", "state-a");
        TestCluster.load(server.getClient(), "image/not-found-containerd.json", "state-b");
        server.getClient().pods().inNamespace("state-b").resource(TestCluster.healthyPod("state-b", "ok-1")).create();
        awaitCached("state-a", 2);
        awaitCached("state-b", 2);
        state.refresh();
        String metrics = metrics();
        assertEquals(1, failing(metrics, "state-a", "image-not-found", "critical"), metrics);
        assertEquals(1, failing(metrics, "state-a", "container-crash-loop", "critical"), metrics);
        assertEquals(1, failing(metrics, "state-b", "image-not-found", "critical"), metrics);
        assertFalse(metrics.contains("triage_pods_failing{namespace=\"state-b\",rule=\"resources"), "lint (info) is not failing");
        assertFalse(metrics.contains("triage_findings_total{namespace=\"state-a\""), "no request asked: the traffic counter is untouched");

        server.getClient().pods().inNamespace("state-a").withName("web-7d9c8b5f4d-x2v9k").delete();
        awaitCached("state-a", 1);
        state.refresh();
        String after = metrics();
        assertEquals(0, failing(after, "state-a", "image-not-found", "critical"), "the row of a rule no pod has any more drops out");
        assertTrue(after.contains("triage_pods_failing{namespace=\"state-a\",rule=\"container-crash-loop\",severity=\"critical\"} 1.0"), after);
    }
}
