package dev.podtriage.bench;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic cluster for the benchmark: N pods over several namespaces in a realistic mix (most
 * healthy; crash loops, missing images, OOM kills, unschedulable, failing readiness, stuck init
 * containers, missing config maps, completed jobs) with about five kubelet/scheduler events each.
 */
final class SyntheticCluster {
    static final int NAMESPACES = 10;
    static final int NODES = 20;
    private static final int PODS_PER_REPLICASET = 50;

    final List<HasMetadata> objects = new ArrayList<>();
    final List<Pod> pods = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    /** Pods whose diagnosis needs no log read: the single-pod load targets these. */
    final List<String> quickPods = new ArrayList<>();

    private final Instant now;
    private final int namespaces;
    private final boolean managedFields;

    SyntheticCluster(int podCount, Instant now) {
        this(podCount, now, NAMESPACES, false);
    }

    /**
     * The pods spread over {@code namespaces} namespaces; with {@code managedFields}, pods and events
     * carry them as the API server sends them (what trimming the caches drops).
     */
    SyntheticCluster(int podCount, Instant now, int namespaces, boolean managedFields) {
        this.now = now;
        this.namespaces = namespaces;
        this.managedFields = managedFields;
        for (int n = 0; n < namespaces; n++) {
            objects.add(new NamespaceBuilder().withNewMetadata().withName(ns(n)).withUid(uid("ns", n, 0))
                    .withCreationTimestamp(ago(86_400 * 30)).endMetadata().build());
        }
        for (int n = 0; n < NODES; n++) {
            objects.add(new NodeBuilder().withNewMetadata().withName("node-" + n).withUid("node-" + n)
                    .addToLabels("kubernetes.io/arch", "amd64").withCreationTimestamp(ago(86_400 * 60)).endMetadata()
                    .withNewStatus().addToCapacity("cpu", new Quantity("8")).addToCapacity("memory", new Quantity("32Gi"))
                    .addToAllocatable("cpu", new Quantity("7910m")).addToAllocatable("memory", new Quantity("31Gi"))
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                    .withMessage("kubelet is posting ready status").endCondition()
                    .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux").withKubeletVersion("v1.31.4")
                    .withContainerRuntimeVersion("containerd://1.7.24").endNodeInfo().endStatus().build());
        }
        for (int i = 0; i < podCount; i++) {
            String ns = ns(i % namespaces);
            int rsIndex = i / (namespaces * PODS_PER_REPLICASET);
            String app = "app-" + rsIndex;
            String hash = String.format("%010x", (rsIndex * 2654435761L) & 0xffffffffffL).substring(0, 10);
            String rsName = app + "-" + hash;
            String rsUid = uid("rs", i % namespaces, rsIndex);
            if (i / namespaces % PODS_PER_REPLICASET == 0) {
                objects.add(new ReplicaSetBuilder().withNewMetadata().withName(rsName).withNamespace(ns).withUid(rsUid)
                        .addToLabels("app", app).addToLabels("pod-template-hash", hash)
                        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(app)
                        .withUid(uid("deploy", i % namespaces, rsIndex)).withController(true).endOwnerReference()
                        .withCreationTimestamp(ago(86_400)).endMetadata()
                        .withNewSpec().withReplicas(PODS_PER_REPLICASET).withNewSelector().addToMatchLabels("app", app).endSelector()
                        .endSpec().build());
            }
            addPod(i, ns, app, rsName, rsUid, hash);
        }
        objects.addAll(pods);
        objects.addAll(events);
    }

    static String ns(int n) {
        return String.format("team-%02d", n);
    }

    private String ago(long seconds) {
        return now.minusSeconds(seconds).toString();
    }

    private static String uid(String kind, int a, int b) {
        return String.format("%08x-%04x-4%03x-8000-%012x", kind.hashCode() & 0xffffffffL, a & 0xffff, b & 0xfff, (long) a * 100_000 + b);
    }

