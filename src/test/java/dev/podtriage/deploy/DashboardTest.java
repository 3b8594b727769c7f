package dev.podtriage.deploy;

import dev.podtriage.testing.ManagementPort;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (k8s/grafana/pod-triage.json) and the chart's PrometheusRule: a well-formed
 * dashboard whose queries name only metrics that the service exports — scraped from /q/metrics of
 * the service on its sandbox cluster with notifications on, after a few requests.
 */
@QuarkusTest
@TestProfile(DashboardTest.Exporting.class)
class DashboardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset");

    /** The sandbox with one sink that cannot be reached: every kind of triage metric then exists. */
    public static class Exporting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.sandbox.enabled", "true", "triage.cluster.name", "",
                    "triage.notify.enabled", "true", "triage.notify.interval", "500ms",
                    "triage.incidents.interval", "500ms", "triage.notify.delivery.max-attempts", "1",
                    "triage.notify.sinks.nowhere.type", "webhook",
                    // port 9 (discard) on loopback: nothing listens, the attempt fails at once
                    "triage.notify.sinks.nowhere.url", "http://127.0.0.1:9/hook",
                    "triage.notify.sinks.nowhere.delay", "0s");
        }
    }

    @Test
    void dashboardIsWellFormed() throws IOException {
        JsonNode d = JSON.readTree(HelmChartTest.DASHBOARD.toFile());
        assertEquals("pod-triage", d.path("uid").asText());
        assertFalse(d.path("title").asText().isBlank());
        assertTrue(d.path("schemaVersion").asInt() > 30);
        Set<Integer> ids = new HashSet<>();
        JsonNode panels = d.path("panels");
        assertTrue(panels.size() >= 6, "panels");
        for (JsonNode p : panels) {
            assertTrue(ids.add(p.path("id").asInt()), "unique panel id " + p.path("id"));
            assertFalse(p.path("title").asText().isBlank(), "title of panel " + p.path("id"));
            JsonNode grid = p.path("gridPos");
            assertTrue(grid.path("w").asInt() > 0 && grid.path("x").asInt() + grid.path("w").asInt() <= 24, "gridPos " + grid);
            assertTrue(p.path("targets").size() > 0, "queries of " + p.path("title"));
            Set<String> refIds = new HashSet<>();
            p.path("targets").forEach(t -> {
                assertTrue(refIds.add(t.path("refId").asText()), "unique refId in " + p.path("title"));
                assertFalse(t.path("expr").asText().isBlank());
                assertEquals("${datasource}", t.path("datasource").path("uid").asText(), "the dashboard's data source variable");
            });
        }
        Set<String> variables = new HashSet<>();
        d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        for (String expr : queries(d)) {
            Matcher m = Pattern.compile("\\$(?!__)(\\w+)").matcher(expr);
            while (m.find()) {
                assertTrue(variables.contains(m.group(1)), "variable $" + m.group(1) + " is defined: " + expr);
            }
        }
        assertTrue(metricNames(queries(d)).containsAll(Set.of("triage_pods_failing", "triage_findings_total", "triage_kubernetes_api_requests_total",
                "triage_report_latency_seconds_count", "triage_notifications_total", "http_server_requests_seconds_count")),
                "the dashboard covers the service's metrics");
    }

    @Test
    void dashboardAndAlertsNameOnlyExportedMetrics() throws IOException {
        List<String> exprs = new ArrayList<>(queries(JSON.readTree(HelmChartTest.DASHBOARD.toFile())));
        exprs.addAll(HelmChart.one(HelmChart.render(HelmChart.FULL_VALUES), "PrometheusRule").object().findValuesAsText("expr"));
        Set<String> wanted = metricNames(exprs);
        given().get("/api/v1/diagnoses").then().statusCode(200);
        given().get("/api/v1/namespaces/shop/diagnoses").then().statusCode(200);
        Set<String> exported = new TreeSet<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            exported.clear();
            Matcher m = SAMPLE.matcher(ManagementPort.given().get("/q/metrics").then().statusCode(200).extract().asString());
            while (m.find()) {
                exported.add(m.group(1));
            }
            return exported.containsAll(wanted);
        });
        assertTrue(exported.containsAll(wanted), () -> "not exported: " + difference(wanted, exported));
    }

    /** The extractor finds metric names, not functions, labels, variables or ranges. */
    @Test
    void metricNamesAreReadFromPromQl() {
        assertEquals(Set.of("a_total", "b_seconds_sum", "c_seconds_count"), metricNames(List.of(
                "sum by (rule, severity) (rate(a_total{namespace=~\"$namespace\", x=\"y(z)\"}[$__rate_interval])) * 60",
                "sum without (le) (rate(b_seconds_sum[5m] offset 1h)) / on(scope) group_left rate(c_seconds_count[5m]) > 2",
                "label_values(a_total, namespace)")));
    }

    static Set<String> metricNames(List<String> exprs) {
        Set<String> names = new TreeSet<>();
        for (String expr : exprs) {
            String e = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                    .replaceAll("\\{[^}]*}", " ")
                    .replaceAll("\\[[^]]*]", " ")
                    .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                    .replaceAll("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)", " $1 ");
            Matcher m = IDENT.matcher(e);
            while (m.find()) {
                String word = m.group();
                boolean call = e.substring(m.end()).stripLeading().startsWith("(");
                boolean variable = m.start() > 0 && e.charAt(m.start() - 1) == '$';
                boolean number = m.start() > 0 && Character.isDigit(e.charAt(m.start() - 1));
                if (!call && !variable && !number && !PROMQL_WORDS.contains(word)) {
                    names.add(word);
                }
            }
        }
        return names;
    }

    static List<String> queries(JsonNode dashboard) {
        List<String> out = new ArrayList<>(dashboard.path("panels").findValuesAsText("expr"));
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.path("query").has("query")) {
                out.add(v.path("query").path("query").asText());
            }
        });
        return out;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
