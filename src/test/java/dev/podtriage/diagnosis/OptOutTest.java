package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.diagnosis.input.WorkloadReports;
import dev.podtriage.diagnosis.input.WorkloadSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The opt-out annotation in the engine: on the pod, its workload or its namespace it marks the
 * findings it covers (which stay, with the pod's health truthful), it ends at {@code until} without
 * new input (a horizon), and what is wrong with it is said, never silently applied.
 */
class OptOutTest {
    private static final DiagnosisEngine ENGINE = Fixtures.ENGINE;
    /** checkout-7b8c9d6e5-a1s2d in shop, owned by ReplicaSet checkout-7b8c9d6e5: crash-looping. */
    private static final String CRASHING = "containers/crash-loop-exit1.json";

    private static Map<String, String> ignore(String value) {
        return Map.of(IgnoreAnnotation.KEY, value);
    }

    /** The crash-looping pod with its ReplicaSet, Deployment and Namespace, each annotated as given (null: not annotated). */
    private static List<HasMetadata> cluster(String onPod, String onDeployment, String onNamespace) {
        List<HasMetadata> objects = new ArrayList<>(new ManifestReader().read(Fixtures.read(CRASHING), false));
        if (onPod != null) {
            objects.get(0).getMetadata().setAnnotations(ignore(onPod));
        }
        objects.add(new ReplicaSetBuilder().withNewMetadata().withName("checkout-7b8c9d6e5").withNamespace("shop")
                .withUid("dc598907-79f5-e587-0985-c7c265534197")
                .addNewOwnerReference().withKind("Deployment").withName("checkout").withController(true).withUid("d-1").endOwnerReference()
                .endMetadata().build());
        objects.add(new DeploymentBuilder().withNewMetadata().withName("checkout").withNamespace("shop").withUid("d-1")
                .withAnnotations(onDeployment == null ? Map.of() : ignore(onDeployment)).endMetadata().build());
        objects.add(new NamespaceBuilder().withNewMetadata().withName("shop")
                .withAnnotations(onNamespace == null ? Map.of() : ignore(onNamespace)).endMetadata().build());
        return objects;
    }

    private static Evaluation evaluate(List<HasMetadata> objects, Instant at) {
        return ENGINE.evaluate(SnapshotAssembler.assemble(objects).get(0), at, "offline");
    }

    private static Finding crashLoop(Diagnosis d) {
        return d.findings().stream().filter(f -> f.rule().equals("container-crash-loop")).findFirst().orElseThrow();
    }

    @Test
    void anOptOutOnTheDeploymentMarksTheFindingItCoversAndTheHealthStaysTruthful() {
        Diagnosis plain = evaluate(cluster(null, null, null), Fixtures.AT).diagnosis();
        Diagnosis d = evaluate(cluster(null, "rule=container-crash-loop; until=2026-12-31; reason=known flaky", null), Fixtures.AT).diagnosis();

        assertEquals(plain.findings().stream().map(Finding::key).toList(), d.findings().stream().map(Finding::key).toList(),
                "opted-out findings stay in findings, in the same order");
        assertFalse(d.healthy());
        assertEquals(plain.severity(), d.severity());
        assertEquals(plain.summary(), d.summary());
        assertEquals(new OptOut("Deployment shop/checkout", "container-crash-loop", Instant.parse("2027-01-01T00:00:00Z"), "known flaky"),
                crashLoop(d).optOut());
        assertTrue(d.findings().stream().filter(f -> !f.rule().equals("container-crash-loop")).allMatch(f -> f.optOut() == null),
                "only the rule named is covered");
        assertTrue(d.optOutProblems().isEmpty());
        assertEquals(1, DiagnosisEngine.summarize(List.of(plain, d), Fixtures.AT, "offline", ReportFilter.everything()).summary().optedOut());
    }

    @Test
    void theNearestObjectIsShownWhenSeveralCoverTheFinding() {
        Diagnosis d = evaluate(cluster("until=2026-12-01; reason=on the pod", "until=2026-12-31; reason=on the deployment",
                "until=2027-06-30; reason=on the namespace"), Fixtures.AT).diagnosis();
        assertTrue(d.findings().stream().allMatch(f -> "Pod shop/checkout-7b8c9d6e5-a1s2d".equals(f.optOut().object())),
                "without rule= every finding is covered, by the pod's own annotation first");
        Diagnosis fromNamespace = evaluate(cluster(null, null, "until=2027-06-30; reason=team offsite"), Fixtures.AT).diagnosis();
        assertEquals("Namespace shop", crashLoop(fromNamespace).optOut().object());
        assertEquals("team offsite", crashLoop(fromNamespace).optOut().reason());
    }

    @Test
    void anOptOutEndsAtItsUntilWithoutNewInput() {
        Instant until = Fixtures.AT.plus(Duration.ofSeconds(90));
        List<HasMetadata> objects = cluster(null, "rule=container-crash-loop; until=" + until + "; reason=deploy freeze", null);

        Evaluation now = evaluate(objects, Fixtures.AT);
        assertNotNull(crashLoop(now.diagnosis()).optOut());
        assertNotNull(now.horizon());
        assertFalse(now.horizon().isAfter(until), "the memo must look again at the latest when the opt-out ends");

        assertNotNull(crashLoop(evaluate(objects, until.minusNanos(1)).diagnosis()).optOut(), "still ignored just before");
        Evaluation after = evaluate(objects, until);
        assertNull(crashLoop(after.diagnosis()).optOut(), "no longer ignored at until");
        assertEquals(List.of(Prose.words("Deployment shop/checkout: pod-triage.dev/ignore expired at " + until)), after.diagnosis().optOutProblems());
        assertTrue(after.horizon() == null || after.horizon().isAfter(until));
    }

    @Test
    void anOptOutWithoutUntilOrWithAnUnknownRuleIsNotAppliedAndTheDiagnosisSaysWhy() {
        Diagnosis d = evaluate(cluster("rule=container-crashloop; until=2026-12-31", null, "reason=known flaky"), Fixtures.AT).diagnosis();
        assertTrue(d.findings().stream().allMatch(f -> f.optOut() == null));
        assertEquals(2, d.optOutProblems().size(), () -> d.optOutProblems().toString());
        assertTrue(d.optOutProblems().get(0).markdown().startsWith("Pod shop/checkout-7b8c9d6e5-a1s2d: pod-triage.dev/ignore not applied: unknown rule ID `container-crashloop`"));
        assertTrue(d.optOutProblems().get(1).markdown().startsWith("Namespace shop: pod-triage.dev/ignore not applied: no until="));
        assertEquals(0, DiagnosisEngine.summarize(List.of(d), Fixtures.AT, "offline", ReportFilter.everything()).summary().optedOut());
    }

    @Test
    void anOptOutInThePastIsReportedExpired() {
        Diagnosis d = evaluate(cluster(null, "until=2026-11-01; reason=last month", null), Fixtures.AT).diagnosis();
        assertTrue(d.findings().stream().allMatch(f -> f.optOut() == null));
        assertEquals(List.of(Prose.words("Deployment shop/checkout: pod-triage.dev/ignore expired at 2026-11-02T00:00:00Z")), d.optOutProblems());
    }

    @Test
    void aWorkloadsOwnFindingsHonourItsAnnotationAndItsNamespaces() {
        List<HasMetadata> objects = new ArrayList<>(new ManifestReader().read(Fixtures.read("workload/quota-deployment-no-pods.json"), false));
        objects.add(new NamespaceBuilder().withNewMetadata().withName("payments")
                .withAnnotations(ignore("rule=quota-exceeded; until=2026-11-27T10:05:00Z; reason=quota raise pending")).endMetadata().build());
        WorkloadSource source = SnapshotAssembler.index(objects);
        WorkloadReports reports = new WorkloadReports(ENGINE, source, "offline");
        HasMetadata api = source.workloads("payments").stream().filter(w -> w.getKind().equals("Deployment")).findFirst().orElseThrow();

        WorkloadReport now = reports.report(api, Fixtures.AT);
        Finding quota = now.findings().get(0);
        assertEquals("quota-exceeded", quota.rule());
        assertEquals(new OptOut("Namespace payments", "quota-exceeded", Instant.parse("2026-11-27T10:05:00Z"), "quota raise pending"), quota.optOut());
        assertFalse(now.healthy());

        WorkloadReport later = reports.report(api, Instant.parse("2026-11-27T10:05:00Z"));
        assertNull(later.findings().get(0).optOut());
        assertEquals(List.of(Prose.words("Namespace payments: pod-triage.dev/ignore expired at 2026-11-27T10:05:00Z")), later.optOutProblems());

        api.getMetadata().setAnnotations(ignore("until=2026-11-30; reason=on the workload"));
        assertEquals("Deployment payments/api", reports.report(api, Fixtures.AT).findings().get(0).optOut().object(), "the workload's own comes first");
    }
}
