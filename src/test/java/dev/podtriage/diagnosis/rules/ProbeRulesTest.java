package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static dev.podtriage.diagnosis.rules.ClusterTexts.assertQuotedVerbatim;
import static dev.podtriage.diagnosis.rules.ClusterTexts.diagnoseEdited;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeRulesTest {

    // ------------------------------------------------------------ liveness-probe-failed

    @Test
    void livenessKillsASlowStartingAppAndSuggestsAStartupProbe() {
        Diagnosis d = Fixtures.diagnose("containers/liveness-killed-during-startup.json");
        Finding f = assertRootCause(d, "liveness-probe-failed", "orders-api");
        assertEquals(List.of("liveness-probe-failed"), rules(d), "no crash-loop (137) nor readiness finding on top");
        assertEquals(Severity.CRITICAL, f.severity());
        assertMessageNames(f, "7 times", "HTTP GET /actuator/health/liveness on port 8080", "initialDelaySeconds 5", "periodSeconds 10",
                "timeoutSeconds 1", "failureThreshold 3", "connection refused", "ran only 36s", "still starting");
        assertFixNames(f, "Add a `startupProbe` to `spec.containers[orders-api]`", "failureThreshold: 30",
                "livenessProbe.initialDelaySeconds` from 5", "Deployment `orders-api`");
        assertTrue(f.evidence().stream().anyMatch(e -> "Killing".equals(e.reason()) && e.count() == 7));
        assertTrue(f.evidence().stream().anyMatch(e -> e.source() == EvidenceSource.SPEC && e.field().endsWith(".livenessProbe")));
    }

    @Test
    void livenessTimeoutsAfterHoursOfRunningSuggestALongerTimeout() {
        Diagnosis d = Fixtures.diagnose("containers/liveness-timeout.json");
        Finding f = assertRootCause(d, "liveness-probe-failed", "gateway");
        assertEquals(List.of("liveness-probe-failed"), rules(d));
        assertMessageNames(f, "HTTP GET /healthz on port 8080", "context deadline exceeded");
        assertFalse(f.message().markdown().contains("still starting"), f.message().markdown());
        assertFixNames(f, "spec.containers[gateway].livenessProbe.timeoutSeconds` from 1", "Deployment `gateway-api`");
        assertFalse(String.join("\n", f.fixes().stream().map(String::valueOf).toList()).contains("startupProbe"), "it ran 2h27m: start-up is not the problem");
    }

    @Test
    void execProbeThatNeverPassesIsBlamedOnTheCheck() {
        Diagnosis d = Fixtures.diagnose("containers/liveness-exec-crio.json");
        Finding f = assertRootCause(d, "liveness-probe-failed", "redis");
        assertMessageNames(f, "exec `sh -c 'redis-cli -a \"$REDIS_PASSWORD\" ping | grep PONG'`", "WRONGPASS", "never succeeded");
        assertFixNames(f, "kubectl exec -n cache redis-0 -c redis -- sh -c 'redis-cli", "--previous");
        assertTrue(f.evidence().stream().anyMatch(e -> e.text() != null && e.text().startsWith("Liveness probe errored")));
    }

    @Test
    void tcpProbeOnAnUndeclaredPort() {
        Diagnosis d = Fixtures.diagnose("containers/liveness-tcp-wrong-port.json");
        Finding f = assertRootCause(d, "liveness-probe-failed", "consumer");
        assertMessageNames(f, "TCP connect to port 8080", "not among the container's declared ports (9090)");
        assertFixNames(f, "spec.containers[consumer].livenessProbe", "9090");
        assertFalse(String.join("\n", f.fixes().stream().map(String::valueOf).toList()).contains("startupProbe"), "a wrong port is no slow start");
    }

    @Test
    void livenessKillsReadFromUnhealthyEventsWhenKillingEventsAreMissing() {
        Diagnosis d = Fixtures.diagnose("containers/liveness-unhealthy-events-only.json");
        Finding f = assertRootCause(d, "liveness-probe-failed", "pricing");
        assertEquals(List.of("liveness-probe-failed"), rules(d), "its exit 137 is no crash loop");
        // killed 100s ago, but running and Ready again since: restarts while Ready are degraded, not down (rules.md)
        assertEquals(Severity.WARNING, f.severity(), "Ready again after the kill");
        assertTrue(f.message().markdown().endsWith("(warning, not critical: the container runs and is Ready again; it restarted 4 times)"), f.message().markdown());
        assertMessageNames(f, "HTTP GET /health on port 8080", "statuscode: 500", "restart 4");
        assertFixNames(f, "HTTP 500", "must not depend on databases");
    }

    // ------------------------------------------------------------ startup-probe-failed

    @Test
    void startupProbeBudgetTooShort() {
        Diagnosis d = Fixtures.diagnose("containers/startup-probe-failed.json");
        Finding f = assertRootCause(d, "startup-probe-failed", "erp");
        assertEquals(List.of("startup-probe-failed"), rules(d), "a container that has not started is not a readiness problem");
        assertMessageNames(f, "3 times", "120s", "HTTP GET /erp/started on port 8080", "statuscode: 503");
        assertFixNames(f, "spec.containers[erp].startupProbe.failureThreshold` from 12 (e.g. to 24)", "Deployment `legacy-erp`");
    }

    @Test
    void httpStartupProbeRefusedUntilTheBackOff() {
        Diagnosis d = Fixtures.diagnose("containers/startup-probe-connection-refused.json");
        Finding f = assertRootCause(d, "startup-probe-failed", "app");
        assertEquals(List.of("startup-probe-failed"), rules(d), "its CrashLoopBackOff and exit 137 are the probe kills, not a crash loop of their own");
        assertEquals(Severity.CRITICAL, f.severity());
        assertMessageNames(f, "7 times", "70s", "HTTP GET /healthz on port 8080", "initialDelaySeconds 10", "failureThreshold 6",
                "dial tcp 10.244.1.7:8080: connect: connection refused");
        assertFixNames(f, "spec.containers[app].startupProbe.failureThreshold` from 6 (e.g. to 12)", "Deployment `inventory-svc`",
                "Nothing accepted connections on port 8080", "kubectl logs -n stock inventory-svc-5d9f8b7c6-k2m4n -c app --previous");
        assertTrue(f.evidence().stream().anyMatch(e -> "Killing".equals(e.reason()) && e.count() == 7));
        assertTrue(f.evidence().stream().anyMatch(e -> "CrashLoopBackOff".equals(e.reason())));
        assertFalse(String.join("\n", f.fixes().stream().map(String::valueOf).toList()).contains("Add a `startupProbe`"), "it already has one");
    }

    @Test
    void execStartupProbeTimingOutOnCrio() {
        Diagnosis d = Fixtures.diagnose("containers/startup-probe-exec-timeout-crio.json");
        Finding f = assertRootCause(d, "startup-probe-failed", "cassandra");
        assertEquals(List.of("startup-probe-failed"), rules(d), "running but not started: no readiness finding");
        assertMessageNames(f, "3 times", "330s", "exec `sh -c", "nodetool info", "timeoutSeconds 5",
                "command \"sh -c nodetool info | grep -q 'Native Transport active: true'\" timed out");
        assertFixNames(f, "spec.containers[cassandra].startupProbe.timeoutSeconds` from 5 (e.g. to 10)",
                "spec.containers[cassandra].startupProbe.failureThreshold` from 20 (e.g. to 40)", "StatefulSet `cassandra`", "kubectl logs -n db cassandra-1 -c cassandra --previous");
        // the newest failure is quoted first; the older "probe errored" form is evidence too
        List<String> unhealthy = f.evidence().stream().filter(e -> "Unhealthy".equals(e.reason())).map(e -> e.text()).toList();
        assertEquals(2, unhealthy.size(), unhealthy::toString);
        assertTrue(unhealthy.get(0).endsWith("timed out"), unhealthy::toString);
        assertTrue(unhealthy.get(1).startsWith("Startup probe errored: rpc error: code = DeadlineExceeded"), unhealthy::toString);
    }

    @Test
    void startupProbeKillInferredFromStatusOnceEventsExpired() {
        Diagnosis d = Fixtures.diagnose("containers/startup-probe-status-only.json");
        Finding f = assertRootCause(d, "startup-probe-failed", "indexer");
        assertEquals(List.of("startup-probe-failed"), rules(d), "no crash-loop finding on top");
        assertEquals(Severity.CRITICAL, f.severity(), "still in CrashLoopBackOff");
        // no event at all: the finding must say that it is an inference, with the numbers it rests on
        assertMessageNames(f, "most likely", "restart 131", "HTTP GET /_health/started on port http (9200)", "inferred", "ran 51s",
                "budget of 50s", "exit code 143");
        assertFixNames(f, "spec.containers[indexer].startupProbe.failureThreshold` from 10 (e.g. to 20)", "Deployment `search-indexer`");
        assertEquals(EvidenceSource.STATUS, f.evidence().get(0).source());
        assertTrue(f.evidence().stream().noneMatch(e -> e.source() == EvidenceSource.EVENT));
    }

    @Test
    void aSigtermLongAfterTheStartupBudgetIsNotReadAsAStartupProbeKill() {
        // same pod, but the last instance ran 16m: the startup probe had long given up or succeeded
        String json = Fixtures.read("containers/startup-probe-status-only.json")
                .replace("\"startedAt\": \"2026-11-27T09:56:55Z\"", "\"startedAt\": \"2026-11-27T09:41:40Z\"");
        assertTrue(json.contains("09:41:40Z"), "fixture edited");
        assertEquals(List.of("container-crash-loop"), rules(diagnoseEdited(json)));
    }

    // ------------------------------------------------------------ readiness-probe-failed

    /** Unready for an hour and a half: the pod cannot do its job (rules.md: not ready), critical. */
    @Test
    void readinessFailingWith503ForLongIsCritical() {
        Diagnosis d = Fixtures.diagnose("containers/readiness-failing-503.json");
        Finding f = assertRootCause(d, "readiness-probe-failed", "web-ui");
        assertEquals(Severity.CRITICAL, d.severity());
        assertMessageNames(f, "not Ready", "HTTP GET /api/ready on port 3000", "1071 times", "statuscode: 503", "no traffic");
        assertFixNames(f, "HTTP 503", "kubectl logs -n shop web-ui-7a8b9c0d1-r4t5y -c web-ui", "http://localhost:3000/api/ready");
    }

    /** The same pod unready for two minutes only: one probe failing briefly (rules.md), a warning that says why. */
    @Test
    void readinessFailingBrieflyIsAWarning() {
        Diagnosis d = Fixtures.diagnose("containers/readiness-failing-briefly.json");
        Finding f = assertRootCause(d, "readiness-probe-failed", "web-ui");
        assertEquals(Severity.WARNING, d.severity());
        assertMessageNames(f, "(warning, not critical: the pod has been unready for only 119s, a probe failing briefly)", "12 times");
    }

    @Test
    void readinessOfTheSidecarTimesOutWhileTheAppIsReady() {
        Diagnosis d = Fixtures.diagnose("containers/readiness-sidecar-timeout.json");
        Finding f = assertRootCause(d, "readiness-probe-failed", "auth-proxy");
        assertEquals(List.of("readiness-probe-failed"), rules(d), "the ready `api` container has nothing to report");
        assertFixNames(f, "spec.containers[auth-proxy].readinessProbe.timeoutSeconds` from 1");
    }

    @Test
    void readinessFromStatusAloneOnceEventsExpired() {
        Diagnosis d = Fixtures.diagnose("containers/readiness-status-only.json");
        Finding f = assertRootCause(d, "readiness-probe-failed", "ui");
        assertMessageNames(f, "port `http` (8080)", "has not succeeded since", "49m ago", "expired");
        assertEquals(EvidenceSource.STATUS, f.evidence().get(0).source());
    }

    @Test
    void aContainerUnreadyForAFewMinutesOnlyIsNotReportedFromStatusAlone() {
        Diagnosis d = Fixtures.diagnose("containers/readiness-status-only.json", java.time.Instant.parse("2026-11-27T09:13:00Z"));
        assertTrue(d.findings().isEmpty(), () -> rules(d).toString());
    }

    @Test
    void toleratesPartialObjects() {
        for (PodView pod : PartialPods.all()) {
            assertTrue(new ProbeRules().detect(pod).isEmpty(), "nothing to say about " + pod.pod());
        }
    }

    // ------------------------------------------------------------ wordings of section 5 (ContainerRunSignatures)

    @Test
    void grpcNotServingIsTheAppsOwnAnswer() {
        Diagnosis d = Fixtures.diagnose("wordings/readiness-probe-failed.k8s-1.24-grpc-not-serving.complete.json");
        Finding f = assertRootCause(d, "readiness-probe-failed", "grpc");
        assertMessageNames(f, "gRPC health check on port 9090", "failed 38 times", "NOT_SERVING");
        assertFixNames(f, "NOT_SERVING from its gRPC health service", "reports itself not serving");
        assertFalse(String.join("\n", f.fixes().stream().map(String::valueOf).toList()).contains("timeoutSeconds"), "NOT_SERVING is an answer, not a timeout");
    }

    @Test
    void grpcHealthRpcTimeoutSuggestsALongerTimeout() {
        Diagnosis d = Fixtures.diagnose("wordings/liveness-probe-failed.k8s-1.24-grpc-timeout.events.json");
        Finding f = assertRootCause(d, "liveness-probe-failed", "api");
        assertMessageNames(f, "gRPC health check on port 9090", "health rpc did not complete within 1s");
        assertFixNames(f, "spec.containers[api].livenessProbe.timeoutSeconds` from 1");
    }

    @Test
    void aProbeWarningIsNoFailure() {
        Diagnosis d = Fixtures.diagnose("wordings/readiness-probe-failed.k8s-1.15-probe-warning.complete.json");
        Finding f = assertRootCause(d, "readiness-probe-failed", "app");
        assertMessageNames(f, "HTTP GET /ready on port 8080", "failed 26 times", "statuscode: 503");
        assertFalse(f.message().markdown().contains("redirects"), "the redirect was a warning of a probe that passed: " + f.message());
        assertFixNames(f, "HTTP 503", "reports itself not ready");
    }

    // ------------------------------------------------------------ cluster text reaches the finding verbatim

    @Test
    void probeOutputAndCommandWithBackticksAndMarkupAreQuotedVerbatim() {
        String output = "AUTH failed: `WRONGPASS` *user* is_disabled_ ``x``";
        String json = Fixtures.read("containers/liveness-exec-crio.json")
                .replace("AUTH failed: WRONGPASS invalid username-password pair or user is disabled.", output)
                .replace("ping | grep PONG", "ping | grep `echo PONG`");
        assertTrue(json.contains(output) && json.contains("grep `echo PONG`"), "fixture edited");
        Finding f = assertRootCause(diagnoseEdited(json), "liveness-probe-failed", "redis");
        String command = "sh -c 'redis-cli -a \"$REDIS_PASSWORD\" ping | grep `echo PONG`'";
        assertQuotedVerbatim(f.message(), output);
        assertQuotedVerbatim(f.message(), command);
        assertQuotedVerbatim(f.headline(), command);
        assertTrue(f.fixes().stream().anyMatch(x -> x.parts().contains(new Prose.Part(Prose.Kind.CODE,
                "kubectl exec -n cache redis-0 -c redis -- " + command))), () -> "the command to run by hand, verbatim: " + f.fixes());
        f.fixes().forEach(x -> assertEquals(x, Prose.fromMarkdown(x.markdown()), x::markdown));
    }

    @Test
    void readinessFailureWithBackticksIsQuotedVerbatim() {
        String failure = "HTTP probe failed with statuscode: 503 `db` *down* _now_";
        String json = Fixtures.read("containers/readiness-failing-503.json")
                .replace("HTTP probe failed with statuscode: 503", failure);
        assertTrue(json.contains(failure), "fixture edited");
        Finding f = assertRootCause(diagnoseEdited(json), "readiness-probe-failed", "web-ui");
        assertQuotedVerbatim(f.message(), failure);
    }
}
