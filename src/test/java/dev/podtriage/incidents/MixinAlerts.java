package dev.podtriage.incidents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Alertmanager webhook payloads (version "4") with the kubernetes-mixin alerts as Prometheus and
 * kube-state-metrics label them: the labels of each alert's expression (its {@code by} clause or the
 * kube-state-metrics series), the scrape target's ({@code job}, {@code instance}, {@code service},
 * {@code endpoint}, {@code container} of kube-state-metrics where the expression keeps them) and the
 * rule's {@code severity}.
 */
final class MixinAlerts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> KSM = Map.of("job", "kube-state-metrics", "instance", "10.2.0.14:8080",
            "service", "kube-prometheus-stack-kube-state-metrics", "endpoint", "http", "container", "kube-state-metrics");

    private final ArrayNode alerts = JSON.createArrayNode();
    private int fingerprints;

    /** {@code max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1}. */
    MixinAlerts crashLooping(String namespace, String pod, String container) {
        Map<String, String> l = ksm("KubePodCrashLooping", namespace, "warning");
        l.put("pod", pod);
        l.put("container", container);
        l.put("reason", "CrashLoopBackOff");
        l.put("uid", "4b1c7f0e-" + String.format("%04d", fingerprints) + "-4a8e-9d3f-2b6a1c5e7d90");
        return add(l, "Pod is in waiting state (reason: \"CrashLoopBackOff\").", "firing");
    }

    /** {@code sum by (namespace, pod, cluster) (...) > 0}. */
    MixinAlerts podNotReady(String namespace, String pod, String status) {
        Map<String, String> l = base("KubePodNotReady", namespace, "warning");
        l.put("pod", pod);
        return add(l, "Pod " + namespace + "/" + pod + " has been in a non-ready state for longer than 15 minutes.", status);
    }

    /** {@code sum by (namespace, pod, container, cluster) (kube_pod_container_status_waiting_reason{reason!="CrashLoopBackOff"}) > 0}. */
    MixinAlerts containerWaiting(String namespace, String pod, String container) {
        Map<String, String> l = base("KubeContainerWaiting", namespace, "warning");
        l.put("pod", pod);
        l.put("container", container);
        return add(l, "pod/" + pod + " in namespace " + namespace + " on container " + container + " has been in waiting state for longer than 1 hour.",
                "firing");
    }

    /** {@code kube_deployment_spec_replicas != kube_deployment_status_replicas_available}: the kube-state-metrics series' labels. */
    MixinAlerts replicasMismatch(String namespace, String deployment) {
        Map<String, String> l = ksm("KubeDeploymentReplicasMismatch", namespace, "warning");
        l.put("deployment", deployment);
        return add(l, "Deployment " + namespace + "/" + deployment + " has not matched the expected number of replicas for longer than 15 minutes.",
                "firing");
    }

    /** {@code kube_job_failed > 0}. */
    MixinAlerts jobFailed(String namespace, String job) {
        Map<String, String> l = ksm("KubeJobFailed", namespace, "warning");
        l.put("job_name", job);
        l.put("condition", "true");
        return add(l, "Job " + namespace + "/" + job + " failed to complete.", "firing");
    }

    /** {@code kube_resourcequota{type="used"} / ignoring(instance, job, type) (kube_resourcequota{type="hard"} > 0) > 1}. */
    MixinAlerts quotaExceeded(String namespace, String quota, String resource) {
        Map<String, String> l = ksm("KubeQuotaExceeded", namespace, "info");
        l.remove("instance");
        l.remove("job");
        l.put("resourcequota", quota);
        l.put("resource", resource);
        return add(l, "Namespace " + namespace + " is using 100% of its " + resource + " quota.", "firing");
    }

    int size() {
        return alerts.size();
    }

    /** The whole webhook payload, as Alertmanager posts it. */
    String payload() {
        ObjectNode p = JSON.createObjectNode();
        p.put("receiver", "pod-triage");
        p.put("status", "firing");
        p.set("alerts", alerts);
        p.putObject("groupLabels").put("namespace", "all");
        p.putObject("commonLabels").put("prometheus", "monitoring/kube-prometheus-stack-prometheus");
        p.putObject("commonAnnotations");
        p.put("externalURL", "http://alertmanager.monitoring.svc:9093");
        p.put("version", "4");
        p.put("groupKey", "{}/{}:{namespace=\"all\"}");
        p.put("truncatedAlerts", 0);
        return p.toString();
    }

    private static Map<String, String> base(String alertname, String namespace, String severity) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("alertname", alertname);
        l.put("namespace", namespace);
        l.put("prometheus", "monitoring/kube-prometheus-stack-prometheus");
        l.put("severity", severity);
        return l;
    }

    private static Map<String, String> ksm(String alertname, String namespace, String severity) {
        Map<String, String> l = base(alertname, namespace, severity);
        l.putAll(KSM);
        return l;
    }

    private MixinAlerts add(Map<String, String> labels, String description, String status) {
        ObjectNode a = alerts.addObject();
        a.put("status", status);
        ObjectNode l = a.putObject("labels");
        labels.forEach(l::put);
        ObjectNode ann = a.putObject("annotations");
        ann.put("description", description);
        ann.put("runbook_url", "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/" + labels.get("alertname").toLowerCase());
        ann.put("summary", description);
        a.put("startsAt", "2026-11-27T09:45:00Z");
        a.put("endsAt", "resolved".equals(status) ? "2026-11-27T09:58:00Z" : "0001-01-01T00:00:00Z");
        a.put("generatorURL", "http://prometheus.monitoring.svc:9090/graph?g0.expr=" + labels.get("alertname"));
        a.put("fingerprint", String.format("%016x", 0x5a1e_0000_0000L + (++fingerprints) * 7919L));
        return this;
    }
}
