package dev.podtriage.stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.cluster.CacheEvaluator;
import dev.podtriage.cluster.KeptDiagnoses;
import dev.podtriage.cluster.TestCluster;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.IgnoreAnnotation;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The memo behind current-time reports: kept diagnoses, horizons, and the changes it fires. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(DiagnosisMemoTest.ShortPending.class)
class DiagnosisMemoTest {
    private static final String NOT_FOUND_POD = "web-7d9c8b5f4d-x2v9k";
    private static final Duration BOUND = Duration.ofSeconds(20);

    /**
     * Pending pods are reported after 3 s instead of 5 min, so that a horizon passes within the test;
     * a new subject's first verdict is held for 3 s (default 1 s), a margin on a loaded machine.
     */
    public static class ShortPending implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.diagnosis.pending-unscheduled-after", "3s", "triage.cluster.memo-first-verdict", FIRST_VERDICT.toSeconds() + "s");
        }
    }

    private static final Duration FIRST_VERDICT = Duration.ofSeconds(3);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KeptDiagnoses memo;

    @Inject
    CacheEvaluator caches;

    @Inject
    ChangeRecorder recorder;

    private KubernetesClient client() {
        return server.getClient();
    }

    private Optional<Diagnosis> kept(String namespace, String pod) {
        return memo.catchUp(Duration.ofSeconds(5)) ? memo.pod(namespace, pod).map(KeptDiagnoses.KeptPod::diagnosis) : Optional.empty();
    }

    private static String podKey(String namespace, String pod) {
        return SubjectRef.pod(namespace, pod, null).key();
    }

    @Test
    void aWarmReportMakesNoEngineCallForUnchangedPods() {
        TestCluster.load(client(), "image/not-found-containerd.json", "memo-warm");
        client().pods().inNamespace("memo-warm").resource(TestCluster.healthyPod("memo-warm", "ok-1")).create();
        await().atMost(BOUND).until(() -> kept("memo-warm", NOT_FOUND_POD).isPresent() && kept("memo-warm", "ok-1").isPresent());

        long before = caches.podEvaluations();
        given().when().get("/api/v1/namespaces/memo-warm/diagnoses?severity=info")
                .then().statusCode(200)
                .body("summary.pods", equalTo(2))
                .body("diagnoses.pod.name", hasItem(NOT_FOUND_POD))
                .body("diagnoses[0].findings[0].rule", equalTo("image-not-found"));
        given().when().get("/api/v1/diagnoses").then().statusCode(200).body("diagnoses.pod.name", hasItem(NOT_FOUND_POD));
        given().when().get("/api/v1/namespaces/memo-warm/pods/ok-1/diagnosis").then().statusCode(200).body("healthy", equalTo(true));
        assertEquals(before, caches.podEvaluations(), "reports about now are written from the memo, without the engine");

        given().queryParam("at", "2026-11-27T10:00:00Z").when().get("/api/v1/namespaces/memo-warm/diagnoses")
                .then().statusCode(200).body("summary.pods", equalTo(2));
        assertTrue(caches.podEvaluations() >= before + 2, "a report at another instant diagnoses afresh");
    }

    @Test
    void aHorizonFlipsTheVerdictWithoutAnyNewInput() {
        TestCluster.namespace(client(), "memo-horizon");
        Pod pending = new PodBuilder().withNewMetadata().withName("waiting").withNamespace("memo-horizon")
                .withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
        client().pods().inNamespace("memo-horizon").resource(pending).create();
        String version = client().pods().inNamespace("memo-horizon").withName("waiting").get().getMetadata().getResourceVersion();

        await().atMost(BOUND).until(() -> kept("memo-horizon", "waiting")
                .map(d -> d.findings().stream().anyMatch(f -> f.rule().equals("pending-not-scheduled"))).orElse(false));
        // a new pod's first verdict is told once the first-verdict grace has passed
        await().atMost(BOUND).until(() -> !recorder.of(podKey("memo-horizon", "waiting")).isEmpty());

        assertEquals(version, client().pods().inNamespace("memo-horizon").withName("waiting").get().getMetadata().getResourceVersion(),
                "the pod did not change: time alone flipped its verdict");
        List<DiagnosisChange> changes = recorder.of(podKey("memo-horizon", "waiting"));
        DiagnosisChange flip = changes.get(changes.size() - 1);
        assertTrue(flip.before().stream().noneMatch(f -> f.rule().equals("pending-not-scheduled")));
        assertTrue(flip.after().stream().anyMatch(f -> f.rule().equals("pending-not-scheduled")));
        client().pods().inNamespace("memo-horizon").withName("waiting").delete();
    }

    @Test
    void aWorkloadsOptOutEndsByTimeAloneWithoutAnyNewInput() {
        TestCluster.load(client(), "workload/quota-deployment-no-pods.json", "memo-optout");
        Instant until = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
        client().apps().deployments().inNamespace("memo-optout").withName("api").edit(d -> new DeploymentBuilder(d).editMetadata()
                .addToAnnotations(IgnoreAnnotation.KEY, "rule=quota-exceeded; until=" + until + "; reason=quota raise pending").endMetadata().build());
        String version = client().apps().deployments().inNamespace("memo-optout").withName("api").get().getMetadata().getResourceVersion();

        await().atMost(BOUND).until(() -> quotaFinding().map(f -> f.optOut() != null && until.equals(f.optOut().until())).orElse(false));
        await().atMost(BOUND).until(() -> quotaFinding().map(f -> f.optOut() == null).orElse(false));
        assertTrue(!Instant.now().isBefore(until), "the opt-out ended at its until, not before");
        assertEquals(version, client().apps().deployments().inNamespace("memo-optout").withName("api").get().getMetadata().getResourceVersion(),
                "the Deployment did not change: time alone ended its opt-out");
        assertTrue(memo.workload(WorkloadKind.DEPLOYMENT, "memo-optout", "api").orElseThrow().report().optOutProblems().stream()
                .anyMatch(p -> p.plain().contains("expired")), "the ended opt-out is said to have expired");
    }

    private Optional<Finding> quotaFinding() {
        return memo.catchUp(Duration.ofSeconds(5)) ? memo.workload(WorkloadKind.DEPLOYMENT, "memo-optout", "api")
                .flatMap(w -> w.report().findings().stream().filter(f -> f.rule().equals("quota-exceeded")).findFirst()) : Optional.empty();
    }

    @Test
    void changesFireInOrderWithSinceCarriedForwardAndDeletionIsGone() {
        TestCluster.load(client(), "image/not-found-containerd.json", "memo-changes");
        String key = podKey("memo-changes", NOT_FOUND_POD);
        // the pod may be seen before its events (image-pull-failed first): wait for the verdict its events give
        await().atMost(BOUND).until(() -> !recorder.of(key).isEmpty()
                && recorder.of(key).get(recorder.of(key).size() - 1).after().get(0).rule().equals("image-not-found"));
        List<DiagnosisChange> seen = recorder.of(key);
        assertNull(((DiagnosisChange.OfPod) seen.get(0)).previous(), "a new pod has no previous diagnosis");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).sequence() > seen.get(i - 1).sequence(), "fired in order");
            assertEquals(seen.get(i - 1).after().stream().map(Finding::key).toList(), seen.get(i).before().stream().map(Finding::key).toList(),
                    "each change starts where the one before ended");
        }
        DiagnosisChange first = seen.get(seen.size() - 1);
        Finding root = first.after().get(0);
        assertNotNull(root.since());

        // a label changes nothing the rules read: the pod is recomputed, no change is fired, since stays
        client().pods().inNamespace("memo-changes").withName(NOT_FOUND_POD).edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels("touched", "yes").endMetadata().build());
        await().atMost(BOUND).until(() -> memo.catchUp(Duration.ofSeconds(5))
                && kept("memo-changes", NOT_FOUND_POD).isPresent()
                && caches.pod("memo-changes", NOT_FOUND_POD).map(p -> p.getMetadata().getLabels().containsKey("touched")).orElse(false));
        await().atMost(BOUND).until(() -> kept("memo-changes", NOT_FOUND_POD).map(d -> d.evaluatedAt().isAfter(first.at())).orElse(false));
        assertEquals(seen.size(), recorder.of(key).size(), "a recomputation with the same verdict fires nothing");
        assertEquals(root.since(), kept("memo-changes", NOT_FOUND_POD).orElseThrow().findings().get(0).since());

        client().pods().inNamespace("memo-changes").withName(NOT_FOUND_POD).delete();
        await().atMost(BOUND).until(() -> recorder.of(key).size() == seen.size() + 1);
        DiagnosisChange gone = recorder.of(key).get(seen.size());
        assertTrue(gone.gone());
        assertTrue(gone.sequence() > first.sequence());
        assertEquals(root.since(), gone.before().get(0).since(), "the change names the findings the pod had, with their since");
        assertTrue(gone.after().isEmpty());
        assertFalse(kept("memo-changes", NOT_FOUND_POD).isPresent());
    }

    @Test
    void aNewPodsFirstVerdictWaitsForItsEventsAndFiresOnceWithTheirRootCause() throws InterruptedException {
        String ns = "memo-first";
        TestCluster.namespace(client(), ns);
        List<HasMetadata> objects = new ManifestReader().read(Fixtures.read("scheduling/pvc-not-found-events-only.json"), false);
        Pod pod = objects.stream().filter(Pod.class::isInstance).map(Pod.class::cast).findFirst().orElseThrow();
        List<Event> events = objects.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
        pod.getMetadata().setNamespace(ns);
        events.forEach(e -> {
            e.getMetadata().setNamespace(ns);
            e.getInvolvedObject().setNamespace(ns);
        });
        String name = pod.getMetadata().getName();
        String key = podKey(ns, name);

        long created = System.nanoTime();
        String uid = client().pods().inNamespace(ns).resource(pod).create().getMetadata().getUid();
        events.forEach(e -> e.getInvolvedObject().setUid(uid)); // the uid the API server gave the pod
        // without its events the pod is merely Pending: reports show that meanwhile, nothing is fired
        await().atMost(BOUND).until(() -> kept(ns, name).isPresent());
        assertNotEquals("unschedulable-pvc", kept(ns, name).orElseThrow().findings().stream().findFirst().map(Finding::rule).orElse("none"));
        assertTrue(recorder.of(key).isEmpty(), "the first verdict is held");
        assertTrue(memo.held(SubjectRef.POD, ns, name));

        // its FailedScheduling event reaches the caches 300 ms after the pod
        Thread.sleep(Math.max(0, Duration.ofMillis(300).minusNanos(System.nanoTime() - created).toMillis()));
        events.forEach(e -> client().v1().events().inNamespace(ns).resource(e).create());
        await().atMost(BOUND).until(() -> !recorder.of(key).isEmpty());
        Thread.sleep(FIRST_VERDICT.toMillis()); // would a second change come?

        List<DiagnosisChange> changes = recorder.of(key);
        assertEquals(1, changes.size(), "one change: the verdict with the events");
        assertNull(((DiagnosisChange.OfPod) changes.get(0)).previous(), "told as new");
        assertEquals("unschedulable-pvc", changes.get(0).after().get(0).rule());
        assertEquals("unschedulable-pvc", kept(ns, name).orElseThrow().findings().get(0).rule());
        assertFalse(memo.held(SubjectRef.POD, ns, name), "told");

        client().pods().inNamespace(ns).withName(name).delete();
        await().atMost(BOUND).until(() -> recorder.of(key).size() == 2 && recorder.of(key).get(1).gone());
    }

    @Test
    void aPodGoneWhileItsFirstVerdictIsHeldIsNeverTold() throws InterruptedException {
        String ns = "memo-brief";
        TestCluster.load(client(), "image/not-found-containerd.json", ns);
        await().atMost(BOUND).until(() -> kept(ns, NOT_FOUND_POD).isPresent());
        client().pods().inNamespace(ns).withName(NOT_FOUND_POD).delete();
        await().atMost(BOUND).until(() -> memo.catchUp(Duration.ofSeconds(5)) && kept(ns, NOT_FOUND_POD).isEmpty());
        Thread.sleep(FIRST_VERDICT.toMillis() + 500);
        assertEquals(List.of(), recorder.of(podKey(ns, NOT_FOUND_POD)), "listeners never heard of it: no open, no gone");
    }
}
