package dev.podtriage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The manifests under k8s/: read-only RBAC, a hardened Deployment, and a kustomization that lists them all. */
class ManifestsTest {
    static final Path DIR = Path.of("k8s");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
    static final Set<String> FORBIDDEN_RESOURCES = Set.of("secrets", "configmaps");
    static final String NAMESPACE = "pod-triage";

    /** What the service must be able to read: "group/resource" → verbs. */
    static final Map<String, Set<String>> REQUIRED = required();

    private static Map<String, Set<String>> required() {
        Map<String, Set<String>> r = new LinkedHashMap<>();
        for (String res : List.of("/pods", "/events", "/nodes", "/namespaces", "events.k8s.io/events",
                "apps/replicasets", "apps/deployments", "apps/statefulsets", "apps/daemonsets", "batch/jobs")) {
            r.put(res, READ_VERBS);
        }
        r.put("/pods/log", Set.of("get"));
        return r;
    }

    // ------------------------------------------------------------------ kustomization

    @Test
    void kustomizationListsEveryManifestAndSetsTheNamespace() throws IOException {
        JsonNode k = read("kustomization.yaml");
        assertEquals("Kustomization", k.path("kind").asText());
        assertEquals(NAMESPACE, k.path("namespace").asText());
        Set<String> listed = new HashSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.equals("kustomization.yaml")).collect(Collectors.toSet());
        }
        assertEquals(files, listed, "every manifest in k8s/ is listed in kustomization.yaml, and nothing else");
        assertTrue(listed.containsAll(Set.of("namespace.yaml", "serviceaccount.yaml", "clusterrole.yaml",
                "clusterrolebinding.yaml", "configmap.yaml", "deployment.yaml", "service.yaml")), listed.toString());
    }

    @Test
    void namespacedObjectsLiveInPodTriage() {
        for (JsonNode doc : all()) {
            String kind = doc.path("kind").asText();
            if (Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "Kustomization").contains(kind)) {
                assertTrue(doc.path("metadata").path("namespace").isMissingNode(), kind + " is cluster-scoped");
            } else {
                assertEquals(NAMESPACE, doc.path("metadata").path("namespace").asText(), kind);
            }
        }
        assertEquals(NAMESPACE, one("Namespace").path("metadata").path("name").asText());
    }

    /**
     * kubectl's built-in kustomize builds k8s/, and an overlay's {@code images:} retargets the image
     * (skipped, with the reason, where kubectl is not installed).
     */
    @Test
    void kustomizeBuildsAndAnOverlayRetargetsTheImage(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(KubernetesSchemas.onPath("kubectl"),
                "kustomize build skipped: kubectl is not on the PATH");
        List<JsonNode> built = kustomize(DIR.toAbsolutePath());
        assertEquals(all().stream().filter(d -> !"Kustomization".equals(d.path("kind").asText())).count(), built.size(),
                "every object of k8s/ is built");
        assertEquals("ghcr.io/pod-triage/pod-triage:0.1.0", imageOf(built));
        Files.writeString(tmp.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                images:
                  - name: ghcr.io/pod-triage/pod-triage
                    newName: registry.example.com/team/pod-triage
                    newTag: "0.1.0-rc1"
                """.formatted(tmp.toAbsolutePath().relativize(DIR.toAbsolutePath())));
        assertEquals("registry.example.com/team/pod-triage:0.1.0-rc1", imageOf(kustomize(tmp)));
    }

    private static List<JsonNode> kustomize(Path dir) throws Exception {
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "kubectl kustomize " + dir);
        List<JsonNode> docs = new ArrayList<>();
        for (String doc : out.split("(?m)^---$")) {
            if (!doc.isBlank()) {
                docs.add(YAML.readTree(doc));
            }
        }
        return docs;
    }

    private static String imageOf(List<JsonNode> docs) {
        return docs.stream().filter(d -> "Deployment".equals(d.path("kind").asText())).findFirst().orElseThrow()
                .path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
    }

    // ------------------------------------------------------------------ RBAC

    @Test
    void clusterRoleIsReadOnlyAndNeverTouchesSecrets() {
        assertReadOnly(one("ClusterRole"));
    }

    @Test
    void clusterRoleGrantsWhatTheServiceReads() {
        Map<String, Set<String>> granted = grants(one("ClusterRole"));
        REQUIRED.forEach((resource, verbs) -> assertTrue(granted.getOrDefault(resource, Set.of()).containsAll(verbs),
                () -> resource + " needs " + verbs + ", granted " + granted.get(resource)));
        assertEquals(REQUIRED.keySet(), granted.keySet(), "no resource beyond what the service reads");
    }

    @Test
    void bindingGivesTheRoleToTheServiceAccountTheDeploymentUses() {
        JsonNode binding = one("ClusterRoleBinding");
        JsonNode role = one("ClusterRole");
        JsonNode sa = one("ServiceAccount");
        assertEquals("ClusterRole", binding.path("roleRef").path("kind").asText());
        assertEquals(role.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
        JsonNode subject = binding.path("subjects").get(0);
        assertEquals(1, binding.path("subjects").size());
        assertEquals("ServiceAccount", subject.path("kind").asText());
        assertEquals(sa.path("metadata").path("name").asText(), subject.path("name").asText());
        assertEquals(NAMESPACE, subject.path("namespace").asText());
        assertEquals(sa.path("metadata").path("name").asText(),
                podSpec().path("serviceAccountName").asText());
    }

    /** The checker itself must be able to fail: a role with a write verb or a secret is refused. */
    @Test
    void theReadOnlyCheckRefusesWhatItMust() throws IOException {
        for (String bad : List.of(
                "rules: [{apiGroups: [''], resources: [pods], verbs: [get, list, watch, delete]}]",
                "rules: [{apiGroups: [''], resources: [pods], verbs: ['*']}]",
                "rules: [{apiGroups: [''], resources: [secrets], verbs: [get]}]",
                "rules: [{apiGroups: [''], resources: [configmaps], verbs: [list]}]",
                "rules: [{apiGroups: [''], resources: ['*'], verbs: [get]}]",
                "rules: [{apiGroups: ['*'], resources: [pods], verbs: [get]}]",
                "rules: [{apiGroups: [''], resources: [pods/log], verbs: [get, list]}]",
                "rules: [{apiGroups: [''], resources: [pods/exec], verbs: [get]}]",
                "rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}]",
                "rules: [{apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate]}]",
                "rules: [{nonResourceURLs: ['/metrics'], verbs: [get]}]")) {
            JsonNode role = YAML.readTree("kind: ClusterRole\n" + bad);
            assertThrows(AssertionError.class, () -> assertReadOnly(role), bad);
        }
    }

    static void assertReadOnly(JsonNode role) {
        assertEquals("ClusterRole", role.path("kind").asText());
        assertTrue(role.path("aggregationRule").isMissingNode(), "no aggregation: the rules are what is granted");
        JsonNode rules = role.path("rules");
        assertTrue(rules.isArray() && !rules.isEmpty(), "the role has rules");
        for (JsonNode rule : rules) {
            assertTrue(rule.path("nonResourceURLs").isMissingNode(), "no non-resource URLs: " + rule);
            List<String> verbs = strings(rule.path("verbs"));
            List<String> resources = strings(rule.path("resources"));
            List<String> groups = strings(rule.path("apiGroups"));
            assertFalse(verbs.isEmpty() || resources.isEmpty() || groups.isEmpty(), "complete rule: " + rule);
            for (String v : verbs) {
                assertTrue(READ_VERBS.contains(v), "verb `" + v + "` is not read-only: " + rule);
            }
            for (String g : groups) {
                assertFalse(g.contains("*"), "no wildcard API group: " + rule);
            }
            for (String r : resources) {
                assertFalse(r.contains("*"), "no wildcard resource: " + rule);
                String base = r.contains("/") ? r.substring(0, r.indexOf('/')) : r;
                assertFalse(FORBIDDEN_RESOURCES.contains(base.toLowerCase(Locale.ROOT)), "nothing on " + r + ": " + rule);
                if (r.contains("/")) {
                    assertEquals("pods/log", r, "the only subresource is pods/log: " + rule);
                    assertEquals(List.of("get"), verbs, "pods/log: get only: " + rule);
                }
            }
        }
    }

    private static Map<String, Set<String>> grants(JsonNode role) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (JsonNode rule : role.path("rules")) {
            for (String g : strings(rule.path("apiGroups"))) {
                for (String r : strings(rule.path("resources"))) {
                    out.computeIfAbsent(g + "/" + r, k -> new HashSet<>()).addAll(strings(rule.path("verbs")));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ Deployment and Service

    @Test
    void deploymentRunsHardened() {
        JsonNode pod = podSpec();
        JsonNode c = container();
        RestrictedPodSecurity.assertRestricted(pod);
        int uid = c.path("securityContext").path("runAsUser").asInt(pod.path("securityContext").path("runAsUser").asInt(0));
        assertEquals(185, uid, "runs as the image's user 185, not root");
        // the read-only root filesystem needs a writable /tmp
        JsonNode tmpMount = find(c.path("volumeMounts"), "mountPath", "/tmp");
        assertNotNull(tmpMount, "/tmp is mounted");
        JsonNode tmp = find(pod.path("volumes"), "name", tmpMount.path("name").asText());
        assertNotNull(tmp, "/tmp's volume exists");
        assertTrue(tmp.has("emptyDir"), "/tmp is an emptyDir");
    }

    @Test
    void deploymentHasProbesOnQuarkusHealthOfTheManagementPortAndResources() {
        JsonNode c = container();
        assertEquals("ghcr.io/pod-triage/pod-triage:0.1.0", c.path("image").asText());
        Map<String, String> expected = Map.of("livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready",
                "startupProbe", "/q/health/started");
        expected.forEach((probe, path) -> {
            JsonNode get = c.path(probe).path("httpGet");
            assertEquals(path, get.path("path").asText(), probe);
            assertEquals(9000, containerPort(c, get.path("port")), probe + " targets the management port");
        });
        JsonNode res = c.path("resources");
        assertFalse(res.path("requests").path("cpu").asText().isEmpty(), "cpu request");
        assertEquals("100m", res.path("requests").path("cpu").asText());
        assertEquals("256Mi", res.path("requests").path("memory").asText());
        assertEquals("512Mi", res.path("limits").path("memory").asText());
    }

    @Test
    void dashboardTokenComesFromARequiredSecret() {
        JsonNode env = find(container().path("env"), "name", "TRIAGE_AUTH_TOKENS__DASHBOARD_");
        assertNotNull(env, "TRIAGE_AUTH_TOKENS__DASHBOARD_ is set");
        assertTrue(env.path("value").isMissingNode(), "never a literal token in the manifest");
        JsonNode ref = env.path("valueFrom").path("secretKeyRef");
        assertEquals("pod-triage-tokens", ref.path("name").asText());
        assertEquals("dashboard", ref.path("key").asText());
        assertFalse(ref.path("optional").asBoolean(false), "required: without a token the API would answer only on loopback, "
                + "so a missing Secret must keep the pod from starting rather than leave it useless or open");
    }

    @Test
    void serviceReachesTheDeploymentOnPort80() {
        JsonNode svc = one("Service");
        JsonNode deployment = one("Deployment");
        assertEquals("ClusterIP", svc.path("spec").path("type").asText("ClusterIP"));
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        svc.path("spec").path("selector").fields().forEachRemaining(e ->
                assertEquals(e.getValue().asText(), podLabels.path(e.getKey()).asText(), "selector " + e.getKey()));
        assertFalse(svc.path("spec").path("selector").isEmpty(), "the Service selects pods");
        deployment.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertEquals(e.getValue().asText(), podLabels.path(e.getKey()).asText(), "Deployment selector " + e.getKey()));
        JsonNode port = svc.path("spec").path("ports").get(0);
        assertEquals(80, port.path("port").asInt());
        assertEquals(8080, containerPort(container(), port.path("targetPort")));
    }

    // ------------------------------------------------------------------ helpers

    private static JsonNode podSpec() {
        return one("Deployment").path("spec").path("template").path("spec");
    }

    private static JsonNode container() {
        JsonNode containers = podSpec().path("containers");
        assertEquals(1, containers.size(), "one container");
        return containers.get(0);
    }

    /** A port given by number or by name, resolved against the container's ports. */
    static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        JsonNode named = find(container.path("ports"), "name", port.asText());
        if (named == null) {
            fail("no container port named " + port.asText());
        }
        return named.path("containerPort").asInt();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        return null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode read(String file) throws IOException {
        return YAML.readTree(DIR.resolve(file).toFile());
    }

    private static List<JsonNode> all() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().map(p -> {
                try {
                    return YAML.readTree(p.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode one(String kind) {
        List<JsonNode> found = all().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertEquals(1, found.size(), "exactly one " + kind + " in k8s/");
        return found.get(0);
    }
}
