package dev.podtriage.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.PodInfo;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.diagnosis.rules.WorkloadRules;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grouping by rule and shared cause, from the diagnoses of real fixtures. */
public class GroupingTest {

    /** The fixture's pod as if it were {@code namespace/name}, owned by {@code owner} (null: by no workload). */
    public static Diagnosis as(Diagnosis d, String namespace, String name, OwnerRef owner) {
        PodInfo p = d.pod();
        return new Diagnosis(d.cluster(), new PodInfo(namespace, name, p.uid(), p.node(), owner,
                p.phase(), p.status(), p.ready(), p.restarts()), d.healthy(), d.severity(), d.summary(), d.findings(), d.evaluatedAt());
    }

    static List<Diagnosis> copies(String fixture, int namespaces, int perNamespace) {
        Diagnosis d = Fixtures.diagnose(fixture);
        List<Diagnosis> out = new ArrayList<>();
        for (int n = 0; n < namespaces; n++) {
            for (int i = 0; i < perNamespace; i++) {
                out.add(as(d, "team-" + n, d.pod().name() + "-" + i, new OwnerRef("Deployment", "app-" + n)));
            }
        }
        return out;
    }

    private static Map<String, Integer> sizes(Map<IncidentKey, List<Observation>> incidents) {
        Map<String, Integer> sizes = new HashMap<>();
        incidents.forEach((k, v) -> sizes.put(k.id(), v.size()));
        return sizes;
    }

    private static Map<IncidentKey, List<Observation>> group(List<Diagnosis> pods) {
        return Grouping.group(pods, List.of());
    }

    @Test
    void rateLimitedPullsFromOneRegistryAreOneIncidentAcrossNamespacesAndRuntimes() {
        List<Diagnosis> pods = new ArrayList<>(copies("image/rate-limited-containerd.json", 9, 4));
        Diagnosis docker = Fixtures.diagnose("image/rate-limited-docker.json");
        pods.add(as(docker, "other", "p", docker.pod().owner()));
        Map<IncidentKey, List<Observation>> incidents = group(pods);
        assertEquals(List.of("image-pull-rate-limited/registry/docker.io"), incidents.keySet().stream().map(IncidentKey::id).toList());
        assertEquals(37, incidents.values().iterator().next().size());
    }

    @Test
    void crashLoopingReplicasAreOneIncidentPerWorkload() {
        Diagnosis d = Fixtures.diagnose("containers/crash-loop-exit1.json");
        List<Diagnosis> pods = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pods.add(as(d, "shop", "checkout-" + i, d.pod().owner()));
        }
        pods.add(as(d, "shop", "cart-1", new OwnerRef("Deployment", "cart")));
        pods.add(as(d, "shop", "bare", null));
        assertEquals(Map.of("container-crash-loop/deployment/shop/" + d.pod().owner().name(), 50,
                "container-crash-loop/deployment/shop/cart", 1,
                "container-crash-loop/pod/shop/bare", 1), sizes(group(pods)));
    }

    @Test
    void podsOnALostNodeAreOneIncidentWhateverTheirWorkload() {
        List<Diagnosis> pods = copies("lifecycle/node-lost-unreachable.json", 3, 2);
        Map<IncidentKey, List<Observation>> incidents = group(pods);
        assertEquals(1, incidents.size());
        IncidentKey key = incidents.keySet().iterator().next();
        assertEquals(new Cause("node", null, "ip-10-0-4-21.eu-west-1.compute.internal"), key.cause());
        assertEquals(6, incidents.get(key).size());
    }

    @Test
    void aMissingConfigMapIsKeyedByItsNamespaceToo() {
        Diagnosis d = Fixtures.diagnose("containers/config-missing-configmap-envfrom-crio.json");
        Finding root = d.findings().get(0);
        assertEquals("config-missing", root.rule());
        assertEquals("configmap", root.cause().kind());
        String json = Fixtures.read("containers/config-missing-configmap-envfrom-crio.json");
        Diagnosis elsewhere = Fixtures.ENGINE.diagnose(SnapshotAssembler.assemble(new ManifestReader()
                .read(json.replace("\"namespace\": \"payments\"", "\"namespace\": \"billing\""), false)).get(0), Fixtures.AT, "offline");
        Map<IncidentKey, List<Observation>> incidents = group(List.of(as(d, "payments", "x", new OwnerRef("Deployment", "one")),
                as(d, "payments", "y", new OwnerRef("Deployment", "two")), elsewhere));
        assertEquals(Map.of("config-missing/configmap/payments/" + root.cause().name(), 2,
                "config-missing/configmap/billing/" + root.cause().name(), 1), sizes(incidents));
    }

    @Test
    void aMissingImageIsKeyedByRepositoryAndTag() {
        Map<IncidentKey, List<Observation>> incidents = group(copies("image/not-found-containerd.json", 2, 2));
        assertEquals(List.of("image-not-found/image/docker.io/library/nginx:1.99"), incidents.keySet().stream().map(IncidentKey::id).toList());
    }

    @Test
    void healthyPodsAndLintOnlyPodsAreNoMembers() {
        assertTrue(group(List.of(Fixtures.diagnose("healthy/running-ready.json"), Fixtures.diagnose("lint/unbounded.json"))).isEmpty());
    }

    @Test
    void aQuotaBlockedWorkloadIsAMemberKeyedByTheQuota() {
        List<HasMetadata> items = new ManifestReader().read(Fixtures.read("workload/quota-deployment-no-pods.json"), false);
        HasMetadata deployment = items.stream().filter(o -> o.getKind().equals("Deployment")).findFirst().orElseThrow();
        List<Event> events = items.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
        List<Finding> findings = new WorkloadRules().detectWorkload(deployment, events, List.of(), Fixtures.AT);
        WorkloadReport report = WorkloadReport.of("test", deployment, findings, List.of(), Fixtures.AT);
        Map<IncidentKey, List<Observation>> incidents = Grouping.group(List.of(), List.of(report));
        assertEquals(List.of("quota-exceeded/resourcequota/payments/payments-quota"), incidents.keySet().stream().map(IncidentKey::id).toList());
        Member m = incidents.values().iterator().next().get(0).member();
        assertEquals(List.of("Deployment", "payments", "api"), List.of(m.kind(), m.namespace(), m.name()));
    }
}
