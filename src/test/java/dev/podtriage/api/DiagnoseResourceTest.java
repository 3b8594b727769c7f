package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.podtriage.diagnosis.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DiagnoseResourceTest {
    private static final String PROBLEM = "application/problem+json";

    @Test
    void diagnosesAKubectlList() {
        given().contentType("application/json").body(Fixtures.read("image/not-found-containerd.json"))
                .queryParam("at", "2026-11-27T10:00:00Z")
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body("cluster", equalTo("offline"))
                .body("evaluatedAt", equalTo("2026-11-27T10:00:00Z"))
                .body("summary.pods", equalTo(1))
                .body("summary.critical", equalTo(1))
                .body("summary.byRule.image-not-found", equalTo(1))
                .body("diagnoses[0].pod.name", equalTo("web-7d9c8b5f4d-x2v9k"))
                .body("diagnoses[0].pod.owner.kind", equalTo("Deployment"))
                .body("diagnoses[0].healthy", equalTo(false))
                .body("diagnoses[0].severity", equalTo("critical"))
                .body("diagnoses[0].findings[0].rule", equalTo("image-not-found"))
                .body("diagnoses[0].findings[0].container", equalTo("main-app"))
                .body("diagnoses[0].findings[0].evidence.source", hasItem("event"))
                .body("diagnoses[0].findings[0].fixes[0]", containsString("nginx"));
    }

    /** The fixture's pod with its namespace sent too, annotated; the evaluation instant decides whether the opt-out still holds. */
    private static String withNamespace(String ignore) {
        String list = Fixtures.read("image/not-found-containerd.json");
        int items = list.indexOf("\"items\"");
        int first = list.indexOf('[', items) + 1;
        String namespace = "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"shop\", "
                + "\"annotations\": {\"pod-triage.dev/ignore\": \"" + ignore + "\"}}},";
        return list.substring(0, first) + namespace + list.substring(first);
    }

    @Test
    void aNamespaceSentWithItsOptOutAnnotationMarksTheFindingsItCovers() {
        String body = withNamespace("rule=image-not-found; until=2026-11-30; reason=registry migration");
        given().contentType("application/json").body(body).queryParam("at", "2026-11-27T10:00:00Z")
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body("counts.optedOut", equalTo(1))
                .body("diagnoses[0].severity", equalTo("critical"))
                .body("diagnoses[0].findings[0].rule", equalTo("image-not-found"))
                .body("diagnoses[0].findings[0].optOut.object", equalTo("Namespace shop"))
                .body("diagnoses[0].findings[0].optOut.rule", equalTo("image-not-found"))
                .body("diagnoses[0].findings[0].optOut.until", equalTo("2026-12-01T00:00:00Z"))
                .body("diagnoses[0].findings[0].optOut.reason", equalTo("registry migration"))
                .body("diagnoses[0].optOutProblems", equalTo(null));
        // at= past the until: the same input is no longer opted out, and the diagnosis says it expired
        given().contentType("application/json").body(body).queryParam("at", "2026-12-01T00:00:00Z")
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body("counts.optedOut", equalTo(0))
                .body("diagnoses[0].findings[0].optOut", equalTo(null))
                .body("diagnoses[0].optOutProblems", contains("Namespace shop: pod-triage.dev/ignore expired at 2026-12-01T00:00:00Z"));
        given().contentType("application/json").body(withNamespace("reason=forever")).queryParam("at", "2026-11-27T10:00:00Z")
                .queryParam("format", "text")
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body(containsString("Namespace shop: pod-triage.dev/ignore not applied: no until="));
    }

    @Test
    void acceptsYaml() {
        given().contentType("application/yaml").body(bytes(Examples.OOM_POD_YAML))
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body("diagnoses[0].pod.name", equalTo("cache-0"))
                .body("diagnoses[0].pod.namespace", equalTo("shop"));
    }

    @Test
    void anythingAfterTheDocumentIsRefused() {
        String pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.27\"}]},\"status\":{\"phase\":\"Running\"}}";
        given().contentType("application/json").body(pod + "\n").when().post("/api/v1/diagnose").then().statusCode(200);
        for (String body : new String[] {pod + " trailing garbage", pod + pod, pod + "\n" + pod.replace("\"p\"", "\"q\""), pod + "]", pod + " 42"}) {
            given().contentType("application/json").body(body).when().post("/api/v1/diagnose")
                    .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
        }
        // YAML separates documents with `---` (each is diagnosed, see below); garbage after one is refused
        given().contentType("application/yaml").body(bytes(Examples.OOM_POD_YAML + "]\n")).when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void malformedJsonSaysWhere() {
        given().contentType("application/json").body("{\"kind\": \"Pod\",\n  \"metadata\": {\"name\": }\n}")
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("type", startsWith("urn:pod-triage:problem:"))
                .body("detail", containsString("line 2"));
    }

    @Test
    void malformedYamlSaysWhere() {
        given().contentType("application/yaml").body(bytes("kind: Pod\nmetadata:\n  name: [unclosed\n"))
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("not valid YAML"));
    }

    @Test
    void wrongKindIsRefused() {
        given().contentType("application/json").body("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}")
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("ConfigMap"))
                .body("detail", containsString("expected a Pod"));
    }

    @Test
    void workloadsWithoutAnyPodAreAReportOfTheirWorkloads() {
        // kubectl get deploy,rs,events -o json: a Deployment whose ReplicaSet PodSecurity refuses, no pod at all
        given().contentType("application/json").body(Fixtures.read("workload/podsecurity-no-pods.json"))
                .queryParam("at", "2026-11-27T10:00:00Z")
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body("summary.pods", equalTo(0))
                .body("diagnoses.size()", equalTo(0))
                .body("workloads.size()", equalTo(1))
                .body("workloads[0].workload.kind", equalTo("Deployment"))
                .body("workloads[0].workload.name", equalTo("builder-agent"))
                .body("workloads[0].healthy", equalTo(false))
                .body("workloads[0].findings.rule", hasItem("admission-denied"));
    }

    @Test
    void listWithoutPodsIsRefused() {
        given().contentType("application/json")
                .body("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"e\"}}]}")
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("no Pod"));
    }

    @Test
    void podOfTheWrongShapeIsRefused() {
        given().contentType("application/json")
                .body("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":\"nginx\"}}")
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("spec.containers"));
    }

    @Test
    void yamlAliasesAreRefused() {
        String bomb = "a: &a [x, x]\nb: &b [*a, *a]\nkind: Pod\n";
        given().contentType("application/yaml").body(bytes(bomb))
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("aliases"));
    }

    @Test
    void emptyBodyIsRefused() {
        given().contentType("application/json").body("")
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("empty"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + "x".repeat(300_000) + "\"}}";
        given().contentType("application/json").body(big)
                .when().post("/api/v1/diagnose")
                .then().statusCode(413).contentType(PROBLEM)
                .body("status", equalTo(413))
                .body("detail", containsString("triage.api.max-body-size"));
    }

    @Test
    void badInstantIs400() {
        given().contentType("application/json").body(Fixtures.read("image/not-found-containerd.json"))
                .queryParam("at", "yesterday")
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("ISO-8601"));
    }

    @Test
    void unsupportedMediaTypeIs415() {
        given().contentType("text/csv").body(bytes("a,b"))
                .when().post("/api/v1/diagnose")
                .then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void wrongMethodIs405() {
        given().when().get("/api/v1/diagnose")
                .then().statusCode(405).contentType(PROBLEM);
    }

    @Test
    void everyYamlDocumentIsDiagnosed() {
        String second = Examples.OOM_POD_YAML.replace("name: cache-0", "name: cache-1")
                .replace("9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f", "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e60");
        given().contentType("application/yaml").body(bytes(Examples.OOM_POD_YAML + "---\n" + second + "---\n"))
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body("summary.pods", equalTo(2))
                .body("diagnoses.pod.name", contains("cache-0", "cache-1"))
                .body("diagnoses.findings[0].rule", everyItem(equalTo("container-oom-killed")));
        given().contentType("application/yaml").body(bytes(Examples.OOM_POD_YAML + "---\nkind: Pod\nmetadata: [\n"))
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("YAML"));
    }

    @Test
    void aPodWithoutStatusIsNotCalledHealthy() {
        String manifest = Examples.OOM_POD_YAML.substring(0, Examples.OOM_POD_YAML.indexOf("status:"));
        given().contentType("application/yaml").body(bytes(manifest))
                .when().post("/api/v1/diagnose")
                .then().statusCode(200)
                .body("diagnoses[0].healthy", equalTo(false))
                .body("diagnoses[0].summary", containsString("without `status`"))
                .body("summary.healthy", equalTo(0));
    }

    @Test
    void parserErrorsNameNoClassNorSource() {
        for (String body : new String[] {"{\"kind\": \"Pod\", \"metadata\": {\"name\": 12, \"labels\": [1]}}",
                "{\"kind\": \"Pod\", \"spec\": {\"containers\": 3}}", "{\"kind\": \"Pod\" \"x\"}"}) {
            given().contentType("application/json").body(body)
                    .when().post("/api/v1/diagnose")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("detail", not(containsString("java.")))
                    .body("detail", not(containsString("fabric8")))
                    .body("detail", not(containsString("Source:")))
                    .body("detail", not(containsString("Exception")));
        }
    }

    /** YAML and other non-JSON bodies are sent as bytes (REST Assured has no YAML encoder). */
    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void podsAreCountedInJsonBeforeReadingIt() {
        String list = "{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}},"
                + "{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"a\"}},"
                + "{\"kind\":\"Pod\",\"metadata\":{\"ownerReferences\":[{\"kind\":\"Pod\"}]}}]}";
        org.junit.jupiter.api.Assertions.assertEquals(2, PodCount.inJson(list, 10));
        org.junit.jupiter.api.Assertions.assertEquals(1, PodCount.inJson("{\"kind\":\"Pod\"}", 10));
        org.junit.jupiter.api.Assertions.assertEquals(2, PodCount.inJson(list, 1), "counting stops past the limit");
    }

    @Test
    void morePodsThanTheCapIs400NamingTheSetting() {
        StringBuilder body = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[");
        for (int i = 0; i <= 1000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p-")
                    .append(i).append("\",\"namespace\":\"bulk\"}}");
        }
        body.append("]}");
        given().contentType("application/json").body(body.toString())
                .when().post("/api/v1/diagnose")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("urn:pod-triage:problem:too-many-pods"))
                .body("detail", containsString("more than 1000 pods"))
                .body("detail", containsString("triage.api.max-pods"));
    }
}
