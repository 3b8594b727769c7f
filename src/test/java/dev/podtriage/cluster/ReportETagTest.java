package dev.podtriage.cluster;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A polling dashboard gets 304 while nothing changed, and a new tag as soon as something did. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ReportETagTest {
    private static final String AT = "2026-11-27T10:00:00Z";
    private static final String POD = "/api/v1/namespaces/etag/pods/web-7d9c8b5f4d-x2v9k/diagnosis";
    private static final String NAMESPACE = "/api/v1/namespaces/etag/diagnoses";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterCache cache;

    private static String tag(String path, String at, String format) {
        Response r = given().queryParam("at", at).queryParam("format", format).when().get(path);
        r.then().statusCode(200).header("ETag", matchesPattern("\"[0-9a-f]{32}\"")).header("Vary", containsString("Accept"));
        return r.header("ETag");
    }

    private void load(String fixture, int pods) {
        TestCluster.load(server.getClient(), fixture, "etag");
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.live() && cache.kinds().pods().inNamespace("etag").size() == pods);
    }

    @Test
    void unchangedAnswersAre304AndChangedOnesCarryANewTag() {
        load("image/not-found-containerd.json", 1);
        load("workload/podsecurity-no-pods.json", 1);
        for (String path : List.of(POD, NAMESPACE, "/api/v1/diagnoses", "/api/v1/namespaces/etag/workloads/deployment/builder-agent/diagnosis")) {
            String tag = tag(path, AT, "json");
            given().queryParam("at", AT).queryParam("format", "json").header("If-None-Match", tag).when().get(path)
                    .then().statusCode(304).header("ETag", equalTo(tag)).body(emptyString());
            given().queryParam("at", AT).header("If-None-Match", "\"0123\", " + tag).when().get(path).then().statusCode(304);
            given().queryParam("at", AT).header("If-None-Match", "\"0123\"").when().get(path).then().statusCode(200);
        }
        // the evaluation instant alone is no change
        assertEquals(tag(POD, AT, "json"), tag(POD, "2026-11-27T10:00:01Z", "json"));
        // every format has tags of its own
        String json = tag(NAMESPACE, AT, "json");
        String markdown = tag(NAMESPACE, AT, "markdown");
        assertNotEquals(json, markdown);
        assertNotEquals(json, tag(NAMESPACE, AT, "text"));
        given().queryParam("at", AT).queryParam("format", "markdown").header("If-None-Match", json).when().get(NAMESPACE)
                .then().statusCode(200).body(containsString("etag/web-7d9c8b5f4d-x2v9k"));
        given().queryParam("at", AT).accept("text/markdown").header("If-None-Match", markdown).when().get(NAMESPACE).then().statusCode(304);
        // another failing pod in the namespace: the namespace's and the cluster's reports change, the pod's does not
        String pod = tag(POD, AT, "json");
        String cluster = tag("/api/v1/diagnoses", AT, "json");
        load("containers/crash-loop-exit1.json", 2);
        given().queryParam("at", AT).queryParam("format", "json").header("If-None-Match", json).when().get(NAMESPACE)
                .then().statusCode(200).header("ETag", org.hamcrest.Matchers.not(equalTo(json)));
        given().queryParam("at", AT).queryParam("format", "json").header("If-None-Match", cluster).when().get("/api/v1/diagnoses")
                .then().statusCode(200);
        given().queryParam("at", AT).queryParam("format", "json").header("If-None-Match", pod).when().get(POD).then().statusCode(304);
    }

    @Test
    void errorsCarryNoTag() {
        given().header("If-None-Match", "*").when().get("/api/v1/namespaces/etag-none/pods/x/diagnosis")
                .then().statusCode(404).header("ETag", org.hamcrest.Matchers.nullValue());
    }
}
