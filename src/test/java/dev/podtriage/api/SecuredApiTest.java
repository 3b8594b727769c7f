package dev.podtriage.api;

import dev.podtriage.testing.ManagementPort;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SecuredApiTest.Tokens.class)
class SecuredApiTest {
    private static final String PROBLEM = "application/problem+json";
    static final String DASHBOARD = "dash-7f3a9c1e5b2d4e6f";
    static final String BOT = "bot-00d1e5b2a9c8f7e6";
    private static final String EXAMPLE_POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.27\"}]},\"status\":{\"phase\":\"Running\"}}";

    public static class Tokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.auth.tokens.dashboard", DASHBOARD,
                    "triage.auth.tokens.chatbot", BOT,
                    "triage.auth.protect-management", "true",
                    "triage.audit.coalesce", "0s",
                    "triage.scope.deny", "kube-*,secret-team");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void apiNeedsAToken() {
        given().when().get("/api/v1/rules")
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer wrong-token").when().get("/api/v1/rules")
                .then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", "Basic ZGFzaDpkYXNo").when().get("/api/v1/rules")
                .then().statusCode(401);
    }

    @Test
    void theStreamAndTheRolloutGateNeedTheTokenAndKeepTheScope() {
        given().queryParam("watch", "true").when().get("/api/v1/diagnoses")
                .then().statusCode(401).contentType(PROBLEM);
        given().queryParam("watch", "true").when().get("/api/v1/watch/diagnoses")
                .then().statusCode(401).contentType(PROBLEM);
        given().queryParam("timeout", "1s").when().get("/api/v1/namespaces/shop/workloads/deployment/web/rollout")
                .then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", "Bearer " + DASHBOARD).queryParam("watch", "true")
                .when().get("/api/v1/namespaces/secret-team/diagnoses")
                .then().statusCode(403).contentType(PROBLEM);
        given().header("Authorization", "Bearer " + DASHBOARD).queryParam("timeout", "1s")
                .when().get("/api/v1/namespaces/kube-system/workloads/deployment/coredns/rollout")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void everyConfiguredTokenIsAccepted() {
        given().header("Authorization", "Bearer " + DASHBOARD).when().get("/api/v1/rules").then().statusCode(200);
        given().header("Authorization", "bearer " + BOT).when().get("/api/v1/rules/image-not-found").then().statusCode(200);
    }

    @Test
    void noSpellingOfAPathGetsPastTheToken() throws Exception {
        int reachable = 0;
        for (String target : PathTricks.TRICKS) {
            RawHttp.Answer anonymous = RawHttp.send(root.getPort(), "GET", target, null, null, null);
            RawHttp.Answer authorised = RawHttp.send(root.getPort(), "GET", target, "Bearer " + DASHBOARD, null, null);
            assertTrue(anonymous.status() >= 400 && anonymous.status() < 500, () -> target + " without a token: " + anonymous);
            assertFalse(anonymous.body().contains("image-not-found"), () -> target + " leaked data: " + anonymous.body());
            if (authorised.status() < 400) {
                reachable++;
                assertEquals(401, anonymous.status(), () -> target + " reaches a resource, so without a token it must be 401: " + anonymous);
            }
            if (anonymous.status() == 401) {
                assertEquals(PROBLEM, anonymous.header("Content-Type"), target);
            }
        }
        int routed = reachable;
        assertTrue(routed >= 10, () -> "the tricks must include spellings that routing takes to a resource: only " + routed);
        // the reported bypasses, exactly
        assertEquals(200, RawHttp.send(root.getPort(), "GET", "/api;/v1/rules", "Bearer " + DASHBOARD, null, null).status());
        assertEquals(401, RawHttp.send(root.getPort(), "GET", "/api;/v1/rules", null, null, null).status());
        assertEquals(401, RawHttp.send(root.getPort(), "GET", "/api;foo=bar/v1/rules/image-not-found", null, null, null).status());
        assertEquals(401, RawHttp.send(root.getPort(), "POST", "/api;/v1/diagnose", null, "application/json", EXAMPLE_POD).status());
        assertEquals(200, RawHttp.send(root.getPort(), "POST", "/api;/v1/diagnose", "Bearer " + BOT, "application/json", EXAMPLE_POD).status());
    }

    @Test
    void everyRequestThatReachesAResourceIsAudited() throws Exception {
        List<LogRecord> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                lines.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger audit = Logger.getLogger("dev.podtriage.audit");
        Level level = audit.getLevel();
        audit.setLevel(Level.INFO); // tests log dev.podtriage at WARN
        audit.addHandler(capture);
        try {
            RawHttp.send(root.getPort(), "GET", "/api;x=1/v1/rules/image-not-found", null, null, null);
            RawHttp.send(root.getPort(), "GET", "/api/v1;/rules", "Bearer " + BOT, null, null);
        } finally {
            audit.removeHandler(capture);
            audit.setLevel(level);
        }
        List<String> messages = lines.stream().map(r -> r.getLevel() + " " + formatted(r)).toList();
        assertTrue(messages.contains("WARN token=- GET /api/v1/rules/{id} -> 401"), () -> "audit: " + messages);
        assertTrue(messages.contains("INFO token=chatbot GET /api/v1/rules -> 200"), () -> "audit: " + messages);
    }

    private static String formatted(LogRecord r) {
        return r.getParameters() == null || r.getParameters().length == 0 ? r.getMessage()
                : String.format(r.getMessage(), r.getParameters());
    }

    @Test
    void unauthenticatedPathsDoNotFillTheUriTags() throws Exception {
        Set<String> before = uriTags();
        for (int i = 0; i < 200; i++) {
            String target = switch (i % 4) {
                case 0 -> "/api/v1/rules-" + i;
                case 1 -> "/api;x" + i + "/v1/rules";
                case 2 -> "/api/v1/namespaces/ns-" + i + "/diagnoses";
                default -> "/api/v" + i + "/whatever";
            };
            int status = RawHttp.send(root.getPort(), "GET", target, null, null, null).status();
            assertTrue(status == 401 || status == 404, target + " -> " + status);
        }
        Set<String> after = uriTags();
        after.removeAll(before);
        assertTrue(after.size() <= 5, () -> "200 unauthenticated paths added uri tags " + after);
    }

    private static Set<String> uriTags() {
        String metrics = ManagementPort.given().header("Authorization", "Bearer " + DASHBOARD).when().get("/q/metrics")
                .then().statusCode(200).extract().asString();
        Set<String> uris = new TreeSet<>();
        Matcher m = Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]*)\"").matcher(metrics);
        while (m.find()) {
            uris.add(m.group(1));
        }
        return uris;
    }

    @Test
    void healthStaysOpenAndManagementFollowsTheSetting() {
        ManagementPort.given().when().get("/q/health/live").then().statusCode(200);
        ManagementPort.given().when().get("/q/metrics").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer"));
        ManagementPort.given().when().get("/q/info").then().statusCode(401).contentType(PROBLEM);
        ManagementPort.given().header("Authorization", "Bearer wrong-token").when().get("/q/metrics").then().statusCode(401);
        ManagementPort.given().header("Authorization", "Bearer " + DASHBOARD).when().get("/q/info").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", "Bearer " + DASHBOARD).when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void swaggerUiLoadsOpenlyAndAsksForTheTokenToReadTheDocument() throws Exception {
        String page = given().redirects().follow(true).when().get("/q/swagger-ui/").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertTrue(page.contains("pod-triage-token"), "the page sends a token it was given to /q/openapi");
        assertTrue(page.contains("requestInterceptor") && page.contains("responseInterceptor"), page);
        Matcher asset = Pattern.compile("src=\"([^\"]+\\.js)\"").matcher(page);
        assertTrue(asset.find(), page);
        String script = asset.group(1).startsWith("/") ? asset.group(1) : "/q/swagger-ui/" + asset.group(1).replaceFirst("^\\./", "");
        given().when().get(script).then().statusCode(200);
        for (String target : List.of("/q/openapi", "/q/openapi?format=json", "/q/openapi;x", "/q//openapi", "/Q/OpenAPI", "/q/openapi/",
                "/q/./openapi", "/q/x/../openapi", "/q/%6fpenapi")) {
            RawHttp.Answer anonymous = RawHttp.send(root.getPort(), "GET", target, null, null, null);
            assertTrue(anonymous.status() == 401 || anonymous.status() == 404, () -> target + ": " + anonymous);
            assertFalse(anonymous.body().contains("openapi:") || anonymous.body().contains("\"openapi\""), target);
        }
        for (String target : List.of("/q/metrics", "/q/metrics;x", "/q/metrics/", "/q//metrics", "/Q/Metrics", "/q/./metrics",
                "/q/x/../metrics", "/q/%6detrics", "/q/info", "/q/info;x", "/q//info", "/q/%69nfo")) {
            RawHttp.Answer anonymous = RawHttp.send(ManagementPort.port(), "GET", target, null, null, null);
            assertTrue(anonymous.status() == 401 || anonymous.status() == 404, () -> target + ": " + anonymous);
            assertFalse(anonymous.body().contains("http_server") || anonymous.body().contains("\"version\""), target);
        }
    }

    @Test
    void deniedNamespacesAre403() {
        given().header("Authorization", "Bearer " + DASHBOARD).when().get("/api/v1/namespaces/kube-system/diagnoses")
                .then().statusCode(403).contentType(PROBLEM)
                .body("status", equalTo(403))
                .body("detail", containsString("kube-system"));
        given().header("Authorization", "Bearer " + DASHBOARD).when().get("/api/v1/namespaces/secret-team/pods/x/diagnosis")
                .then().statusCode(403);
    }
}