    private void addPod(int i, String ns, String app, String rsName, String rsUid, String hash) {
        String name = rsName + "-" + String.format("%05d", i);
        String uid = uid("pod", i, i % 4096);
        String node = "node-" + (i % NODES);
        String image = "registry.example.com/shop/" + app + ":1." + (i % 7);
        int kind = i % 100;
        PodBuilder pb = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withUid(uid)
                .addToLabels("app", app).addToLabels("pod-template-hash", hash).addToLabels("tier", i % 3 == 0 ? "api" : "web")
                .withCreationTimestamp(ago(3_600 * 5)).addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName(rsName).withUid(rsUid).withController(true).withBlockOwnerDeletion(true).endOwnerReference().endMetadata()
                .withNewSpec().withRestartPolicy("Always").withServiceAccountName("default")
                .addNewContainer().withName("app").withImage(image).withNewResources()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("memory", new Quantity("256Mi")).endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withNewPort(8080).endHttpGet()
                .withPeriodSeconds(10).withFailureThreshold(3).endReadinessProbe().endContainer().endSpec();
        boolean quick = true;
        if (kind < 2) {
            // unschedulable
            pb.editSpec().editFirstContainer().editResources().addToRequests("cpu", new Quantity("16")).endResources()
                    .endContainer().endSpec()
                    .withNewStatus().withPhase("Pending").withQosClass("Burstable").addNewCondition().withType("PodScheduled")
                    .withStatus("False").withReason("Unschedulable").withMessage(unschedulable()).endCondition().endStatus();
            event(ns, name, uid, null, "FailedScheduling", "Warning", unschedulable(), 12, "default-scheduler", null);
        } else {
            pb.editSpec().withNodeName(node).endSpec();
            ContainerStatus cs;
            String phase = "Running";
            boolean ready = false;
            if (kind < 7) {
                cs = status(image, false, 14).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 5m0s restarting failed container=app pod=" + name + "_" + ns + "(" + uid + ")")
                        .endWaiting().endState().withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                        .withStartedAt(ago(400)).withFinishedAt(ago(390)).endTerminated().endLastState().build();
                event(ns, name, uid, "app", "BackOff", "Warning", "Back-off restarting failed container app in pod " + name
                        + "_" + ns + "(" + uid + ")", 60, "kubelet", node);
                quick = false;
            } else if (kind < 10) {
                cs = status(image, false, 0).withNewState().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"" + image + "\"").endWaiting().endState().build();
                phase = "Pending";
                event(ns, name, uid, "app", "Failed", "Warning", "Failed to pull image \"" + image + "\": rpc error: code = NotFound "
                        + "desc = failed to pull and unpack image \"" + image + "\": failed to resolve reference \"" + image + "\": "
                        + image + ": not found", 20, "kubelet", node);
            } else if (kind < 13) {
                cs = status(image, false, 6).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 2m40s restarting failed container=app pod=" + name + "_" + ns + "(" + uid + ")")
                        .endWaiting().endState().withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
                        .withStartedAt(ago(200)).withFinishedAt(ago(190)).endTerminated().endLastState().build();
                quick = false;
            } else if (kind < 15) {
                cs = status(image, false, 0).withNewState().withNewRunning().withStartedAt(ago(3_000)).endRunning().endState().build();
                event(ns, name, uid, "app", "Unhealthy", "Warning", "Readiness probe failed: HTTP probe failed with statuscode: 503",
                        300, "kubelet", node);
            } else if (kind < 16) {
                cs = status(image, false, 0).withNewState().withNewWaiting().withReason("CreateContainerConfigError")
                        .withMessage("configmap \"" + app + "-config\" not found").endWaiting().endState().build();
                phase = "Pending";
                event(ns, name, uid, "app", "Failed", "Warning", "Error: configmap \"" + app + "-config\" not found", 30, "kubelet", node);
            } else {
                ready = true;
                cs = status(image, true, i % 50 == 17 ? 1 : 0).withNewState().withNewRunning().withStartedAt(ago(3_600 * 4))
                        .endRunning().endState().build();
            }
            pb.withNewStatus().withPhase(phase).withHostIP("10.0." + (i % NODES) + ".10").withPodIP("10.244." + (i % 250) + "." + (i % 200))
                    .withQosClass("Burstable").withStartTime(ago(3_600 * 5))
                    .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                    .addNewCondition().withType("Initialized").withStatus("True").endCondition()
                    .addNewCondition().withType("ContainersReady").withStatus(ready ? "True" : "False").endCondition()
                    .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                    .withContainerStatuses(cs).endStatus();
            event(ns, name, uid, null, "Scheduled", "Normal", "Successfully assigned " + ns + "/" + name + " to " + node, 1,
                    "default-scheduler", null);
            event(ns, name, uid, "app", "Pulling", "Normal", "Pulling image \"" + image + "\"", 1, "kubelet", node);
            event(ns, name, uid, "app", "Pulled", "Normal", "Container image \"" + image + "\" already present on machine", 1, "kubelet", node);
            event(ns, name, uid, "app", "Created", "Normal", "Created container app", 1, "kubelet", node);
            event(ns, name, uid, "app", "Started", "Normal", "Started container app", 1, "kubelet", node);
        }
        Pod pod = pb.build();
        // what the API server returns with every pod: who last wrote which field (the caches drop it)
        if (managedFields) {
            pod.getMetadata().setManagedFields(List.of(managed("kube-controller-manager", null, 8, "f:metadata", "f:spec"),
                    managed("kubelet", "status", 8, "f:status", "f:conditions")));
        }
        pods.add(pod);
        if (quick) {
            quickPods.add(ns + "/" + name);
        }
    }

    private static String unschedulable() {
        return "0/" + NODES + " nodes are available: " + NODES + " Insufficient cpu. preemption: 0/" + NODES
                + " nodes are available: " + NODES + " No preemption victims found for incoming pod.";
    }

    private static ContainerStatusBuilder status(String image, boolean ready, int restarts) {
        return new ContainerStatusBuilder().withName("app").withImage(image).withImageID(ready ? image + "@sha256:0f3c" : "")
                .withReady(ready).withStarted(ready).withRestartCount(restarts);
    }

    private void event(String ns, String pod, String podUid, String container, String reason, String type, String message,
                       int count, String component, String host) {
        events.add(new EventBuilder().withNewMetadata().withName(pod + "." + Integer.toHexString((reason + events.size()).hashCode()))
                .withNamespace(ns).withUid(uid("event", events.size(), 1)).withCreationTimestamp(ago(3_600)).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withName(pod).withNamespace(ns).withUid(podUid)
                .withFieldPath(container == null ? null : "spec.containers{" + container + "}").endInvolvedObject()
                .withReason(reason).withType(type).withMessage(message).withCount(count)
                .withFirstTimestamp(ago(3_600)).withLastTimestamp(ago(count > 1 ? 60 : 3_500))
                .withNewSource().withComponent(component).withHost(host).endSource()
                .withReportingComponent(component).withReportingInstance(host == null ? "" : host).build());
        if (managedFields) {
            events.get(events.size() - 1).getMetadata().setManagedFields(List.of(managed(component, null, 4, "f:count")));
        }
    }

    /**
     * A managedFields entry of a realistic size (a pod's two about 1 KB each, an event's about 0.4 KB, in
     * JSON): nested field sets as {@code kubectl get -o yaml --show-managed-fields} prints them.
     */
    private ManagedFieldsEntry managed(String manager, String subresource, int width, String... roots) {
        Map<String, Object> fields = FIELDS.computeIfAbsent(width + ":" + String.join(",", roots), k -> fields(width, roots));
        ManagedFieldsEntry e = new ManagedFieldsEntryBuilder().withManager(manager).withOperation("Update").withApiVersion("v1")
                .withTime(ago(3_600)).withFieldsType("FieldsV1").withSubresource(subresource).withNewFieldsV1().endFieldsV1().build();
        e.getFieldsV1().setAdditionalProperties(fields);
        return e;
    }

    /** One field set per list of roots, shared by every object of this generator (they are only serialised). */
    private static final Map<String, Map<String, Object>> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Map<String, Object> fields(int width, String... roots) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String root : roots) {
            Map<String, Object> inner = new LinkedHashMap<>();
            for (int k = 0; k < width; k++) {
                inner.put("f:field" + k, Map.of("f:value", Map.of(), "f:lastTransitionTime", Map.of(), "f:message", Map.of()));
            }
            fields.put(root, inner);
        }
        return fields;
    }
}
