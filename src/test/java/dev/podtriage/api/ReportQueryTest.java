package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.podtriage.cluster.TestCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report query of api.md: stable order, limit/continue paging, default severity, strict values. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ReportQueryTest {
    private static final String PROBLEM = "application/problem+json";

    @KubernetesTestServer
    KubernetesServer server;

    private void seed(String namespace, List<String> names) {
        TestCluster.namespace(server.getClient(), namespace);
        names.forEach(n -> server.getClient().pods().inNamespace(namespace).resource(TestCluster.healthyPod(namespace, n)).create());
        awaitPods(namespace, names.size());
    }

    private static void awaitPods(String namespace, int pods) {
        // the first call of a fresh application waits for the caches to sync
        await().atMost(Duration.ofSeconds(30)).until(() -> given().when().get("/api/v1/namespaces/" + namespace + "/diagnoses")
                .then().extract().jsonPath().getInt("summary.pods") == pods);
    }

    @Test
    void pagesWalkTheReportInNamespaceThenNameOrder() {
        seed("paging", List.of("delta", "alpha", "echo", "charlie", "bravo"));
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            var request = given().queryParam("all", "true").queryParam("limit", 2);
            if (next != null) {
                request.queryParam("continue", next);
            }
            JsonPath page = request.when().get("/api/v1/namespaces/paging/diagnoses")
                    .then().statusCode(200).body("summary.pods", equalTo(5)).extract().jsonPath();
            seen.addAll(page.getList("diagnoses.pod.name"));
            next = page.getString("continue");
            pages++;
        } while (next != null && pages < 10);
        assertEquals(List.of("alpha", "bravo", "charlie", "delta", "echo"), seen);
        assertEquals(3, pages);
    }

    @Test
    void aWholeReportIsSortedAndHasNoContinue() {
        seed("sorted", List.of("zulu", "mike", "alpha"));
        given().queryParam("all", "true").when().get("/api/v1/namespaces/sorted/diagnoses")
                .then().statusCode(200)
                .body("diagnoses.pod.name", contains("alpha", "mike", "zulu"))
                .body("continue", nullValue());
        given().queryParam("all", "true").queryParam("limit", 3).when().get("/api/v1/namespaces/sorted/diagnoses")
                .then().statusCode(200).body("continue", nullValue());
        given().queryParam("all", "true").queryParam("limit", 1).when().get("/api/v1/namespaces/sorted/diagnoses")
                .then().statusCode(200).body("diagnoses.pod.name", contains("alpha")).body("continue", notNullValue());
        given().queryParam("all", "true").queryParam("format", "text").when().get("/api/v1/namespaces/sorted/diagnoses")
                .then().statusCode(200).body(containsString("sorted/alpha"));
    }

    @Test
    void lintOnlyPodsAreNotListedByDefault() {
        TestCluster.load(server.getClient(), "lint/unbounded.json", "lint-only");
        awaitPods("lint-only", 1);
        JsonPath all = given().queryParam("severity", "info").when().get("/api/v1/namespaces/lint-only/diagnoses")
                .then().statusCode(200).extract().jsonPath();
        assertFalse(all.getList("diagnoses").isEmpty(), "severity=info lists the lint finding");
        assertEquals(List.of("info"), all.getList("diagnoses.severity"));
        given().when().get("/api/v1/namespaces/lint-only/diagnoses")
                .then().statusCode(200).body("diagnoses", empty()).body("summary.pods", equalTo(1));
    }

    @Test
    void valuesAReportCannotTakeAre400() {
        for (String[] bad : new String[][] {{"all", "maybe"}, {"logs", "yes"}, {"limit", "-1"}, {"limit", "0"}, {"limit", "abc"},
                {"continue", "not base64!"}, {"format", "pdf"}, {"severity", "urgent"}}) {
            given().queryParam(bad[0], bad[1]).when().get("/api/v1/diagnoses")
                    .then().statusCode(400).contentType(PROBLEM).body("detail", containsString(bad[1]));
        }
    }

    @Test
    void notAcceptableListsWhatCanBeProduced() {
        given().accept("image/png").when().get("/api/v1/diagnoses")
                .then().statusCode(406).contentType(PROBLEM)
                .body("detail", containsString("application/json"))
                .body("detail", containsString("text/markdown"))
                .body("detail", containsString("text/plain"));
    }
}
