package dev.podtriage.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's rules end to end: settings in configuration, the catalog that GET /api/v1/rules serves, and a
 * diagnosis that applies them (a severity override, a rule turned off, a custom rule from a mounted file that takes its place).
 */
@QuarkusTest
@TestProfile(OperatorRulesTest.Profile.class)
class OperatorRulesTest {
    private static final String AT = "2026-11-27T10:00:00Z";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.rules.\"image-not-found\".severity", "warning",
                    "triage.rules.container-crash-loop.enabled", "false",
                    "triage.rules.quota-exceeded.enabled", "false",
                    "triage.rules.custom-file", "src/test/resources/custom-rules/rules.yaml");
        }
    }

    @Test
    void theCatalogShowsTheEffectiveSettings() {
        given().when().get("/api/v1/rules/image-not-found").then().statusCode(200)
                .body("severity", equalTo("warning"))
                .body("defaultSeverity", equalTo("critical"))
                .body("overridden", equalTo(true))
                .body("enabled", equalTo(true))
                .body("custom", equalTo(false));
        given().when().get("/api/v1/rules/container-crash-loop").then().statusCode(200)
                .body("enabled", equalTo(false))
                .body("overridden", equalTo(true));
        given().when().get("/api/v1/rules").then().statusCode(200)
                .body("find { it.id == 'image-pull-failed' }.overridden", equalTo(false))
                .body("find { it.id == 'missing-app-setting' }.custom", equalTo(true))
                .body("find { it.id == 'missing-app-setting' }.severity", equalTo("critical"))
                .body("find { it.id == 'missing-app-setting' }.detection", containsString("exit code 1"));
    }

    @Test
    void anOverriddenSeverityIsAppliedAndSaysSo() {
        given().contentType("application/json").body(Fixtures.read("image/not-found-containerd.json")).queryParam("at", AT)
                .when().post("/api/v1/diagnose").then().statusCode(200)
                .body("summary.critical", equalTo(0))
                .body("summary.warning", equalTo(1))
                .body("diagnoses[0].severity", equalTo("warning"))
                .body("diagnoses[0].findings[0].rule", equalTo("image-not-found"))
                .body("diagnoses[0].findings[0].severity", equalTo("warning"))
                .body("diagnoses[0].findings[0].message", containsString("(warning, not critical: set by operator)"));
    }

    @Test
    void aWorkloadWhoseOnlyFindingIsTurnedOffIsListedWithItsSuppressedCount() {
        JsonPath report = given().contentType("application/json")
                .body(Fixtures.read("workload/quota-deployment-no-pods.json")).queryParam("at", AT)
                .when().post("/api/v1/diagnose").then().statusCode(200)
                .body("workloads.size()", equalTo(1))
                .body("workloads[0].workload.kind", equalTo("Deployment"))
                .body("workloads[0].findings.size()", equalTo(0))
                .extract().jsonPath();
        int suppressed = report.getInt("workloads[0].suppressed");
        assertTrue(suppressed > 0, "the turned-off quota-exceeded finding is counted on the workload");
        assertEquals(suppressed, report.getInt("counts.suppressed"), "and in the report's counts");
    }

    @Test
    void aCustomRuleFiresAndADisabledRuleIsCountedAsSuppressed() {
        String fixture = "containers/crash-loop-exit1.json";
        long lint = Fixtures.diagnose(fixture).findings().stream().filter(f -> f.rule().equals("container-crash-loop")).count();
        assertTrue(lint > 0, "the fixture has the crash-loop finding that is turned off here");
        given().contentType("application/json").body(Fixtures.read(fixture)).queryParam("at", AT)
                .when().post("/api/v1/diagnose").then().statusCode(200)
                .body("summary.suppressed", equalTo((int) lint))
                .body("diagnoses[0].suppressed", equalTo((int) lint))
                .body("diagnoses[0].findings[0].rule", equalTo("missing-app-setting"))
                .body("diagnoses[0].findings.rule", not(hasItem("container-crash-loop")))
                .body("diagnoses[0].findings.find { it.rule == 'missing-app-setting' }.container", equalTo("checkout"))
                .body("diagnoses[0].findings.find { it.rule == 'missing-app-setting' }.fixes[0]",
                        equalTo("Set `STRIPE_API_KEY` for container `checkout` (image `registry.example.com/shop/checkout:4.0.0`), "
                                + "e.g. from a Secret with `envFrom`"));
    }
}
