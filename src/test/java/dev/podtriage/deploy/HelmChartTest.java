package dev.podtriage.deploy;

import static dev.podtriage.deploy.HelmChart.FULL_VALUES;
import static dev.podtriage.deploy.HelmChart.NAMESPACE;
import static dev.podtriage.deploy.HelmChart.one;
import static dev.podtriage.deploy.RestrictedPodSecurity.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.podtriage.deploy.HelmChart.Doc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart (the source of the deployment): rendered by Helm with default and with full values,
 * linted, checked against the restricted Pod Security Standard and, where Node is installed, against
 * the Kubernetes schemas; and {@code k8s/} (kustomize) is the chart rendered with default values.
 */
class HelmChartTest {
    /** Rewrites k8s/ from the chart: {@code ./mvnw test -Dtest=HelmChartTest -Dmanifests.update=true}. */
    static final boolean UPDATE = Boolean.getBoolean("manifests.update");
    static final Path K8S = Path.of("k8s");
    static final Path DASHBOARD = K8S.resolve("grafana").resolve("pod-triage.json");
    static final Pattern HELM_ONLY_LABEL = Pattern.compile("(?m)^\\s*(app\\.kubernetes\\.io/managed-by: Helm|helm\\.sh/chart: \\S+)\\n");
    static final String HEADER = """
            # Generated from the Helm chart k8s/helm/pod-triage with its default values (release and
            # namespace pod-triage): do not edit, change the chart and run
            #   ./mvnw -B test -Dtest=HelmChartTest -Dmanifests.update=true
            """;
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void lintFindsNothing() {
        LintResult lint = new Helm(HelmChart.DIR).lint().strict().call();
        assertFalse(lint.isFailed(), () -> "helm lint --strict: " + lint.getMessages());
    }

    @Test
    void k8sDirectoryIsTheChartRenderedWithDefaults() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (Doc doc : HelmChart.render(null)) {
            String file = Path.of(doc.template()).getFileName().toString();
            expected.merge(file, HEADER + HELM_ONLY_LABEL.matcher(doc.text()).replaceAll(""), (a, b) -> a + "---\n" + b);
        }
        if (UPDATE) {
            for (var e : expected.entrySet()) {
                Files.writeString(K8S.resolve(e.getKey()), e.getValue());
            }
            Files.copy(HelmChart.DIR.resolve("dashboards").resolve("pod-triage.json"), DASHBOARD,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        for (var e : expected.entrySet()) {
            Path file = K8S.resolve(e.getKey());
            assertTrue(Files.exists(file), file + " is missing: run with -Dmanifests.update=true");
            assertEquals(e.getValue(), Files.readString(file), file + " differs from the chart: run with -Dmanifests.update=true");
        }
        Set<String> generated = new TreeSet<>();
        try (var files = Files.list(K8S)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).forEach(generated::add);
        }
        generated.removeAll(Set.of("kustomization.yaml", "namespace.yaml"));
        assertEquals(expected.keySet(), generated, "k8s/ holds the chart's objects, the Namespace and the kustomization");
        assertEquals(Files.readString(HelmChart.DIR.resolve("dashboards").resolve("pod-triage.json")), Files.readString(DASHBOARD),
                "k8s/grafana/pod-triage.json is the chart's dashboard");
    }

