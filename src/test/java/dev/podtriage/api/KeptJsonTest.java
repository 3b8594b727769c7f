package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.cluster.KeptDiagnoses;
import dev.podtriage.cluster.LabelSelector;
import dev.podtriage.cluster.LiveDiagnosisService;
import dev.podtriage.cluster.TestCluster;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.ReportPage;
import dev.podtriage.diagnosis.Severity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A warm report writes the JSON its memo keeps for each listed diagnosis: byte for byte what the
 * API's ObjectMapper writes, reused until the diagnosis changes; its counts are kept, not recounted.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class KeptJsonTest {
    private static final String NS = "kept-json";
    private static final String FAILING = "web-7d9c8b5f4d-x2v9k";
    private static final String REPORT = "/api/v1/namespaces/" + NS + "/diagnoses";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KeptDiagnoses memo;

    @Inject
    LiveDiagnosisService service;

    @Inject
    KeptJsonWriter writer;

    @Inject
    ObjectMapper mapper;

    private Optional<Diagnosis> kept(String pod) {
        return memo.catchUp(Duration.ofSeconds(5)) ? memo.pod(NS, pod).map(KeptDiagnoses.KeptPod::diagnosis) : Optional.empty();
    }

    private void loadCluster() {
        if (kept(FAILING).isEmpty()) {
            TestCluster.load(server.getClient(), "image/not-found-containerd.json", NS);
            server.getClient().pods().inNamespace(NS).resource(TestCluster.healthyPod(NS, "ok-1")).create();
            server.getClient().pods().inNamespace(NS).resource(TestCluster.healthyPod(NS, "ok-2")).create();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> kept("ok-1").isPresent() && kept("ok-2").isPresent()
                && kept(FAILING).map(d -> !d.findings().isEmpty() && d.findings().get(0).rule().equals("image-not-found")).orElse(false));
    }

    private byte[] written(Object entity) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(entity, entity.getClass(), entity.getClass(), new java.lang.annotation.Annotation[0], MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), out);
        return out.toByteArray();
    }

    private Report report(ReportFilter filter) {
        return service.namespace(NS, null, LabelSelector.everything(), filter, false);
    }

    @Test
    void aReportWrittenFromKeptJsonIsByteForByteWhatJacksonWrites() throws IOException {
        loadCluster();
        Report report = report(ReportFilter.of(Severity.INFO, false));
        Diagnosis failing = report.diagnoses().get(0);
        assertEquals(FAILING, failing.pod().name());
        assertNotNull(failing.findings().get(0).since(), "the kept finding carries the start of its episode");
        assertSame(kept(FAILING).orElseThrow(), failing, "the report lists the memo's own diagnosis");

        byte[] first = written(report);
        assertTrue(memo.json(failing).orElseThrow().written(), "writing the report kept the diagnosis' JSON");
        byte[] keptJson = writer.json(failing).orElseThrow();
        assertSame(keptJson, writer.json(failing).orElseThrow(), "written once, then reused");
        byte[] second = written(report);

        byte[] plain = mapper.writeValueAsBytes(report);
        assertArrayEquals(plain, first, new String(first, StandardCharsets.UTF_8));
        assertArrayEquals(plain, second, "the second answer, from the kept bytes, is Jackson's to the byte");
        assertTrue(new String(plain, StandardCharsets.UTF_8).contains("\"since\":\""), "since is written");
        assertArrayEquals(mapper.writeValueAsBytes(failing), keptJson);

        // a page, every pod (healthy ones are written by Jackson the first time), a pod alone, the cluster
        Report page = ReportPage.of(1, null).orElseThrow().apply(report(ReportFilter.everything()));
        assertArrayEquals(mapper.writeValueAsBytes(page), written(page));
        Report all = report(ReportFilter.everything());
        assertArrayEquals(mapper.writeValueAsBytes(all), written(all));
        assertArrayEquals(mapper.writeValueAsBytes(all), written(all));
        assertArrayEquals(mapper.writeValueAsBytes(failing), written(failing));
        Report cluster = service.cluster(null, LabelSelector.everything(), ReportFilter.of(Severity.INFO, false), false);
        assertArrayEquals(mapper.writeValueAsBytes(cluster), written(cluster));
    }

    @Test
    void theJsonEndpointWritesThroughTheKeptJsonAndItsTagsHold() {
        loadCluster();
        Response r = given().when().get(REPORT);
        r.then().statusCode(200).body("diagnoses[0].pod.name", equalTo(FAILING)).body("diagnoses[0].findings[0].since", org.hamcrest.Matchers.notNullValue());
        assertTrue(memo.json(kept(FAILING).orElseThrow()).orElseThrow().written(), "the HTTP answer went through the kept JSON");
        String tag = r.header("ETag");
        given().header("If-None-Match", tag).when().get(REPORT).then().statusCode(304);
        given().queryParam("limit", 1).when().get(REPORT).then().statusCode(200).body("diagnoses.size()", equalTo(1));

        server.getClient().pods().inNamespace(NS).withName("ok-2").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> kept("ok-2").isEmpty());
        Response after = given().when().get(REPORT);
        after.then().statusCode(200).body("summary.pods", equalTo(2));
        assertNotEquals(tag, after.header("ETag"), "a pod fewer: the counts changed, so does the tag");
        server.getClient().pods().inNamespace(NS).resource(TestCluster.healthyPod(NS, "ok-2")).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> kept("ok-2").isPresent());
    }

    @Test
    void keptCountsAreThoseOfEveryPod() {
        loadCluster();
        Report.Summary counted = report(ReportFilter.everything()).summary(); // counted over every kept pod
        Report.Summary kept = report(ReportFilter.of(Severity.INFO, false)).summary(); // the memo's counts
        assertEquals(counted, kept);
        assertEquals(3, kept.pods());
        assertEquals(2, kept.healthy());
        assertEquals(1, kept.byRule().get("image-not-found"));
        Report.Summary everywhere = service.cluster(null, LabelSelector.everything(), ReportFilter.everything(), false).summary();
        assertEquals(everywhere, service.cluster(null, LabelSelector.everything(), ReportFilter.of(Severity.INFO, false), false).summary());
    }
}
