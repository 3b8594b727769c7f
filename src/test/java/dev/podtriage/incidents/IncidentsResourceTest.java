package dev.podtriage.incidents;

import dev.podtriage.testing.ManagementPort;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.chatops.FixedClock;
import dev.podtriage.cluster.CachedDiagnoses;
import dev.podtriage.cluster.TestCluster;
import dev.podtriage.diagnosis.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's acceptance: 40 pods in 8 namespaces on one registry rate limit, 20 crash-looping
 * replicas of one Deployment, one lost node with 6 pods and one quota-blocked Deployment are
 * exactly 4 open incidents; deleting the failures resolves each once.
 */
@QuarkusTest
@TestProfile(IncidentsProfile.class)
@WithKubernetesTestServer(crud = true)
class IncidentsResourceTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String RATE_LIMIT = "image-pull-rate-limited/registry/docker.io";
    private static final String CRASH = "container-crash-loop/deployment/crash/checkout";
    private static final String NODE = "node-lost/node/ip-10-0-4-21.eu-west-1.compute.internal";
    private static final String QUOTA = "quota-exceeded/resourcequota/quota/payments-quota";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    CachedDiagnoses cached;

    @Inject
    IncidentChanges changes;

    private KubernetesClient client() {
        return server.getClient();
    }

    private static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + IncidentsProfile.TOKEN);
    }

    @Test
    void oneIncidentPerCauseThenEachResolvesOnce() {
        changes.clear();
        List<String> registryNamespaces = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            registryNamespaces.add("pulls-" + n);
            seed("image/rate-limited-containerd.json", "pulls-" + n, 5);
        }
        seed("image/rate-limited-containerd.json", "hidden-pulls", 2);
        seed("containers/crash-loop-exit1.json", "crash", 20);
        seed("lifecycle/node-lost-unreachable.json", "lost", 6);
        TestCluster.load(client(), "workload/quota-deployment-no-pods.json", "quota");
        awaitPods(68, "image-pull-rate-limited", "container-crash-loop", "node-lost");
        await().atMost(Duration.ofSeconds(30)).until(() -> cached.workloads(FixedClock.NOW).size() == 1);

        // the memo tells each new pod's and workload's first verdict once its events had time to arrive
        // (triage.cluster.memo-first-verdict): the incidents follow the last of them shortly after
        Map<String, Integer> members = Map.of(RATE_LIMIT, 42, CRASH, 20, NODE, 6, QUOTA, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> members.equals(latestPods()));
        JsonPath open = api().when().get("/api/v1/incidents").then().statusCode(200).extract().jsonPath();
        assertEquals(4, open.getInt("total"));
        // incidents open as the memo's changes arrive (while the pods are still being created): one
        // OPENED per incident, then CHANGED as it grows; the last event of each holds every member
        // (the hidden namespace's too: not scoped to a caller). A pod diagnosed before its events
        // are cached may open a short-lived incident of another cause (image-pull-failed before the
        // rate-limit event arrives): it resolves, and the notifications' delay keeps it quiet.
        Map<String, Long> opened = changes.of(IncidentChange.Type.OPENED).stream()
                .filter(c -> Set.of(RATE_LIMIT, CRASH, NODE, QUOTA).contains(c.incident().id()))
                .collect(Collectors.groupingBy(c -> c.incident().id(), Collectors.counting()));
        assertEquals(Map.of(RATE_LIMIT, 1L, CRASH, 1L, NODE, 1L, QUOTA, 1L), opened);
        assertEquals(members, latestPods());
        changes.clear();
        Map<String, Map<String, Object>> byId = open.<Map<String, Object>>getList("items").stream()
                .collect(Collectors.toMap(i -> (String) i.get("id"), i -> i));
        assertEquals(Stream.of(CRASH, NODE, QUOTA, RATE_LIMIT).sorted().toList(), byId.keySet().stream().sorted().toList());
        assertEquals(Map.of("pods", 40, "workloads", 8, "namespaces", 8, "nodes", 1), byId.get(RATE_LIMIT).get("scope"));
        assertEquals(Map.of("kind", "registry", "name", "docker.io"), byId.get(RATE_LIMIT).get("key"));
        assertEquals("docker.io rate-limits image pulls: 40 pods in 8 namespaces", byId.get(RATE_LIMIT).get("summary"));
        assertEquals(20, scope(byId.get(CRASH)).get("pods"));
        assertEquals(1, scope(byId.get(CRASH)).get("workloads"));
        assertEquals(6, scope(byId.get(NODE)).get("pods"));
        assertEquals(0, scope(byId.get(QUOTA)).get("pods"));
        assertEquals(1, scope(byId.get(QUOTA)).get("workloads"));
        // the widest critical incident first
        assertEquals(RATE_LIMIT, open.getString("items[0].id"));

        api().when().get("/api/v1/incidents/" + RATE_LIMIT).then().statusCode(200)
                .body("state", equalTo("open"))
                .body("resolvedAt", nullValue())
                .body("members", hasSize(40))
                .body("members.namespace.unique().sort()", equalTo(registryNamespaces))
                .body("members.since", everyItem(notNullValue()))
                .body("fixes[0]", containsString("Authenticate pulls from `docker.io`"))
                .body("fixes[0]", containsString("40 pods in 8 namespaces"));
        api().when().get("/api/v1/incidents/" + QUOTA).then().statusCode(200)
                .body("members[0].kind", equalTo("Deployment"))
                .body("members[0].name", equalTo("api"));
        api().queryParam("namespace", "crash").when().get("/api/v1/incidents").then().statusCode(200)
                .body("items.id", equalTo(List.of(CRASH)));
        api().queryParam("rule", "node-lost").when().get("/api/v1/incidents").then().statusCode(200)
                .body("items.id", equalTo(List.of(NODE)));
        JsonPath first = api().queryParam("limit", 3).when().get("/api/v1/incidents").then().statusCode(200).extract().jsonPath();
        api().queryParam("limit", 3).queryParam("continue", first.getString("continue")).when().get("/api/v1/incidents")
                .then().statusCode(200).body("items", hasSize(1)).body("continue", nullValue());
        api().queryParam("format", "markdown").when().get("/api/v1/incidents/" + RATE_LIMIT).then().statusCode(200)
                .contentType(containsString("text/markdown")).body(containsString("docker.io rate-limits image pulls"));
        api().accept("text/plain").when().get("/api/v1/incidents").then().statusCode(200)
                .body(containsString("4 open incidents"));

        ManagementPort.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("triage_incidents_open{rule=\"image-pull-rate-limited\",severity=\"critical\"} 1.0"))
                .body(containsString("triage_incidents_pods{rule=\"container-crash-loop\",severity=\"critical\"} 20.0"));
        given().contentType("application/x-www-form-urlencoded")
                .body("channel_id=fukbqz8m5pbjbj6oqh6ahqrzcw&command=%2Ftriage&text=incidents&token=" + IncidentsProfile.MATTERMOST_TOKEN
                        + "&user_id=7u8ggtxhxtdcpxjcoiyfrwb4ac&user_name=alice")
                .when().post("/api/v1/chatops/mattermost/commands").then().statusCode(200)
                .body("text", allOf(containsString("4 open incidents"), containsString("docker.io rate-limits image pulls: 40 pods in 8 namespaces"),
                        containsString("ResourceQuota payments-quota blocks new pods: 1 workload in namespace `quota`")));

        alertsOfTheMixinJoinTheSameFourIncidents();

        for (String ns : List.of("pulls-1", "pulls-2", "pulls-3", "pulls-4", "pulls-5", "pulls-6", "pulls-7", "pulls-8", "hidden-pulls", "crash", "lost")) {
            client().pods().inNamespace(ns).delete();
        }
        client().apps().deployments().inNamespace("quota").withName("api").delete();
        client().apps().replicaSets().inNamespace("quota").withName("api-5f6d7c8b9a").delete();
        awaitPods(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> cached.workloads(FixedClock.NOW).isEmpty());

        api().when().get("/api/v1/incidents").then().statusCode(200).body("total", equalTo(0));
        assertEquals(Stream.of(CRASH, NODE, QUOTA, RATE_LIMIT).sorted().toList(),
                changes.of(IncidentChange.Type.RESOLVED).stream().map(c -> c.incident().id()).sorted().toList(), "each resolves once");
        assertEquals(List.of(), changes.of(IncidentChange.Type.OPENED), "nothing opened again");
        ManagementPort.given().when().get("/q/metrics").then().statusCode(200)
                .body(not(containsString("triage_incidents_open{rule=\"image-pull-rate-limited\"")));
        for (int round = 0; round < 2; round++) {
            JsonPath resolved = api().queryParam("state", "all").when().get("/api/v1/incidents").then().statusCode(200)
                    .extract().jsonPath();
            // the four, and possibly short-lived ones of the seeding (see above), all resolved
            assertTrue(resolved.<String>getList("items.id").containsAll(List.of(CRASH, NODE, QUOTA, RATE_LIMIT)));
            assertEquals(List.of("resolved"), resolved.<String>getList("items.state").stream().distinct().toList());
            assertEquals(resolved.<String>getList("items").size(), resolved.<String>getList("items.resolvedAt").stream().filter(a -> a != null).count());
        }
        api().when().get("/api/v1/incidents/" + RATE_LIMIT).then().statusCode(200)
                // the members of the last evaluation that saw any: the pods were deleted one by one, and
                // evaluations follow the changes, so that is the last few of the 40
                .body("state", equalTo("resolved")).body("resolvedAt", notNullValue())
                .body("members.size()", allOf(greaterThan(0), lessThanOrEqualTo(40)));
    }

    /** 30 kubernetes-mixin alerts about the cluster of the acceptance test: the same 4 incidents, each listing its alerts. */
    private void alertsOfTheMixinJoinTheSameFourIncidents() {
        MixinAlerts alerts = new MixinAlerts();
        for (int n = 1; n <= 8; n++) {
            alerts.containerWaiting("pulls-" + n, "sessions-8c7b6a5d4e-vhgk4-0", "redis");
            alerts.podNotReady("pulls-" + n, "sessions-8c7b6a5d4e-vhgk4-2", n == 8 ? "resolved" : "firing");
        }
        alerts.containerWaiting("pulls-1", "sessions-8c7b6a5d4e-vhgk4-1", "redis");
        for (int i = 0; i < 5; i++) {
            alerts.crashLooping("crash", "checkout-7b8c9d6e5-a1s2d-" + i, "checkout");
        }
        alerts.replicasMismatch("crash", "checkout");
        for (int i = 0; i < 4; i++) {
            alerts.podNotReady("lost", "payments-6b8d9c7f5-mx4qk-" + i, "firing");
        }
        alerts.quotaExceeded("quota", "payments-quota", "pods");
        alerts.replicasMismatch("quota", "api");
        alerts.jobFailed("batch", "nightly-report");
        assertEquals(30, alerts.size());

        changes.clear();
        JsonPath answer = api().contentType("application/json").body(alerts.payload()).when().post("/api/v1/alertmanager/webhook")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(30, answer.getInt("received"));
        assertEquals(Map.of(RATE_LIMIT, 17, CRASH, 6, NODE, 4, QUOTA, 2), answer.<String>getList("placed.incident").stream()
                .collect(Collectors.toMap(id -> id, id -> 1, Integer::sum)));
        assertEquals(List.of("KubeJobFailed"), answer.getList("unplaced.alertname"));
        assertEquals(List.of("Job batch/nightly-report is in no open incident: healthy, unknown, or its root cause is shared with nothing failing now"),
                answer.getList("unplaced.reason"));
        assertEquals(Stream.of(CRASH, NODE, QUOTA, RATE_LIMIT).sorted().toList(),
                changes.of(IncidentChange.Type.CHANGED).stream().map(c -> c.incident().id()).sorted().toList(), "each incident changes once");

        // posted again (Alertmanager repeats): the same alerts, by fingerprint
        api().contentType("application/json").body(alerts.payload()).when().post("/api/v1/alertmanager/webhook").then().statusCode(200);
        // the memo tells each new pod's and workload's first verdict once its events had time to arrive
        // (triage.cluster.memo-first-verdict): the incidents follow the last of them shortly after
        Map<String, Integer> members = Map.of(RATE_LIMIT, 42, CRASH, 20, NODE, 6, QUOTA, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> members.equals(latestPods()));
        JsonPath open = api().when().get("/api/v1/incidents").then().statusCode(200).extract().jsonPath();
        assertEquals(4, open.getInt("total"));
        api().when().get("/api/v1/incidents/" + RATE_LIMIT).then().statusCode(200)
                .body("alerts", hasSize(17))
                .body("alerts.findAll { it.alertname == 'KubeContainerWaiting' }", hasSize(9))
                .body("alerts.findAll { it.status == 'resolved' }.alertname", equalTo(List.of("KubePodNotReady")))
                .body("alerts[0].fingerprint", notNullValue());
        api().when().get("/api/v1/incidents/" + QUOTA).then().statusCode(200)
                .body("alerts.alertname", equalTo(List.of("KubeQuotaExceeded", "KubeDeploymentReplicasMismatch")));
        api().queryParam("format", "text").when().get("/api/v1/incidents/" + CRASH).then().statusCode(200)
                .body(containsString("KubePodCrashLooping ×5 and KubeDeploymentReplicasMismatch ×1"));
    }

    @Test
    void badAlertmanagerPayloadsAreProblems() {
        String alert = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"KubePodNotReady\",\"namespace\":\"a\",\"pod\":\"b\"},"
                + "\"fingerprint\":\"1a2b3c\"}";
        for (String bad : List.of("not json", "[]", "{\"version\":\"3\",\"alerts\":[]}", "{\"version\":\"4\"}",
                "{\"version\":\"4\",\"alerts\":[" + alert.replace("\"fingerprint\":\"1a2b3c\"", "\"fingerprint\":\"\"") + "]}",
                "{\"version\":\"4\",\"alerts\":[" + alert.replace("firing", "pending") + "]}")) {
            api().contentType("application/json").body(bad).when().post("/api/v1/alertmanager/webhook")
                    .then().statusCode(400).contentType(PROBLEM);
        }
        api().contentType("application/json").body("{\"version\":\"4\",\"alerts\":[" + alert + "]}").when()
                .post("/api/v1/alertmanager/webhook").then().statusCode(200).body("unplaced[0].alertname", equalTo("KubePodNotReady"));
        String huge = "{\"version\":\"4\",\"alerts\":[" + String.join(",", java.util.Collections.nCopies(4000, alert)) + "]}";
        api().contentType("application/json").body(huge).when().post("/api/v1/alertmanager/webhook").then().statusCode(413).contentType(PROBLEM);
        given().contentType("application/json").body("{\"version\":\"4\",\"alerts\":[]}").when().post("/api/v1/alertmanager/webhook")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void badQueriesAreProblems() {
        for (Map.Entry<String, String> bad : Map.of("state", "closed", "severity", "fatal", "since", "yesterday",
                "until", "2026-13-01", "limit", "0", "continue", "abc", "rule", "no-such-rule").entrySet()) {
            api().queryParam(bad.getKey(), bad.getValue()).when().get("/api/v1/incidents")
                    .then().statusCode(400).contentType(PROBLEM).body("detail", containsString(bad.getKey().equals("rule") ? "rule" : ""));
        }
        api().when().get("/api/v1/incidents/image-pull-rate-limited/registry/nowhere.example").then().statusCode(404).contentType(PROBLEM);
        given().when().get("/api/v1/incidents").then().statusCode(401).contentType(PROBLEM);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scope(Map<String, Object> incident) {
        return (Map<String, Object>) incident.get("scope");
    }

    private void seed(String fixture, String namespace, int copies) {
        Replicas.seed(client(), fixture, namespace, copies);
    }

    /** The pods of each of the four incidents, as the last OPENED or CHANGED event of each says. */
    private Map<String, Integer> latestPods() {
        Map<String, Integer> latest = new HashMap<>();
        Stream.concat(changes.of(IncidentChange.Type.OPENED).stream(), changes.of(IncidentChange.Type.CHANGED).stream())
                .filter(c -> Set.of(RATE_LIMIT, CRASH, NODE, QUOTA).contains(c.incident().id()))
                .sorted(Comparator.comparing(IncidentChange::at))
                .forEach(c -> latest.put(c.incident().id(), c.incident().scope().pods()));
        return latest;
    }

    /** Until the caches hold {@code pods} pods, each diagnosed with one of {@code rules} (their events are cached too). */
    private void awaitPods(int pods, String... rules) {
        await().atMost(Duration.ofSeconds(30)).until(() -> cached.live() && cached.pods(FixedClock.NOW).stream()
                .filter(d -> !d.findings().isEmpty() && List.of(rules).contains(d.findings().get(0).rule())).count() == pods
                && cached.pods(FixedClock.NOW).size() == pods);
    }
}
