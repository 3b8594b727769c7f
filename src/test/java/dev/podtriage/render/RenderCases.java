package dev.podtriage.render;

import dev.podtriage.diagnosis.Prose;

import dev.podtriage.diagnosis.rules.StandardRules;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.OptOut;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.PodInfo;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import dev.podtriage.diagnosis.Cause;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentList;
import dev.podtriage.incidents.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The messages the golden files are made of: engine output over fixtures, and a few built by hand. */
final class RenderCases {
    static final String IMAGE = "image/not-found-containerd.json";
    static final String HEALTHY = "render/healthy-running.json";

    private RenderCases() {
    }

    /** Case name to message, in a stable order. */
    static Map<String, Supplier<Message>> all() {
        MessageBuilder builder = new MessageBuilder();
        Map<String, Supplier<Message>> cases = new LinkedHashMap<>();
        cases.put("image-not-found", () -> builder.diagnosis(Fixtures.diagnose(IMAGE)));
        cases.put("healthy", () -> builder.diagnosis(Fixtures.diagnose(HEALTHY)));
        cases.put("crash-loop-escaping", () -> builder.diagnosis(crashLoop()));
        cases.put("report", () -> new MessageBuilder(2).report(report()));
        cases.put("workload", () -> builder.workload(workload()));
        cases.put("rule", () -> builder.rule(StandardRules.catalog().rule("image-not-found").orElseThrow()));
        cases.put("rules", () -> builder.rules(StandardRules.catalog().rules()));
        cases.put("help", () -> builder.help("pod-triage help", List.of(
                new Command("/triage <namespace>/<pod>", "diagnose one pod"),
                new Command("/triage <namespace>", "the namespace's failing pods, worst first"),
                new Command("/triage workload <namespace>/<kind>/<name>", "a Deployment, StatefulSet, DaemonSet or Job with its pods"),
                new Command("/triage rules [id]", "the rule catalog, or one rule"),
                new Command("/triage help", "this text; add `--public` to answer in the channel"))));
        cases.put("incidents", () -> new IncidentMessages(10).incidents(incidents()));
        return cases;
    }

    /** Report over the image pull, the healthy pod and the crash loop: every pod listed, two shown. */
    static Report report() {
        List<Diagnosis> all = new ArrayList<>();
        all.add(Fixtures.diagnose(HEALTHY));
        all.add(Fixtures.diagnose(IMAGE));
        all.add(crashLoop());
        return DiagnosisEngine.summarize(all, Fixtures.AT, "offline", ReportFilter.everything());
    }

    /**
     * A pod of a live cluster with three findings (critical, warning, info) whose texts hold
     * everything renderers must escape: &amp; &lt; &gt; * _ | ~ [ ], a stray backtick, terminal
     * colour codes, a multi-line log tail.
     */
    static Diagnosis crashLoop() {
        Finding oom = new Finding("container-oom-killed", Severity.CRITICAL, "Container killed: out of memory", "checkout",
                Prose.fromMarkdown("Container `checkout` was killed at its memory limit `256Mi` (exit code 137: OOMKilled) 7 times; "
                        + "its <heap> & off-heap use grew past the limit after *every* start."),
                List.of(Evidence.status("status.containerStatuses[checkout].lastState.terminated", "OOMKilled",
                                "Exit code 137 at 2026-11-27T09:58:12Z after 41s"),
                        new Evidence(EvidenceSource.EVENT, null, "BackOff",
                                "Back-off restarting failed container checkout in pod checkout-6c7d8e9f0a-h5j6k_shop(4f3e2d1c-0b9a-8f7e-6d5c-4b3a2f1e0d9c)",
                                12, Instant.parse("2026-11-27T09:59:30Z")),
                        Evidence.log("checkout", "\u001B[31mERROR\u001B[0m cache <warm-up> failed: heap & off-heap > 250Mi\n"
                                + "java.lang.OutOfMemoryError: Java heap space\n"
                                + "\tat com.acme.cart.Cache.load(Cache.java:42)\n")),
                List.of(Prose.fromMarkdown("Raise `spec.containers[checkout].resources.limits.memory` above `256Mi` on Deployment `checkout`, e.g. "
                                + "`kubectl -n shop set resources deployment/checkout -c checkout --limits=memory=512Mi`."),
                        Prose.fromMarkdown("Or cap the heap below the limit: set `-XX:MaxRAMPercentage=75` in `JAVA_TOOL_OPTIONS`."),
                        Prose.fromMarkdown("- Check what grows: `kubectl -n shop logs checkout-6c7d8e9f0a-h5j6k -c checkout --previous | grep -i heap`.")),
                Prose.fromMarkdown("Container `checkout` killed at its memory limit `256Mi`"), Stage.RUN, 1);
        Finding readiness = new Finding("readiness-probe-failed", Severity.WARNING, "Readiness probe failing", "envoy",
                Prose.fromMarkdown("The readiness probe of container `envoy` (HTTP GET :9901/ready, every 10s) failed 30 times: the pod gets no traffic "
                        + "from Service `checkout` [1 of 2 containers ready]. A stray ` backtick stays as it is."),
                List.of(new Evidence(EvidenceSource.EVENT, null, "Unhealthy",
                        "Readiness probe failed: HTTP probe failed with statuscode: 503 ~ upstream_reset_before_response_started{connection_failure}",
                        30, Instant.parse("2026-11-27T09:59:50Z"))),
                List.of(Prose.fromMarkdown("Look at why `envoy` answers 503 on `/ready`: `kubectl -n shop exec checkout-6c7d8e9f0a-h5j6k -c envoy -- curl -s localhost:9901/clusters`.")),
                Prose.fromMarkdown("Readiness probe of `envoy` failing"), Stage.PROBE, 2)
                .withOptOut(new OptOut("Deployment shop/checkout", "readiness-probe-failed", Instant.parse("2027-01-01T00:00:00Z"),
                        "envoy warms up slowly <known>"));
        Finding lint = new Finding("resources-unbounded", Severity.INFO, "Resources unbounded", "envoy",
                Prose.fromMarkdown("Container `envoy` has no memory limit."),
                List.of(Evidence.spec("spec.containers[envoy].resources", "{}")),
                List.of(Prose.fromMarkdown("Set `spec.containers[envoy].resources.limits.memory`, e.g. `128Mi`.")),
                Prose.fromMarkdown("Container `envoy` has no memory limit"), Stage.LINT, 2);
        PodInfo pod = new PodInfo("shop", "checkout-6c7d8e9f0a-h5j6k", "4f3e2d1c-0b9a-8f7e-6d5c-4b3a2f1e0d9c", "node-2",
                new OwnerRef("Deployment", "checkout"), "Running", "CrashLoopBackOff", "1/2", 7);
        return new Diagnosis("prod-eu", pod, false, Severity.CRITICAL, Prose.fromMarkdown("Container `checkout` killed at its memory limit `256Mi` (+1 more)"),
                List.of(oom, readiness, lint), Fixtures.AT, 0,
                List.of(Prose.words("Namespace shop: pod-triage.dev/ignore not applied: no until= (an opt-out must expire: until=YYYY-MM-DD or an RFC 3339 instant)")));
    }

