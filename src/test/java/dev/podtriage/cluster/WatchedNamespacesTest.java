package dev.podtriage.cluster;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.IgnoreAnnotation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code triage.cluster.namespaces} set, the watched Namespaces are cached one informer each
 * (field selector {@code metadata.name}): their opt-out annotation applies, and a warm report still
 * makes no API call.
 */
@QuarkusTest
@TestProfile(WatchedNamespacesTest.Watched.class)
@WithKubernetesTestServer(crud = true)
class WatchedNamespacesTest {
    static final String ANNOTATED = "watched-sandbox";
    static final String PLAIN = "watched-shop";
    private static final String AT = "2026-11-27T10:00:00Z";

    public static class Watched implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.cluster.namespaces", ANNOTATED + "," + PLAIN);
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterCache cache;

    @Inject
    ApiCallCounter calls;

    private static ValidatableResponse report(String namespace) {
        return given().queryParam("at", AT).when().get("/api/v1/namespaces/" + namespace + "/diagnoses").then().statusCode(200);
    }

    @Test
    void aWatchedNamespacesAnnotationAppliesFromTheCacheWithoutApiCalls() {
        KubernetesClient client = server.getClient();
        TestCluster.load(client, "image/not-found-containerd.json", ANNOTATED);
        TestCluster.load(client, "image/not-found-containerd.json", PLAIN);
        TestCluster.namespace(client, "unwatched");
        client.namespaces().withName(ANNOTATED).edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToAnnotations(IgnoreAnnotation.KEY, "until=2099-01-01T00:00:00Z; reason=load test").endMetadata().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.live()
                && cache.metadata("Namespace", null, ANNOTATED).map(m -> m.getAnnotations() != null
                        && m.getAnnotations().containsKey(IgnoreAnnotation.KEY)).orElse(false)
                && cache.kinds().pods().inNamespace(PLAIN).size() == 1);

        long before = calls.total();
        report(ANNOTATED)
                .body("counts.optedOut", equalTo(1))
                .body("diagnoses[0].findings[0].rule", equalTo("image-not-found"))
                .body("diagnoses[0].findings[0].optOut.object", equalTo("Namespace " + ANNOTATED))
                .body("diagnoses[0].findings[0].optOut.reason", equalTo("load test"));
        report(PLAIN).body("counts.optedOut", equalTo(0)).body("diagnoses[0].findings[0].optOut", nullValue());
        assertEquals(0, calls.total() - before, "a warm report reads the watched Namespaces from the caches");

        client.namespaces().withName(ANNOTATED).edit(n -> new NamespaceBuilder(n).editMetadata()
                .removeFromAnnotations(IgnoreAnnotation.KEY).endMetadata().build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> report(ANNOTATED).body("counts.optedOut", equalTo(0)));
        assertTrue(cache.metadata("Namespace", null, "unwatched").isEmpty(), "a Namespace not watched is not cached");
    }
}