    @Test
    void defaultsRenderOnlyTheCore() {
        Set<String> kinds = kinds(HelmChart.render(null));
        assertEquals(Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "Service",
                "PersistentVolumeClaim"), kinds, "the core and the history's volume");
    }

    @Test
    void fullValuesRenderEveryOptionalObject() {
        Set<String> kinds = kinds(HelmChart.render(FULL_VALUES));
        assertTrue(kinds.containsAll(Set.of("Secret", "Role", "RoleBinding", "PersistentVolumeClaim", "PodDisruptionBudget",
                "NetworkPolicy", "ServiceMonitor", "PrometheusRule")), kinds.toString());
        for (Doc doc : HelmChart.render(FULL_VALUES)) {
            if (!Set.of("ClusterRole", "ClusterRoleBinding").contains(doc.kind())) {
                assertEquals(NAMESPACE, doc.object().path("metadata").path("namespace").asText(), doc.kind() + " " + doc.name());
            }
        }
    }

    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() {
        for (Path values : new Path[] {null, FULL_VALUES}) {
            for (Doc d : HelmChart.ofKind(HelmChart.render(values), "Deployment")) {
                RestrictedPodSecurity.assertRestricted(d.object().path("spec").path("template").path("spec"));
            }
        }
    }

    /** The checker can fail: each change below breaks the restricted profile. */
    @Test
    void theRestrictedCheckRefusesWhatItMust() throws IOException {
        JsonNode good = one(HelmChart.render(null), "Deployment").object().path("spec").path("template").path("spec");
        RestrictedPodSecurity.assertRestricted(good);
        for (String breakIt : List.of("/containers/0/securityContext/allowPrivilegeEscalation=true",
                "/containers/0/securityContext/readOnlyRootFilesystem=false",
                "/containers/0/securityContext/runAsNonRoot=false", "/containers/0/securityContext/runAsUser=0",
                "/containers/0/securityContext/capabilities/drop=[\"NET_RAW\"]",
                "/containers/0/securityContext/capabilities/add=[\"SYS_ADMIN\"]",
                "/containers/0/securityContext/seccompProfile/type=\"Unconfined\"",
                "/containers/0/ports/0/hostPort=8080", "/hostNetwork=true",
                "/volumes/0={\"name\":\"tmp\",\"hostPath\":{\"path\":\"/tmp\"}}")) {
            JsonNode bad = good.deepCopy();
            String[] pathValue = breakIt.split("=", 2);
            set(bad, pathValue[0], JSON.readTree(pathValue[1]));
            assertThrows(AssertionError.class, () -> RestrictedPodSecurity.assertRestricted(bad), breakIt);
        }
    }

    @Test
    void imageIsTheQualifiedNameOfTheApplicationVersion() throws IOException {
        String version = pomVersion().replace("-SNAPSHOT", "");
        JsonNode chart = ManifestsTest.YAML.readTree(HelmChart.DIR.resolve("Chart.yaml").toFile());
        assertEquals(version, chart.path("appVersion").asText(), "Chart.yaml appVersion is the pom's version");
        assertEquals("ghcr.io/pod-triage/pod-triage:" + version, image(HelmChart.render(null)));
        assertEquals("registry.example.com/platform/pod-triage:0.1.0", image(HelmChart.render(FULL_VALUES)));
    }

    @Test
    void leaseRbacIsOneLeaseInTheReleaseNamespace() {
        List<Doc> full = HelmChart.render(FULL_VALUES);
        JsonNode role = one(full, "Role").object();
        Set<String> verbs = new HashSet<>();
        for (JsonNode rule : role.path("rules")) {
            assertEquals(List.of("coordination.k8s.io"), strings(rule.path("apiGroups")), rule.toString());
            assertEquals(List.of("leases"), strings(rule.path("resources")), rule.toString());
            List<String> ruleVerbs = strings(rule.path("verbs"));
            verbs.addAll(ruleVerbs);
            if (!ruleVerbs.equals(List.of("create"))) {
                assertEquals(List.of("pod-triage-leader"), strings(rule.path("resourceNames")), "get/update on one Lease: " + rule);
            }
        }
        assertEquals(Set.of("get", "create", "update"), verbs);
        JsonNode binding = one(full, "RoleBinding").object();
        assertEquals(role.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
        assertEquals("pod-triage", binding.path("subjects").get(0).path("name").asText());
        assertEquals(2, one(full, "Deployment").object().path("spec").path("replicas").asInt());
    }

    @Test
    void networkPolicyLetsInTheApiAndManagementPortsFromTheirNamespacesAndOutDnsApiServerAndSinks() {
        JsonNode spec = one(HelmChart.render(FULL_VALUES), "NetworkPolicy").object().path("spec");
        assertEquals(List.of("Ingress", "Egress"), strings(spec.path("policyTypes")));
        assertEquals(2, spec.path("ingress").size());
        JsonNode in = spec.path("ingress").get(0);
        assertEquals(List.of("http"), in.path("ports").findValuesAsText("port"), "the API port");
        assertEquals(List.of(NAMESPACE, "ingress-nginx"), in.path("from").findValuesAsText("kubernetes.io/metadata.name"));
        JsonNode management = spec.path("ingress").get(1);
        assertEquals(List.of("management"), management.path("ports").findValuesAsText("port"), "the management port");
        assertEquals(List.of(NAMESPACE, "monitoring"), management.path("from").findValuesAsText("kubernetes.io/metadata.name"),
                "Prometheus reaches the metrics; ingress-nginx does not");
        String egress = spec.path("egress").toString();
        JsonNode dns = spec.path("egress").get(0);
        assertEquals(List.of("53", "53"), dns.path("ports").findValuesAsText("port"));
        for (String cidr : List.of("10.96.0.1/32", "172.18.0.2/32", "203.0.113.0/24")) {
            assertTrue(egress.contains("\"" + cidr + "\""), cidr + " in " + egress);
        }
        assertFalse(egress.contains("0.0.0.0/0"), "no egress to everywhere");
    }

    @Test
    void settingsAndSecretsReachTheContainer() throws IOException {
        List<Doc> full = HelmChart.render(FULL_VALUES);
        JsonNode pod = one(full, "Deployment").object().path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        Map<String, JsonNode> env = new TreeMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        assertEquals("dashboard", env.get("TRIAGE_AUTH_TOKENS__DASHBOARD_").path("valueFrom").path("secretKeyRef").path("key").asText());
        assertEquals("ci-bot", env.get("TRIAGE_AUTH_TOKENS__CI_BOT_").path("valueFrom").path("secretKeyRef").path("key").asText());
        assertEquals("pod-triage-chat", env.get("TRIAGE_SLACK_SIGNING_SECRET").path("valueFrom").path("secretKeyRef").path("name").asText());
        assertEquals("pod-triage-chat", env.get("TRIAGE_MATTERMOST_TOKEN").path("valueFrom").path("secretKeyRef").path("name").asText());
        assertEquals("slack-url", env.get("SINK_OPS_SLACK_URL").path("valueFrom").path("secretKeyRef").path("key").asText());
        assertEquals("pod-triage-sinks", env.get("SINK_PAYMENTS_PD_ROUTING_KEY").path("valueFrom").path("secretKeyRef").path("name").asText());
        assertEquals("payments-pd-key", env.get("SINK_PAYMENTS_PD_ROUTING_KEY").path("valueFrom").path("secretKeyRef").path("key").asText());
        assertFalse(env.containsKey("SINK_PAYMENTS_PD_URL"), "PagerDuty's own URL unless one is given");
        assertEquals("jdbc:h2:file:/data/history/history", env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText());
        env.values().forEach(e -> assertFalse(e.path("value").asText().matches("[0-9a-f]{40}"), "no token in plain env: " + e));

        JsonNode secret = one(full, "Secret").object();
        assertEquals("pod-triage-tokens", secret.path("metadata").path("name").asText());
        assertEquals(Set.of("dashboard", "ci-bot", "metrics"), fieldNames(secret.path("stringData")));

        String properties = HelmChart.ofKind(full, "ConfigMap").stream().filter(d -> d.name().equals("pod-triage-config"))
                .findFirst().orElseThrow().object().path("data").path("application.properties").asText();
        for (String line : List.of("triage.cluster.namespaces=shop,team-a,team-b", "triage.scope.allow=shop,team-*",
                "triage.scope.deny=kube-*", "triage.notify.enabled=true", "triage.notify.sinks.ops-slack.type=slack",
                "triage.notify.sinks.ops-slack.url=${SINK_OPS_SLACK_URL}", "triage.notify.sinks.ops-slack.namespaces=team-*,shop",
                "triage.notify.sinks.ops-slack.exclude-rules=resources-not-set",
                "triage.notify.sinks.pager.url=https://alerts.example.com/hooks/pod-triage",
                "triage.notify.sinks.pager.rules=container-oom-killed,node-lost", "triage.notify.sinks.pager.delay=5m",
                "triage.notify.sinks.payments-pd.type=pagerduty",
                "triage.notify.sinks.payments-pd.routing-key=${SINK_PAYMENTS_PD_ROUTING_KEY}",
                "triage.notify.sinks.payments-pd.labels=team=payments,tier", "triage.notify.sinks.payments-pd.min-severity=critical",
                "triage.cluster.resync=5m", "triage.auth.protect-management=true", "triage.history.enabled=true",
                "triage.ha.leader-election=true", "triage.ha.lease-name=pod-triage-leader", "triage.ha.lease-namespace=" + NAMESPACE)) {
            assertTrue(properties.lines().anyMatch(line::equals), line + " in\n" + properties);
        }
        assertTrue(properties.lines().noneMatch(l -> l.startsWith("triage.notify.sinks.payments-pd.url=")), properties);
        assertEquals("/etc/pod-triage/application.properties", env.get("QUARKUS_CONFIG_LOCATIONS").path("value").asText());
        JsonNode configMount = find(container.path("volumeMounts"), "mountPath", "/etc/pod-triage");
        assertNotNull(configMount);
        assertEquals("pod-triage-config", find(pod.path("volumes"), "name", configMount.path("name").asText())
                .path("configMap").path("name").asText());

        JsonNode pvc = one(full, "PersistentVolumeClaim").object();
        JsonNode historyMount = find(container.path("volumeMounts"), "mountPath", "/data/history");
        assertNotNull(historyMount, "the history directory is mounted");
        assertEquals(pvc.path("metadata").path("name").asText(), find(pod.path("volumes"), "name", historyMount.path("name").asText())
                .path("persistentVolumeClaim").path("claimName").asText());
        assertEquals("2Gi", pvc.path("spec").path("resources").path("requests").path("storage").asText());
    }

    @Test
    void aPagerDutyRoutingKeyInPlainValuesIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path plain = dir.resolve("values.yaml");
        Files.writeString(plain, "notify:\n  enabled: true\n  sinks:\n    oncall:\n      type: pagerduty\n      routingKey: R0UT1NGKEY\n");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> HelmChart.renderText(plain));
        assertTrue(e.getMessage().contains("notify.sinks.oncall.routingKey: a PagerDuty routing key is a secret"), e.getMessage());
        assertFalse(e.getMessage().contains("R0UT1NGKEY"), "the refusal does not quote the key");
        Files.writeString(plain, "notify:\n  enabled: true\n  sinks:\n    oncall:\n      type: pagerduty\n");
        Exception missing = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> HelmChart.renderText(plain));
        assertTrue(missing.getMessage().contains("notify.sinks.oncall.routingKeySecret"), missing.getMessage());
    }

    @Test
    void dashboardConfigMapCarriesTheSidecarLabelAndTheDashboard() throws IOException {
        Doc cm = HelmChart.ofKind(HelmChart.render(FULL_VALUES), "ConfigMap").stream()
                .filter(d -> d.name().endsWith("-dashboard")).findFirst().orElseThrow();
        assertEquals("1", cm.object().path("metadata").path("labels").path("grafana_dashboard").asText());
        assertEquals(JSON.readTree(DASHBOARD.toFile()), JSON.readTree(cm.object().path("data").path("pod-triage.json").asText()));
    }

    @Test
    void monitoringObjectsSelectTheService() {
        List<Doc> full = HelmChart.render(FULL_VALUES);
        JsonNode monitor = one(full, "ServiceMonitor").object().path("spec");
        JsonNode service = one(full, "Service").object();
        monitor.path("selector").path("matchLabels").fields().forEachRemaining(e -> assertEquals(e.getValue().asText(),
                service.path("metadata").path("labels").path(e.getKey()).asText(), e.getKey()));
        assertEquals("/q/metrics", monitor.path("endpoints").get(0).path("path").asText());
        JsonNode endpoint = monitor.path("endpoints").get(0);
        assertEquals("management", endpoint.path("port").asText(), "metrics are on the management port");
        JsonNode servicePort = find(service.path("spec").path("ports"), "name", "management");
        assertEquals(9000, servicePort.path("port").asInt());
        assertEquals(9000, ManifestsTest.containerPort(one(full, "Deployment").object().path("spec").path("template").path("spec")
                .path("containers").get(0), servicePort.path("targetPort")));
        assertEquals("Bearer", endpoint.path("authorization").path("type").asText(), "protect-management: Prometheus sends a token");
        assertEquals("pod-triage-tokens", endpoint.path("authorization").path("credentials").path("name").asText());
        assertTrue(one(HelmChart.render(null), "Service").object().toString().contains("\"management\""));
        assertFalse(one(full, "PrometheusRule").object().findValuesAsText("expr").isEmpty(), "alerts (their metrics: DashboardTest)");
    }

    /** The Kubernetes schemas of npm's kubernetes-models; skipped (with the reason) where Node is not installed. */
    @Test
    void everyObjectIsValidAgainstTheKubernetesSchemas() throws Exception {
        KubernetesSchemas schemas = KubernetesSchemas.installed();
        for (Path values : new Path[] {null, FULL_VALUES}) {
            ArrayNode objects = JSON.createArrayNode();
            HelmChart.render(values).forEach(d -> objects.add(d.object()));
            schemas.assertValid(objects);
        }
        ArrayNode broken = JSON.createArrayNode();
        JsonNode deployment = one(HelmChart.render(null), "Deployment").object().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0))
                .put("ports", "8080");
        broken.add(deployment);
        assertThrows(AssertionError.class, () -> schemas.assertValid(broken), "the validator refuses a broken Deployment");
    }

    // ------------------------------------------------------------------ helpers

    static String pomVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>pod-triage</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8));
        assertTrue(m.find(), "the pom's version");
        return m.group(1);
    }

    private static String image(List<Doc> docs) {
        return one(docs, "Deployment").object().path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
    }

    private static Set<String> kinds(List<Doc> docs) {
        return docs.stream().map(Doc::kind).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new HashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        return null;
    }

    private static void set(JsonNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(key), value);
        } else {
            ((com.fasterxml.jackson.databind.node.ObjectNode) parent).set(key, value);
        }
    }
}