    /** The chat `incidents` list: a registry rate limit with 3 of its 20 pods opted out, and a crash loop none of whose pods is. */
    static IncidentList incidents() {
        OptOut ignored = new OptOut("Namespace sandbox", null, Instant.parse("2026-12-08T18:00:00Z"), "load test today");
        List<Member> pulling = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            String namespace = n < 3 ? "sandbox" : "shop";
            pulling.add(new Member("Pod", namespace, "web-7d9c8b5f4d-" + n, new OwnerRef("Deployment", "web"), "node-" + n % 4,
                    Fixtures.AT, n < 3 ? ignored : null));
        }
        Incident rateLimit = new Incident("image-pull-rate-limited/registry/docker.io", "image-pull-rate-limited", Severity.CRITICAL,
                "Registry rate limit", Incident.OPEN, new Cause("registry", null, "docker.io"),
                Prose.fromMarkdown("docker.io rate-limits image pulls: 20 pods in 2 namespaces"), Fixtures.AT, Fixtures.AT, null,
                new Incident.Scope(20, 2, 2, 4), pulling, List.of(), List.of(Prose.fromMarkdown("Authenticate pulls from `docker.io` or use a mirror.")));
        List<Member> crashing = List.of(
                new Member("Pod", "shop", "checkout-6c7d8e9f0a-h5j6k", new OwnerRef("Deployment", "checkout"), "node-2", Fixtures.AT),
                new Member("Pod", "shop", "checkout-6c7d8e9f0a-p2q3r", new OwnerRef("Deployment", "checkout"), "node-3", Fixtures.AT));
        Incident crashLoop = new Incident("crash-looping/deployment/shop/checkout", "crash-looping", Severity.CRITICAL,
                "Container crash-looping", Incident.OPEN, new Cause("deployment", "shop", "checkout"),
                Prose.fromMarkdown("Deployment shop/checkout crash-loops: 2 pods"), Fixtures.AT, Fixtures.AT, null,
                new Incident.Scope(2, 1, 1, 2), crashing, List.of(), List.of(Prose.fromMarkdown("Read the previous logs of `checkout`.")));
        return new IncidentList("prod-eu", Incident.OPEN, 2, List.of(rateLimit, crashLoop), null);
    }

    /** A Deployment that cannot create pods (quota), with one old pod still failing to pull. */
    static WorkloadReport workload() {
        Finding quota = new Finding("quota-exceeded", Severity.CRITICAL, "Resource quota exceeded", null,
                Prose.fromMarkdown("ReplicaSet `web-7d9c8b5f4d` cannot create pods: ResourceQuota `shop-quota` allows `limits.memory` 2Gi and 1920Mi are used, "
                        + "a new pod asks for 128Mi more."),
                List.of(new Evidence(EvidenceSource.WORKLOAD, "ReplicaSet/web-7d9c8b5f4d", "FailedCreate",
                        "Error creating: pods \"web-7d9c8b5f4d-7kq2p\" is forbidden: exceeded quota: shop-quota, requested: limits.memory=128Mi, used: limits.memory=1920Mi, limited: limits.memory=2Gi",
                        9, Instant.parse("2026-11-27T09:58:40Z"))),
                List.of(Prose.fromMarkdown("Raise `spec.hard.limits.memory` of ResourceQuota `shop-quota` in namespace `shop` (`kubectl -n shop edit resourcequota shop-quota`)."),
                        Prose.fromMarkdown("Or lower `spec.template.spec.containers[main-app].resources.limits.memory` of Deployment `web`.")),
                Prose.fromMarkdown("ResourceQuota `shop-quota` blocks new pods of ReplicaSet `web-7d9c8b5f4d`"), Stage.WORKLOAD, 0);
        Diagnosis pod = Fixtures.diagnose(IMAGE);
        return new WorkloadReport("offline", new WorkloadReport.Workload("shop", "Deployment", "web", 3, 0), false, Severity.CRITICAL,
                Prose.fromMarkdown("ResourceQuota `shop-quota` blocks new pods of ReplicaSet `web-7d9c8b5f4d`"), List.of(quota), List.of(pod), Fixtures.AT, 0);
    }
}
