package dev.podtriage.store;

import dev.podtriage.diagnosis.Prose;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.chatops.ChatCommand;
import dev.podtriage.chatops.ChatOpsService;
import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.OptOut;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.incidents.Member;
import dev.podtriage.render.Message;
import dev.podtriage.render.TextRenderer;
import dev.podtriage.stream.DiagnosisChange;
import dev.podtriage.stream.FindingOrigins;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The history of the running service: changes fired as the memo fires them are recorded off the event's
 * thread, answered by the history endpoints (newest first, paged, scoped, also for a pod that is gone),
 * by {@code FindingOrigins}, by {@code GET /api/v1/incidents?state=resolved&since=} and by the chat.
 */
@QuarkusTest
@TestProfile(HistoryProfile.class)
class HistoryApiTest {
    private static final String PROBLEM = "application/problem+json";

    @Inject
    Event<DiagnosisChange> changes;

    @Inject
    Event<IncidentChange> incidents;

    @Inject
    History history;

    @Inject
    FindingOrigins origins;

    @Inject
    ChatOpsService chat;

    private static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + HistoryProfile.TOKEN);
    }

    private static Instant t(int minutes) {
        return Changes.T0.plus(Duration.ofMinutes(minutes));
    }

    private void fire(DiagnosisChange... cs) {
        for (DiagnosisChange c : cs) {
            changes.fire(c);
        }
        history.flush();
    }

    @Test
    void aPodsHistoryIsNewestFirstPagedAndOutlivesThePod() {
        Changes pod = new Changes("api-7d9c-h1st0", "uid-h1");
        fire(pod.now(t(0), Changes.oom("app")), pod.now(t(10)), pod.now(t(30), Changes.crashLoop("app")), pod.gone(t(40)));

        api().get("/api/v1/namespaces/payments/pods/api-7d9c-h1st0/history").then().statusCode(200)
                .body("kind", equalTo("Pod"))
                .body("total", equalTo(2))
                .body("items[0].rule", equalTo("container-crash-loop"))
                .body("items[0].since", equalTo(t(30).toString()))
                .body("items[0].resolvedAt", equalTo(t(40).toString()))
                .body("items[1].rule", equalTo("container-oom-killed"))
                .body("items[1].resolvedAt", equalTo(t(10).toString()))
                .body("items[1].evidence[0].source", equalTo("status"))
                .body("items[1].owner.kind", equalTo("Deployment"))
                .body("continue", nullValue());
        String next = api().queryParam("limit", 1).get("/api/v1/namespaces/payments/pods/api-7d9c-h1st0/history").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].rule", equalTo("container-crash-loop"))
                .extract().path("continue");
        api().queryParam("limit", 1).queryParam("continue", next).get("/api/v1/namespaces/payments/pods/api-7d9c-h1st0/history")
                .then().statusCode(200).body("items[0].rule", equalTo("container-oom-killed")).body("continue", nullValue());
        api().get("/api/v1/namespaces/payments/workloads/deploy/api/history").then().statusCode(200)
                .body("kind", equalTo("Deployment")).body("items.name", hasItem("api-7d9c-h1st0"));
    }

    @Test
    void originsComeFromTheOpenEpisode() {
        Changes pod = new Changes("api-7d9c-or1g1", "uid-o1");
        fire(pod.now(t(0), Changes.oom("app")));
        assertEquals(t(0), origins.since(pod.subject(), "container-oom-killed/app").orElseThrow());
        assertTrue(origins.since(pod.subject(), "container-crash-loop/app").isEmpty());
    }

    @Test
    void badAsksAreProblems() {
        api().get("/api/v1/namespaces/payments/pods/never-seen/history").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("never saw a finding"));
        api().get("/api/v1/namespaces/hidden-team/pods/x/history").then().statusCode(403).contentType(PROBLEM);
        api().get("/api/v1/namespaces/payments/workloads/frobnicator/api/history").then().statusCode(400).contentType(PROBLEM);
        api().queryParam("limit", "0").get("/api/v1/namespaces/payments/pods/x/history").then().statusCode(400).contentType(PROBLEM);
        api().queryParam("continue", "abc").get("/api/v1/namespaces/payments/pods/x/history").then().statusCode(400).contentType(PROBLEM);
        given().get("/api/v1/namespaces/payments/pods/x/history").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void resolvedIncidentsNoLongerInMemoryComeFromTheStore() {
        OptOut ignored = new OptOut("Namespace payments", null, t(100), "registry migration");
        List<Member> members = List.of(new Member("Pod", "payments", "api-7d9c-1nc1d", new OwnerRef("Deployment", "api"), "node-1", t(0), ignored),
                new Member("Pod", "hidden-team", "web-1", new OwnerRef("Deployment", "web"), "node-1", t(0)));
        Incident resolved = new Incident("image-pull-rate-limited/registry/quay.io", "image-pull-rate-limited", Severity.CRITICAL,
                "Registry rate limit", Incident.RESOLVED, new Cause("registry", null, "quay.io"), Prose.fromMarkdown("quay.io rate-limits image pulls"),
                t(0), t(20), t(20), new Incident.Scope(2, 2, 2, 1), members, List.of(), List.of(Prose.fromMarkdown("Wait.")));
        incidents.fire(new IncidentChange(IncidentChange.Type.RESOLVED, resolved, t(20)));
        history.flush();

        api().queryParam("state", "resolved").queryParam("since", t(15).toString()).get("/api/v1/incidents").then().statusCode(200)
                .body("items.id", hasItem("image-pull-rate-limited/registry/quay.io"))
                .body("items.find { it.id == 'image-pull-rate-limited/registry/quay.io' }.members.namespace", not(hasItem("hidden-team")))
                .body("items.find { it.id == 'image-pull-rate-limited/registry/quay.io' }.resolvedAt", equalTo(t(20).toString()))
                .body("items.find { it.id == 'image-pull-rate-limited/registry/quay.io' }.optedOut", equalTo(1))
                .body("items.find { it.id == 'image-pull-rate-limited/registry/quay.io' }.members[0].optOut.reason", equalTo("registry migration"));
        api().queryParam("state", "resolved").queryParam("since", t(21).toString()).get("/api/v1/incidents").then().statusCode(200)
                .body("items.id", not(hasItem("image-pull-rate-limited/registry/quay.io")));
        api().get("/api/v1/incidents").then().statusCode(200).body("items.id", not(hasItem("image-pull-rate-limited/registry/quay.io")));
    }

    @Test
    void theChatTellsAPodsHistory() {
        Changes pod = new Changes("api-7d9c-ch4t0", "uid-c1");
        fire(pod.now(t(0), Changes.oom("app")), pod.now(t(5)), pod.now(t(7), Changes.oom("app")));

        Message m = chat.answer(ChatCommand.parse("history payments/api-7d9c-ch4t0"), "/triage").message();
        String text = new TextRenderer().render(m);
        assertTrue(text.contains("History of payments/api-7d9c-ch4t0"), text);
        assertTrue(text.contains("failing since " + t(7)), text);
        assertTrue(text.contains(t(0) + " → resolved " + t(5)), text);
        String unknown = new TextRenderer().render(chat.answer(ChatCommand.parse("history payments/nobody"), "/triage").message());
        assertTrue(unknown.contains("never saw a finding"), unknown);
    }
}
