package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Partial and odd objects, as offline input may hold them: the pod-level families must never throw. */
class PodRulesPartialInputTest {
    private static final DiagnosisEngine ENGINE = StandardRules.engine();

    private static List<Diagnosis> diagnose(String json) {
        List<HasMetadata> items = new ManifestReader().read(json, false);
        List<PodSnapshot> snapshots = SnapshotAssembler.assemble(items);
        return snapshots.stream().map(s -> ENGINE.diagnose(s, Fixtures.AT, "offline")).toList();
    }

    private static final String EVENT = "{\"kind\":\"Event\",\"apiVersion\":\"v1\",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\",\"namespace\":\"ns\"},%s}";

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}",
            "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}",
            "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"deletionTimestamp\":\"2026-11-27T09:00:00Z\"}}",
            "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"deletionTimestamp\":\"not a time\",\"finalizers\":[]}}",
            "{\"kind\":\"Pod\",\"status\":{\"phase\":\"Failed\",\"reason\":\"Evicted\"}}",
            "{\"kind\":\"Pod\",\"status\":{\"phase\":\"Failed\",\"reason\":\"OutOfcpu\"}}",
            "{\"kind\":\"Pod\",\"status\":{\"phase\":\"Failed\",\"reason\":\"UnexpectedAdmissionError\"}}",
            "{\"kind\":\"Pod\",\"status\":{\"phase\":\"Failed\",\"reason\":\"DeadlineExceeded\"}}",
            "{\"kind\":\"Pod\",\"status\":{\"phase\":\"Unknown\"}}",
            "{\"kind\":\"Pod\",\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\"}]}}",
            "{\"kind\":\"Pod\",\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"message\":\"0/3 nodes are available: \"}]}}",
            "{\"kind\":\"Pod\",\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"message\":\"0/3 nodes are available: 3 Insufficient cpu.\"}]},\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"garbage\"}}}]}}",
            "{\"kind\":\"Pod\",\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"message\":\"No nodes are available that match all of the predicates: .\"}]}}",
            "{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"a\"}],\"nodeName\":\"n\"},\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"a\",\"state\":{\"terminated\":{}},\"lastState\":{\"terminated\":{}},\"restartCount\":3}]}}",
    })
    void partialPodsDoNotThrow(String pod) {
        assertDoesNotThrow(() -> diagnose("{\"kind\":\"List\",\"items\":[" + pod + "]}"));
    }

    @Test
    void aVerdictWithoutReasonsIsStillReported() {
        Diagnosis d = diagnose("{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"status\":{\"phase\":\"Pending\","
                + "\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\",\"message\":\"0/3 nodes are available: .\"}]}}]}").get(0);
        assertEquals(List.of("unschedulable-other"), d.findings().stream().map(Finding::rule).toList());
    }

    @Test
    void eventsWithoutMessagesOrTimes() {
        String pod = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\",\"creationTimestamp\":\"2026-11-27T09:00:00Z\"},"
                + "\"spec\":{\"nodeName\":\"n\",\"containers\":[{\"name\":\"a\"}]},\"status\":{\"phase\":\"Pending\"}}";
        StringBuilder items = new StringBuilder(pod);
        for (String reason : List.of("FailedScheduling", "FailedMount", "FailedAttachVolume", "FailedCreatePodSandBox", "NetworkNotReady",
                "Evicted", "Preempted", "TaintManagerEviction", "NodeNotReady")) {
            items.append(',').append(String.format(EVENT, "\"reason\":\"" + reason + "\""));
            items.append(',').append(String.format(EVENT, "\"reason\":\"" + reason + "\",\"message\":\"\""));
        }
        List<Diagnosis> ds = assertDoesNotThrow(() -> diagnose("{\"kind\":\"List\",\"items\":[" + items + "]}"));
        assertEquals(1, ds.size());
        assertTrue(ds.get(0).findings().stream().allMatch(f -> !f.evidence().isEmpty() && !f.fixes().isEmpty()),
                () -> "every finding quotes evidence and suggests fixes: " + ds.get(0).findings().stream().map(Finding::rule).toList());
    }

    @Test
    void ownerWithoutStatusAndFailedCreateWithoutMessage() {
        String json = "{\"kind\":\"List\",\"items\":["
                + "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\",\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"uid\":\"u1\"}]}},"
                + "{\"kind\":\"ReplicaSet\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"rs\",\"namespace\":\"ns\",\"uid\":\"u1\"}},"
                + "{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"namespace\":\"ns\",\"uid\":\"u1\"},\"reason\":\"FailedCreate\"},"
                + "{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"namespace\":\"ns\",\"uid\":\"u1\"},\"reason\":\"FailedCreate\",\"message\":\"Error creating: pods \\\"x\\\" is forbidden: exceeded quota: q, requested: , used: , limited: \"}"
                + "]}";
        assertDoesNotThrow(() -> diagnose(json));
    }

    @Test
    void workloadsWithoutAnything() {
        assertEquals(List.of(), new WorkloadRules().detectWorkload(null, null, List.of(), Fixtures.AT));
        assertEquals(List.of(), new WorkloadRules().detectWorkload(new Deployment(), null, List.of(), Fixtures.AT));
        Job job = new ManifestReader().read("{\"kind\":\"Job\",\"apiVersion\":\"batch/v1\",\"status\":{\"conditions\":[{\"type\":\"Failed\",\"status\":\"True\"}]}}", false)
                .stream().map(Job.class::cast).findFirst().orElseThrow();
        assertDoesNotThrow(() -> new WorkloadRules().detectWorkload(job, List.of(), List.of(), Fixtures.AT));
    }

    // ---------------------------------------------------------------- found by the fuzz tests

    @ParameterizedTest
    @ValueSource(strings = {
            // owner references with a null kind or name (the API server requires both)
            "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"ownerReferences\":[{\"kind\":null,\"name\":\"j\",\"uid\":\"u\"}]},\"status\":{\"phase\":\"Failed\",\"reason\":\"DeadlineExceeded\"}}",
            "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"ownerReferences\":[{\"kind\":null,\"name\":\"j\",\"uid\":\"u\"}]},\"spec\":{\"containers\":[{\"name\":\"a\"}]},"
                    + "\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"name\":\"a\",\"state\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\"}}}]}}",
            "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":null,\"uid\":\"u\"}],\"labels\":{\"pod-template-hash\":\"h\"}}}",
    })
    void ownerReferencesWithNullsDoNotThrow(String pod) {
        assertDoesNotThrow(() -> diagnose("{\"kind\":\"List\",\"items\":[" + pod + "]}"));
    }

    @Test
    void anOwnerReferenceWithoutKindNamesNoWorkload() {
        Diagnosis d = diagnose("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"ownerReferences\":[{\"name\":\"j\",\"uid\":\"u\"},"
                + "{\"kind\":\"Job\",\"name\":\"batch\",\"uid\":\"v\"}]},\"status\":{\"phase\":\"Failed\",\"reason\":\"DeadlineExceeded\"}}").get(0);
        // fabric8 fills in kind `OwnerReference` for a reference without one: that names no workload
        assertEquals("Job", d.pod().owner().kind(), "the reference that has a kind is the owner");
        assertEquals("batch", d.pod().owner().name());
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE, Long.MIN_VALUE, -1})
    void anAbsurdGracePeriodDoesNotOverflowTheProbeRules(long grace) {
        String json = "{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\",\"uid\":\"u\"},"
                + "\"spec\":{\"terminationGracePeriodSeconds\":" + grace + ",\"containers\":[{\"name\":\"a\",\"image\":\"app:1\","
                + "\"livenessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":8080}}}]},"
                + "\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"a\",\"image\":\"app:1\",\"restartCount\":4,\"ready\":false,"
                + "\"state\":{\"running\":{\"startedAt\":\"2026-11-27T09:58:00Z\"}},"
                + "\"lastState\":{\"terminated\":{\"exitCode\":137,\"reason\":\"Error\",\"finishedAt\":\"2026-11-27T09:57:59Z\"}}}]}},"
                + "{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\",\"namespace\":\"ns\",\"uid\":\"u\",\"fieldPath\":\"spec.containers{a}\"},"
                + "\"reason\":\"Killing\",\"type\":\"Normal\",\"count\":4,\"message\":\"Container a failed liveness probe, will be restarted\","
                + "\"lastTimestamp\":\"2026-11-27T09:57:29Z\"},"
                + "{\"kind\":\"Event\",\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\",\"namespace\":\"ns\",\"uid\":\"u\",\"fieldPath\":\"spec.containers{a}\"},"
                + "\"reason\":\"Unhealthy\",\"type\":\"Warning\",\"count\":12,\"message\":\"Liveness probe failed: HTTP probe failed with statuscode: 500\","
                + "\"lastTimestamp\":\"2026-11-27T09:57:29Z\"}]}";
        Diagnosis d = assertDoesNotThrow(() -> diagnose(json)).get(0);
        assertEquals("liveness-probe-failed", Fixtures.rules(d).get(0));
    }
}
