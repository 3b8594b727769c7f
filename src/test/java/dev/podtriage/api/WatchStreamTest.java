package dev.podtriage.api;

import dev.podtriage.diagnosis.Prose;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.cluster.CachedDiagnoses;
import dev.podtriage.cluster.TestCluster;
import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.incidents.Member;
import dev.podtriage.stream.DiagnosisChange;
import dev.podtriage.stream.SubjectRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code ?watch=true} read by a real SSE client; changes are fired as the diagnosis memo and the incidents service fire them. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class WatchStreamTest {
    private static final String POD = "web-7d9c8b5f4d-x2v9k";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    CachedDiagnoses cached;

    @Inject
    Event<DiagnosisChange> changes;

    @Inject
    Event<IncidentChange> incidents;

    @Inject
    WatchHub hub;

    @TestHTTPResource("/")
    URL base;

    private KubernetesClient client() {
        return server.getClient();
    }

    /** The failing pod of the fixture, loaded into {@code ns} and diagnosed from the caches. */
    private Diagnosis failingPod(String ns) {
        TestCluster.load(client(), "image/not-found-containerd.json", ns);
        await().atMost(Duration.ofSeconds(20)).until(() -> cached.pod(ns, POD, Instant.now(), false).isPresent());
        return cached.pod(ns, POD, Instant.now(), false).orElseThrow();
    }

    private void podChanged(String ns, Diagnosis previous, Diagnosis current) {
        changes.fire(new DiagnosisChange.OfPod(SEQUENCE.incrementAndGet(), Instant.now(), SubjectRef.pod(ns, POD, "uid-" + ns),
                previous, current));
    }

    /**
     * The next event the test fired itself: the fixture's pod is real, so the memo and the incidents
     * service open a real incident for it (id `image-not-found/image/docker.io/library/nginx:1.99`),
     * whose events may come in between.
     */
    private static SseClient.Event nextOwn(SseClient sse) throws Exception {
        SseClient.Event e = sse.nextEvent();
        while ("incident".equals(e.name()) && !e.data().contains("image-not-found/image/nginx:1.99")) {
            e = sse.nextEvent();
        }
        return e;
    }

    private SseClient open(String path, Map<String, String> headers) throws Exception {
        SseClient sse = SseClient.open(base.toString().replaceAll("/$", "") + path, headers);
        assertEquals(200, sse.status());
        assertTrue(sse.contentType().startsWith("text/event-stream"), sse.contentType());
        return sse;
    }

    @Test
    void streamsTheCurrentDiagnosesThenEachChangeOfItsNamespace() throws Exception {
        Diagnosis failing = failingPod("watch-a");
        TestCluster.namespace(client(), "watch-b");
        try (SseClient sse = open("/api/v1/namespaces/watch-a/diagnoses?watch=true", Map.of())) {
            SseClient.Event first = sse.nextEvent();
            assertEquals("diagnosis", first.name());
            assertTrue(first.data().contains("\"name\":\"" + POD + "\"") && first.data().contains("image-not-found"), first.data());
            assertNull(first.id(), "the full state is not resumable event by event");
            SseClient.Event synced = sse.nextEvent();
            assertEquals("synced", synced.name());
            long syncedAt = Long.parseLong(synced.id());

            podChanged("watch-b", null, failing); // another namespace: not for this stream
            podChanged("watch-a", failing, failing);
            SseClient.Event changed = nextOwn(sse);
            assertEquals("diagnosis", changed.name());
            assertTrue(changed.data().contains("\"namespace\":\"watch-a\""), changed.data());
            assertTrue(Long.parseLong(changed.id()) > syncedAt + 1, "ids increase; the other namespace's change took one");

            podChanged("watch-a", failing, null);
            SseClient.Event gone = nextOwn(sse);
            assertEquals("removed", gone.name());
            assertTrue(gone.data().contains("\"reason\":\"gone\""), gone.data());
            assertTrue(Long.parseLong(gone.id()) > Long.parseLong(changed.id()));

            Instant now = Instant.now();
            Incident incident = new Incident("image-not-found/image/nginx:1.99", "image-not-found", Severity.CRITICAL, "Image or tag not found",
                    Incident.OPEN, new Cause("image", null, "nginx:1.99"), Prose.fromMarkdown("nginx:1.99 does not exist: 1 pod"), now, now, null,
                    new Incident.Scope(1, 1, 1, 1), List.of(new Member("Pod", "watch-a", POD, null, "node-3", now)), List.of(), List.of());
            incidents.fire(new IncidentChange(IncidentChange.Type.OPENED, incident, now));
            SseClient.Event opened = nextOwn(sse);
            assertEquals("incident", opened.name());
            assertTrue(opened.data().contains("\"type\":\"opened\"") && opened.data().contains("image-not-found/image/nginx:1.99"), opened.data());

            // the fixture's pod is real: the memo's held first verdict and the incidents service may still speak of it; then a heartbeat
            SseClient.Event beat = sse.next();
            for (int i = 0; i < 10 && beat.comment() == null; i++) {
                beat = sse.next();
            }
            assertNotNull(beat.comment(), "a heartbeat comment while the test changes nothing");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.open() == 0);
    }

    @Test
    void lastEventIdResumesWithTheChangesAfterItOrSendsTheFullStateAgain() throws Exception {
        Diagnosis failing = failingPod("watch-resume");
        long resumeFrom;
        try (SseClient sse = open("/api/v1/diagnoses?watch=true&severity=critical", Map.of())) {
            SseClient.Event e;
            do {
                e = sse.nextEvent();
            } while (!"synced".equals(e.name()));
            podChanged("watch-resume", null, failing);
            resumeFrom = Long.parseLong(sse.nextEvent().id());
        }
        podChanged("watch-resume", failing, null); // while the client was away
        try (SseClient sse = open("/api/v1/diagnoses?watch=true&severity=critical", Map.of("Last-Event-ID", Long.toString(resumeFrom)))) {
            SseClient.Event missed = sse.nextEvent();
            assertEquals("removed", missed.name(), "the change missed, without the full state first");
            assertTrue(missed.data().contains("watch-resume"), missed.data());
            assertTrue(Long.parseLong(missed.id()) > resumeFrom);
        }
        try (SseClient sse = open("/api/v1/namespaces/watch-resume/diagnoses?watch=true", Map.of("Last-Event-ID", "987654321"))) {
            SseClient.Event reset = sse.nextEvent();
            assertEquals("reset", reset.name());
            assertTrue(reset.data().contains("full state follows"), reset.data());
            List<String> names = new ArrayList<>();
            SseClient.Event e;
            do {
                e = sse.nextEvent();
                names.add(e.name());
            } while (!"synced".equals(e.name()));
            assertEquals(List.of("diagnosis", "synced"), names);
        }
    }

    @Test
    void badWatchParametersAreProblems() {
        given().queryParam("watch", "maybe").when().get("/api/v1/diagnoses")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("'maybe'"));
        given().queryParam("watch", "true").queryParam("labelSelector", "app=web").when().get("/api/v1/diagnoses")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("labelSelector"));
        given().queryParam("watch", "true").when().get("/api/v1/namespaces/no-such-ns/diagnoses")
                .then().statusCode(404).contentType("application/problem+json");
        given().queryParam("watch", "false").queryParam("severity", "critical").when().get("/api/v1/diagnoses")
                .then().statusCode(200).contentType(containsString("json"));
    }
}
