package dev.podtriage.cluster.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSeriesBuilder;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.EventSourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The seed of the sandbox cluster: a small, realistic cluster in which the situations of a pod's
 * life happen side by side with healthy workloads. Pure data, no I/O: every timestamp is relative
 * to the instant passed in, so that the time-dependent rules fire when the cluster is evaluated at
 * that instant (an init container has been waiting 25 minutes, events are minutes old, the node
 * stopped reporting 3½ minutes ago).
 *
 * <p>Statuses are written the way a v1.31 kubelet on containerd writes them; kubelet, controller
 * and node events are old-style core/v1 events ({@code count}, {@code firstTimestamp},
 * {@code lastTimestamp}, {@code source}); the scheduler's are new-style events.k8s.io events seen
 * through core/v1 ({@code eventTime}, {@code series}, {@code action}, an empty {@code source}),
 * as {@code kubectl get events -o json} prints them on a real cluster. Node events carry the node
 * name as {@code involvedObject.uid}, as the kubelet and the node controller write them.
 *
 * <p>The scenarios (namespace/pod → what happened):
 * <ul>
 * <li>{@code shop/catalog-…}: init container {@code wait-for-registry} loops on
 * {@code nslookup registry.internal} for 25 minutes (Init:0/1);</li>
 * <li>{@code shop/media-…}: init container {@code fetch-assets} fails its download (curl 404, exit 1,
 * Init:CrashLoopBackOff);</li>
 * <li>{@code shop/recommender-…}: killed at its 50Mi memory limit (OOMKilled, CrashLoopBackOff, 6 restarts);</li>
 * <li>{@code shop/storefront-…}: {@code nginx:1.99} does not exist (containerd "not found");</li>
 * <li>{@code shop/cart-…}: liveness probe times out, the kubelet kills it (4 restarts);</li>
 * <li>{@code shop/search-…}: Pending, asks 8 CPUs of 4-CPU nodes (FailedScheduling);</li>
 * <li>{@code payments/ledger-…}: private ghcr.io image, no pull secret (401 Unauthorized);</li>
 * <li>{@code payments/api}: Deployment blocked by ResourceQuota {@code payments-quota}, no pod at all;</li>
 * <li>{@code payments/settlement-…}: Python crash loop (exit 1), log tail in {@link #previousLogs()};</li>
 * <li>{@code payments/fraud-check-…}: Running on node-3, which stopped posting status (NodeNotReady);</li>
 * <li>{@code batch/report-export-…}: Job pod, {@code restartPolicy: Never}, init container failed, pod Failed;</li>
 * <li>healthy: {@code shop/web-…} (2 replicas), {@code batch/nightly-reconcile-…} (Succeeded),
 * {@code default/echo-…} (restarted once 3 days ago, Ready since).</li>
 * </ul>
 */
public final class SandboxScenarios {

    /** How long ago node-3 stopped posting status (under the 300 s default eviction toleration). */
    static final String NODE_LOST_AGO = "3m30s";

    private SandboxScenarios() {
    }

    /** All objects of the sandbox cluster as of {@code now}: Nodes, Namespaces, workloads, Pods, then Events. */
    public static List<HasMetadata> objects(Instant now) {
        return new Seed(now).build();
    }

    /**
     * The tail of the previous container instance's log, keyed {@code namespace/pod/container}, for
     * the containers that have terminated (what {@code kubectl logs --previous} prints; for the
     * Job's failed init container, which never restarts, what {@code kubectl logs -c} prints).
     */
    public static Map<String, String> previousLogs() {
        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("payments/settlement-8d6f5c7b9-q7wz4/settlement", """
                INFO:settlement.main:Starting settlement worker 0.9.3 (pid 1, python 3.12.7)
                INFO:settlement.config:Loading configuration from /etc/settlement/settings.toml
                INFO:settlement.config:Profile 'production', 3 payment providers enabled
                Traceback (most recent call last):
                  File "<frozen runpy>", line 198, in _run_module_as_main
                  File "<frozen runpy>", line 88, in _run_code
                  File "/app/settlement/__main__.py", line 4, in <module>
                    main()
                  File "/app/settlement/main.py", line 61, in main
                    config = load_config(os.environ.get("SETTLEMENT_PROFILE", "production"))
                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
                  File "/app/settlement/config.py", line 42, in load_config
                    bank_api_url = os.environ["BANK_API_URL"]
                                   ~~~~~~~~~~^^^^^^^^^^^^^^^^
                  File "<frozen os>", line 714, in __getitem__
                KeyError: 'BANK_API_URL'
                """);
        logs.put("shop/recommender-7f9d6c5b8-h4k2n/recommender", """
                [1] [INFO] Starting gunicorn 22.0.0
                [1] [INFO] Listening at: http://0.0.0.0:8080 (1)
                [1] [INFO] Using worker: sync
                [7] [INFO] Booting worker with pid: 7
                INFO recommender.app: recommender 1.4.2 starting, model directory /models
                INFO recommender.model: Loading item embeddings from /models/item-embeddings-2026-11.npy (412.3 MiB)
                """);
        logs.put("shop/cart-6c8d7f5b9-zp5nq/cart", """
                INFO  [io.quarkus] (main) cart 2.1.0 on JVM (powered by Quarkus 3.15.1) started in 4.212s. Listening on: http://0.0.0.0:8080
                WARN  [com.zaxxer.hikari.pool.HikariPool] (HikariPool-1 housekeeper) HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=58s41ms).
                WARN  [io.vertx.core.impl.BlockedThreadChecker] (vertx-blocked-thread-checker) Thread Thread[vert.x-eventloop-thread-1,5,main] has been blocked for 12034 ms, time limit is 2000 ms: io.vertx.core.VertxException: Thread blocked
                	at java.base/jdk.internal.misc.Unsafe.park(Native Method)
                	at java.base/java.util.concurrent.locks.LockSupport.parkNanos(LockSupport.java:269)
                	at java.base/java.util.concurrent.SynchronousQueue$TransferStack.transfer(SynchronousQueue.java:401)
                	at java.base/java.util.concurrent.SynchronousQueue.poll(SynchronousQueue.java:903)
                	at com.zaxxer.hikari.util.ConcurrentBag.borrow(ConcurrentBag.java:151)
                	at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:180)
                	at com.acme.cart.CartRepository.load(CartRepository.java:57)
                	at com.acme.cart.HealthResource.live(HealthResource.java:23)
                ERROR [com.zaxxer.hikari.pool.HikariPool] (executor-thread-7) HikariPool-1 - Connection is not available, request timed out after 30001ms (total=10, active=10, idle=0, waiting=38)
                """);
        logs.put("shop/media-5b7c9d6f4-w8r6t/fetch-assets", "curl: (22) The requested URL returned error: 404\n");
        logs.put("batch/report-export-xk7lq/fetch-input", """
                2026-11-27 fetch_input INFO  fetching s3://acme-reports/raw/2026-11-26/ into /work/input
                Traceback (most recent call last):
                  File "/usr/local/lib/python3.12/runpy.py", line 198, in _run_module_as_main
                    return _run_code(code, main_globals, None,
                  File "/opt/reports/reports/fetch_input.py", line 77, in <module>
                    sys.exit(main())
                  File "/opt/reports/reports/fetch_input.py", line 58, in main
                    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
                  File "/usr/local/lib/python3.12/site-packages/botocore/paginate.py", line 269, in __iter__
                    response = self._make_request(current_kwargs)
                  File "/usr/local/lib/python3.12/site-packages/botocore/auth.py", line 418, in add_auth
                    raise NoCredentialsError()
                botocore.exceptions.NoCredentialsError: Unable to locate credentials
                """);
        return Map.copyOf(logs);
    }

    /** Builds the objects; one instance per call, so the counters start afresh. */
    private static final class Seed {
        private static final String POD_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
        private static final Map<String, String> NODE_IPS = Map.of("node-1", "10.0.3.11", "node-2", "10.0.3.12",
                "node-3", "10.0.3.13");

        private final Instant now;
        private final List<HasMetadata> objects = new ArrayList<>();
        private final List<Event> events = new ArrayList<>();
        private final Map<String, Integer> podIps = new HashMap<>();
        private long resourceVersion = 48_213_000L;
        private int eventSeq;

        Seed(Instant now) {
            this.now = now.truncatedTo(ChronoUnit.SECONDS);
        }

        List<HasMetadata> build() {
            nodes();
            namespaces();
            web();
            catalog();
            media();
            recommender();
            storefront();
            cart();
            search();
            paymentsQuota();
            ledger();
            api();
            settlement();
            fraudCheck();
            reportExport();
            nightlyReconcile();
            echo();
            List<HasMetadata> all = new ArrayList<>(objects);
            all.addAll(events);
            return all;
        }

        // ---------------------------------------------------------------- nodes and namespaces

        private void nodes() {
            objects.add(node("node-1", 1, true, "2m13s"));
            objects.add(node("node-2", 2, true, "1m47s"));
            objects.add(node("node-3", 3, false, "4m10s"));
            events.add(new EventBuilder()
                    .withMetadata(eventMeta("default", "node-3", NODE_LOST_AGO))
                    .withInvolvedObject(new ObjectReferenceBuilder().withKind("Node").withName("node-3")
                            .withUid("node-3").build())
                    .withType("Normal").withReason("NodeNotReady").withMessage("Node node-3 status is now: NodeNotReady")
                    .withCount(1).withFirstTimestamp(ts(NODE_LOST_AGO)).withLastTimestamp(ts(NODE_LOST_AGO))
                    .withSource(new EventSourceBuilder().withComponent("node-controller").build())
                    .withReportingComponent("node-controller").withReportingInstance("")
                    .build());
        }

        private Node node(String name, int index, boolean ready, String heartbeatAgo) {
            String bootAgo = "41d";
            List<NodeCondition> conditions = new ArrayList<>();
            if (ready) {
                conditions.add(nodeCondition("MemoryPressure", "False", heartbeatAgo, bootAgo, "KubeletHasSufficientMemory",
                        "kubelet has sufficient memory available"));
                conditions.add(nodeCondition("DiskPressure", "False", heartbeatAgo, bootAgo, "KubeletHasNoDiskPressure",
                        "kubelet has no disk pressure"));
                conditions.add(nodeCondition("PIDPressure", "False", heartbeatAgo, bootAgo, "KubeletHasSufficientPID",
                        "kubelet has sufficient PID available"));
                conditions.add(nodeCondition("Ready", "True", heartbeatAgo, bootAgo, "KubeletReady",
                        "kubelet is posting ready status"));
            } else {
                for (String type : List.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready")) {
                    conditions.add(nodeCondition(type, "Unknown", heartbeatAgo, NODE_LOST_AGO, "NodeStatusUnknown",
                            "Kubelet stopped posting node status."));
                }
            }
            Map<String, Quantity> capacity = new TreeMap<>(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16777216Ki"),
                    "ephemeral-storage", new Quantity("101430960Ki"), "hugepages-1Gi", new Quantity("0"),
                    "hugepages-2Mi", new Quantity("0"), "pods", new Quantity("110")));
            Map<String, Quantity> allocatable = new TreeMap<>(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16674816Ki"),
                    "ephemeral-storage", new Quantity("93478772582"), "hugepages-1Gi", new Quantity("0"),
                    "hugepages-2Mi", new Quantity("0"), "pods", new Quantity("110")));
            NodeBuilder b = new NodeBuilder()
                    .withMetadata(new ObjectMetaBuilder().withName(name).withUid(uid("Node", "", name))
                            .withResourceVersion(nextRv()).withCreationTimestamp(ts(bootAgo))
                            .addToLabels("beta.kubernetes.io/arch", "amd64").addToLabels("beta.kubernetes.io/os", "linux")
                            .addToLabels("kubernetes.io/arch", "amd64").addToLabels("kubernetes.io/hostname", name)
                            .addToLabels("kubernetes.io/os", "linux")
                            .addToAnnotations("kubeadm.alpha.kubernetes.io/cri-socket", "unix:///var/run/containerd/containerd.sock")
                            .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                            .addToAnnotations("volumes.kubernetes.io/controller-managed-attach-detach", "true")
                            .build())
                    .withNewSpec().withPodCIDR("10.244." + index + ".0/24").withPodCIDRs("10.244." + index + ".0/24")
                    .endSpec()
                    .withNewStatus()
                    .addNewAddress().withType("InternalIP").withAddress(NODE_IPS.get(name)).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                    .withCapacity(capacity).withAllocatable(allocatable)
                    .withConditions(conditions)
                    .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
                    .withNewNodeInfo().withArchitecture("amd64").withBootID(uid("boot", "", name))
                    .withContainerRuntimeVersion("containerd://1.7.22").withKernelVersion("6.1.0-26-cloud-amd64")
                    .withKubeProxyVersion("v1.31.2").withKubeletVersion("v1.31.2").withMachineID(hex("machine/" + name, 32))
                    .withOperatingSystem("linux").withOsImage("Debian GNU/Linux 12 (bookworm)")
                    .withSystemUUID(uid("system", "", name)).endNodeInfo()
                    .endStatus();
            if (!ready) {
                b.editSpec()
                        .addNewTaint().withKey("node.kubernetes.io/unreachable").withEffect("NoSchedule")
                        .withTimeAdded(ts(NODE_LOST_AGO)).endTaint()
                        .addNewTaint().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute")
                        .withTimeAdded(ts(NODE_LOST_AGO)).endTaint()
                        .endSpec();
            }
            return b.build();
        }

        private NodeCondition nodeCondition(String type, String status, String heartbeatAgo, String transitionAgo,
                                            String reason, String message) {
            return new NodeConditionBuilder().withType(type).withStatus(status).withLastHeartbeatTime(ts(heartbeatAgo))
                    .withLastTransitionTime(ts(transitionAgo)).withReason(reason).withMessage(message).build();
        }

        private void namespaces() {
            objects.add(namespace("default", "41d"));
            objects.add(namespace("shop", "30d"));
            objects.add(namespace("payments", "30d"));
            objects.add(namespace("batch", "30d"));
        }

        private Namespace namespace(String name, String age) {
            return new NamespaceBuilder()
                    .withMetadata(new ObjectMetaBuilder().withName(name).withUid(uid("Namespace", "", name))
                            .withResourceVersion(nextRv()).withCreationTimestamp(ts(age))
                            .addToLabels("kubernetes.io/metadata.name", name).build())
                    .withNewSpec().withFinalizers("kubernetes").endSpec()
                    .withNewStatus().withPhase("Active").endStatus()
                    .build();
        }

        // ---------------------------------------------------------------- shop

        /** Healthy: a ready 2-replica nginx Deployment, two days old, no recent event. */
        private void web() {
            PodSpec tpl = template().withContainers(container("web", "nginx:1.27.2")
                    .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(80).withProtocol("TCP").build())
                    .withResources(resources("100m", "64Mi", null, "128Mi"))
                    .withReadinessProbe(httpProbe("/", 80, 5, 10, 1, 3))
                    .build()).build();
            Owner rs = deployment("shop", "web", "7c5b9d8f6b", 2, "2d", tpl, Rollout.COMPLETE, 2);
            for (String[] p : new String[][] {{"k8x2p", "node-1"}, {"tq9wz", "node-2"}}) {
                String name = rs.podName(p[0]);
                String ip = podIp(p[1]);
                pod(rs, p[0], p[1], "2d", status("Running", p[1], ip, "2d", "Burstable")
                        .withConditions(allTrue("2d", "2d", "1d23h59m52s"))
                        .withContainerStatuses(cs(name, "web", "nginx:1.27.2", true, running("1d23h59m57s"),
                                null, true, 0, true))
                        .build());
            }
        }

        /** init-container-stuck: wait-for-registry loops on nslookup for 25 minutes (Init:0/1). */
        private void catalog() {
            PodSpec tpl = template()
                    .withInitContainers(container("wait-for-registry", "busybox:1.36")
                            .withCommand("sh", "-c", "until nslookup registry.internal; do sleep 2; done")
                            .withResources(resources("10m", "16Mi", null, "32Mi")).build())
                    .withContainers(container("catalog", "ghcr.io/acme-shop/catalog:3.8.0")
                            .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP").build())
                            .withEnv(new EnvVarBuilder().withName("REGISTRY_URL").withValue("http://registry.internal:8081").build())
                            .withResources(resources("250m", "256Mi", null, "512Mi"))
                            .withReadinessProbe(httpProbe("/ready", 8080, 5, 10, 1, 3))
                            .build())
                    .build();
            Owner rs = deployment("shop", "catalog", "6d4f8b7c9d", 1, "25m4s", tpl, Rollout.DEADLINE_EXCEEDED, 0);
            String name = rs.podName("2xv7m");
            String ip = podIp("node-1");
            Pod pod = pod(rs, "2xv7m", "node-1", "25m4s", status("Pending", "node-1", ip, "25m4s", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "True", "25m2s"),
                            cond("Initialized", "False", "25m4s", "ContainersNotInitialized",
                                    "containers with incomplete status: [wait-for-registry]"),
                            cond("Ready", "False", "25m4s", "ContainersNotReady", "containers with unready status: [catalog]"),
                            cond("ContainersReady", "False", "25m4s", "ContainersNotReady", "containers with unready status: [catalog]"),
                            cond("PodScheduled", "True", "25m4s"))
                    .withInitContainerStatuses(cs(name, "wait-for-registry", "busybox:1.36", true,
                            running("25m"), null, false, 0, true))
                    .withContainerStatuses(cs(name, "catalog", "ghcr.io/acme-shop/catalog:3.8.0", false,
                            waiting("PodInitializing", null), null, false, 0, false))
                    .build());
            scheduled(pod, "node-1", "25m4s");
            String init = initPath("wait-for-registry");
            kubelet(pod, init, "Normal", "Pulling", "Pulling image \"busybox:1.36\"", 1, "25m3s", "25m3s");
            kubelet(pod, init, "Normal", "Pulled", "Successfully pulled image \"busybox:1.36\" in 1.912s (1.912s including waiting). Image size: 2166802 bytes.",
                    1, "25m1s", "25m1s");
            kubelet(pod, init, "Normal", "Created", "Created container wait-for-registry", 1, "25m", "25m");
            kubelet(pod, init, "Normal", "Started", "Started container wait-for-registry", 1, "25m", "25m");
        }

        /** init-container-failed: fetch-assets' download answers 404, curl -f fails, exit 1 (Init:CrashLoopBackOff). */
        private void media() {
            String curl = "curlimages/curl:8.10.1";
            PodSpec tpl = template()
                    .withInitContainers(container("fetch-assets", curl)
                            .withCommand("sh", "-c", "curl -fsS --retry 2 -o /assets/bundle.tar.gz \"$ASSETS_URL\" || exit 1; "
                                    + "tar -xzf /assets/bundle.tar.gz -C /assets")
                            .withEnv(new EnvVarBuilder().withName("ASSETS_URL")
                                    .withValue("https://assets.acme.example/media/bundle-2026.11.3.tar.gz").build())
                            .withTerminationMessagePolicy("FallbackToLogsOnError")
                            .withResources(resources("50m", "32Mi", null, "64Mi"))
                            .withVolumeMounts(new VolumeMountBuilder().withName("assets").withMountPath("/assets").build())
                            .build())
                    .withContainers(container("media", "ghcr.io/acme-shop/media:2.0.1")
                            .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP").build())
                            .withResources(resources("200m", "128Mi", null, "256Mi"))
                            .withVolumeMounts(new VolumeMountBuilder().withName("assets").withMountPath("/srv/assets").withReadOnly(true).build())
                            .build())
                    .withVolumes(new VolumeBuilder().withName("assets").withNewEmptyDir().endEmptyDir().build())
                    .build();
            Owner rs = deployment("shop", "media", "5b7c9d6f4", 1, "14m", tpl, Rollout.DEADLINE_EXCEEDED, 0);
            String name = rs.podName("w8r6t");
            String ip = podIp("node-2");
            Pod pod = pod(rs, "w8r6t", "node-2", "14m", status("Pending", "node-2", ip, "14m", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "True", "13m58s"),
                            cond("Initialized", "False", "14m", "ContainersNotInitialized",
                                    "containers with incomplete status: [fetch-assets]"),
                            cond("Ready", "False", "14m", "ContainersNotReady", "containers with unready status: [media]"),
                            cond("ContainersReady", "False", "14m", "ContainersNotReady", "containers with unready status: [media]"),
                            cond("PodScheduled", "True", "14m"))
                    .withInitContainerStatuses(cs(name, "fetch-assets", curl, true,
                            waiting("CrashLoopBackOff", backOff("5m0s", "fetch-assets", pod("shop", name))),
                            terminated(name, "fetch-assets", 5, "Error", 1, "3m48s", "3m47s",
                                    "curl: (22) The requested URL returned error: 404\n"),
                            false, 6, false))
                    .withContainerStatuses(cs(name, "media", "ghcr.io/acme-shop/media:2.0.1", false,
                            waiting("PodInitializing", null), null, false, 0, false))
                    .build());
            scheduled(pod, "node-2", "14m");
            String init = initPath("fetch-assets");
            kubelet(pod, init, "Normal", "Pulling", "Pulling image \"" + curl + "\"", 1, "13m59s", "13m59s");
            kubelet(pod, init, "Normal", "Pulled", "Successfully pulled image \"" + curl + "\" in 2.104s (2.104s including waiting). Image size: 11204543 bytes.",
                    1, "13m57s", "13m57s");
            kubelet(pod, init, "Normal", "Pulled", "Container image \"" + curl + "\" already present on machine", 6, "13m45s", "3m48s");
            kubelet(pod, init, "Normal", "Created", "Created container fetch-assets", 7, "13m57s", "3m48s");
            kubelet(pod, init, "Normal", "Started", "Started container fetch-assets", 7, "13m57s", "3m48s");
            kubelet(pod, init, "Warning", "BackOff", "Back-off restarting failed container fetch-assets in pod " + pod("shop", name),
                    29, "13m55s", "41s");
        }

        /** container-oom-killed: killed at its 50Mi limit while loading a model; 6 restarts, CrashLoopBackOff. */
        private void recommender() {
            String image = "ghcr.io/acme-shop/recommender:1.4.2";
            PodSpec tpl = template().withContainers(container("recommender", image)
                    .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP").build())
                    .withEnv(new EnvVarBuilder().withName("MODEL_DIR").withValue("/models").build(),
                            new EnvVarBuilder().withName("GUNICORN_CMD_ARGS").withValue("--workers 1 --bind 0.0.0.0:8080").build())
                    .withResources(resources("100m", "50Mi", null, "50Mi"))
                    .withReadinessProbe(httpProbe("/healthz", 8080, 10, 10, 1, 3))
                    .build()).build();
            Owner rs = deployment("shop", "recommender", "7f9d6c5b8", 1, "17m", tpl, Rollout.DEADLINE_EXCEEDED, 0);
            String name = rs.podName("h4k2n");
            String ip = podIp("node-1");
            Pod pod = pod(rs, "h4k2n", "node-1", "17m", status("Running", "node-1", ip, "17m", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "True", "16m58s"),
                            cond("Initialized", "True", "17m"),
                            cond("Ready", "False", "17m", "ContainersNotReady", "containers with unready status: [recommender]"),
                            cond("ContainersReady", "False", "17m", "ContainersNotReady", "containers with unready status: [recommender]"),
                            cond("PodScheduled", "True", "17m"))
                    .withContainerStatuses(cs(name, "recommender", image, true,
                            waiting("CrashLoopBackOff", backOff("5m0s", "recommender", pod("shop", name))),
                            terminated(name, "recommender", 6, "OOMKilled", 137, "4m45s", "4m25s", null),
                            false, 6, false))
                    .build());
            scheduled(pod, "node-1", "17m");
            String app = appPath("recommender");
            kubelet(pod, app, "Normal", "Pulling", "Pulling image \"" + image + "\"", 1, "16m59s", "16m59s");
            kubelet(pod, app, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in 3.871s (3.871s including waiting). Image size: 187254301 bytes.",
                    1, "16m55s", "16m55s");
            kubelet(pod, app, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine", 6, "16m25s", "4m45s");
            kubelet(pod, app, "Normal", "Created", "Created container recommender", 7, "16m55s", "4m45s");
            kubelet(pod, app, "Normal", "Started", "Started container recommender", 7, "16m55s", "4m45s");
            kubelet(pod, app, "Warning", "BackOff", "Back-off restarting failed container recommender in pod " + pod("shop", name),
                    31, "16m34s", "25s");
        }

        /** image-not-found: nginx:1.99 does not exist (containerd wording). */
        private void storefront() {
            String image = "nginx:1.99";
            PodSpec tpl = template().withContainers(container("storefront", image)
                    .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(80).withProtocol("TCP").build())
                    .withResources(resources("100m", "64Mi", null, "128Mi"))
                    .build()).build();
            Owner rs = deployment("shop", "storefront", "58d6c9f7b4", 1, "12m", tpl, Rollout.DEADLINE_EXCEEDED, 0);
            String name = rs.podName("x2v9k");
            String ip = podIp("node-2");
            Pod pod = pod(rs, "x2v9k", "node-2", "12m", status("Pending", "node-2", ip, "12m", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "True", "11m58s"),
                            cond("Initialized", "True", "12m"),
                            cond("Ready", "False", "12m", "ContainersNotReady", "containers with unready status: [storefront]"),
                            cond("ContainersReady", "False", "12m", "ContainersNotReady", "containers with unready status: [storefront]"),
                            cond("PodScheduled", "True", "12m"))
                    .withContainerStatuses(cs(name, "storefront", image, false,
                            waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""), null, false, 0, false))
                    .build());
            scheduled(pod, "node-2", "12m");
            String app = appPath("storefront");
            kubelet(pod, app, "Normal", "Pulling", "Pulling image \"" + image + "\"", 7, "11m59s", "1m28s");
            kubelet(pod, app, "Warning", "Failed", "Failed to pull image \"" + image + "\": rpc error: code = NotFound desc = "
                    + "failed to pull and unpack image \"docker.io/library/nginx:1.99\": failed to resolve reference "
                    + "\"docker.io/library/nginx:1.99\": docker.io/library/nginx:1.99: not found", 7, "11m58s", "1m27s");
            kubelet(pod, app, "Warning", "Failed", "Error: ErrImagePull", 7, "11m58s", "1m27s");
            kubelet(pod, app, "Normal", "BackOff", "Back-off pulling image \"" + image + "\"", 46, "11m57s", "9s");
            kubelet(pod, app, "Warning", "Failed", "Error: ImagePullBackOff", 46, "11m57s", "9s");
        }

        /** liveness-probe-failed: the app hangs on its connection pool, /healthz times out, the kubelet kills it. */
        private void cart() {
            String image = "ghcr.io/acme-shop/cart:2.1.0";
            PodSpec tpl = template().withContainers(container("cart", image)
                    .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP").build())
                    .withEnv(new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue("-XX:MaxRAMPercentage=75").build(),
                            new EnvVarBuilder().withName("QUARKUS_DATASOURCE_JDBC_URL")
                                    .withValue("jdbc:postgresql://cart-db.shop.svc:5432/cart").build())
                    .withResources(resources("250m", "512Mi", null, "1Gi"))
                    .withLivenessProbe(httpProbe("/healthz", 8080, 20, 10, 1, 3))
                    .build()).build();
            Owner rs = deployment("shop", "cart", "6c8d7f5b9", 1, "2h", tpl, Rollout.COMPLETE, 1);
            String name = rs.podName("zp5nq");
            String ip = podIp("node-1");
            Pod pod = pod(rs, "zp5nq", "node-1", "2h", status("Running", "node-1", ip, "2h", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "True", "1h59m58s"),
                            cond("Initialized", "True", "2h"),
                            cond("Ready", "True", "1m29s"),
                            cond("ContainersReady", "True", "1m29s"),
                            cond("PodScheduled", "True", "2h"))
                    .withContainerStatuses(cs(name, "cart", image, true, running("1m30s"),
                            terminated(name, "cart", 3, "Error", 137, "5m20s", "2m50s", null), true, 4, true))
                    .build());
            String app = appPath("cart");
            kubelet(pod, app, "Warning", "Unhealthy", "Liveness probe failed: Get \"http://" + ip
                    + ":8080/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", 14, "13m30s", "10s");
            kubelet(pod, app, "Normal", "Killing", "Container cart failed liveness probe, will be restarted", 4, "13m10s", "3m20s");
            kubelet(pod, app, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine", 4, "12m30s", "1m30s");
            kubelet(pod, app, "Normal", "Created", "Created container cart", 4, "12m30s", "1m30s");
            kubelet(pod, app, "Normal", "Started", "Started container cart", 4, "12m30s", "1m30s");
            kubelet(pod, app, "Warning", "BackOff", "Back-off restarting failed container cart in pod " + pod("shop", name),
                    6, "9m5s", "1m35s");
        }

        /** unschedulable-insufficient-resources: asks 8 CPUs; nodes have 4, and node-3 is unreachable. */
        private void search() {
            PodSpec tpl = template().withContainers(container("search", "docker.elastic.co/elasticsearch/elasticsearch:8.15.3")
                    .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(9200).withProtocol("TCP").build())
                    .withEnv(new EnvVarBuilder().withName("discovery.type").withValue("single-node").build(),
                            new EnvVarBuilder().withName("ES_JAVA_OPTS").withValue("-Xms2g -Xmx2g").build())
                    .withResources(resources("8", "4Gi", null, "4Gi"))
                    .build()).build();
            Owner rs = deployment("shop", "search", "7b9c5d4f8", 1, "18m", tpl, Rollout.DEADLINE_EXCEEDED, 0);
            String latest = "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, "
                    + "2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                    + "2 No preemption victims found for incoming pod.";
            Pod pod = pod(rs, "m2q7r", null, "18m", new PodStatusBuilder().withPhase("Pending").withQosClass("Burstable")
                    .withConditions(cond("PodScheduled", "False", "18m", "Unschedulable", latest))
                    .build());
            schedulerEvent(pod, "Warning", "FailedScheduling", "Scheduling", "0/3 nodes are available: 3 Insufficient cpu. "
                    + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.", "18m", 3, "8m");
            // node-3 going unreachable requeued the pod: a new message, so a new event
            schedulerEvent(pod, "Warning", "FailedScheduling", "Scheduling", latest, "3m29s", 1, null);
        }

        // ---------------------------------------------------------------- payments

        /** The quota that blocks Deployment api: ledger + settlement + fraud-check already use 1792Mi of 2Gi. */
        private void paymentsQuota() {
            ResourceQuota quota = new ResourceQuotaBuilder()
                    .withMetadata(meta("ResourceQuota", "payments", "payments-quota", "30d").build())
                    .withNewSpec()
                    .addToHard("limits.memory", new Quantity("2Gi"))
                    .addToHard("requests.cpu", new Quantity("2"))
                    .addToHard("pods", new Quantity("10"))
                    .endSpec()
                    .withNewStatus()
                    .addToHard("limits.memory", new Quantity("2Gi"))
                    .addToHard("requests.cpu", new Quantity("2"))
                    .addToHard("pods", new Quantity("10"))
                    .addToUsed("limits.memory", new Quantity("1792Mi"))
                    .addToUsed("requests.cpu", new Quantity("550m"))
                    .addToUsed("pods", new Quantity("3"))
                    .endStatus()
                    .build();
            objects.add(quota);
        }

        /** image-pull-unauthorized: a private ghcr.io image and no imagePullSecrets. */
        private void ledger() {
            String image = "ghcr.io/acme-payments/ledger:2.4.1";
            PodSpec tpl = template().withContainers(container("ledger", image)
                    .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP").build())
                    .withResources(resources("200m", "256Mi", null, "512Mi"))
                    .build()).build();
            Owner rs = deployment("payments", "ledger", "5f7d8c9b6", 1, "9m", tpl, Rollout.PROGRESSING, 0);
            String name = rs.podName("jr4ts");
            String ip = podIp("node-2");
            Pod pod = pod(rs, "jr4ts", "node-2", "9m", status("Pending", "node-2", ip, "9m", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "True", "8m58s"),
                            cond("Initialized", "True", "9m"),
                            cond("Ready", "False", "9m", "ContainersNotReady", "containers with unready status: [ledger]"),
                            cond("ContainersReady", "False", "9m", "ContainersNotReady", "containers with unready status: [ledger]"),
                            cond("PodScheduled", "True", "9m"))
                    .withContainerStatuses(cs(name, "ledger", image, false,
                            waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\""), null, false, 0, false))
                    .build());
            scheduled(pod, "node-2", "9m");
            String app = appPath("ledger");
            String ref = "ghcr.io/acme-payments/ledger:2.4.1";
            kubelet(pod, app, "Normal", "Pulling", "Pulling image \"" + image + "\"", 6, "8m59s", "3m47s");
            kubelet(pod, app, "Warning", "Failed", "Failed to pull image \"" + image + "\": rpc error: code = Unknown desc = "
                    + "failed to pull and unpack image \"" + ref + "\": failed to resolve reference \"" + ref + "\": "
                    + "failed to authorize: failed to fetch anonymous token: unexpected status from GET request to "
                    + "https://ghcr.io/token?scope=repository%3Aacme-payments%2Fledger%3Apull&service=ghcr.io: 401 Unauthorized",
                    6, "8m58s", "3m46s");
            kubelet(pod, app, "Warning", "Failed", "Error: ErrImagePull", 6, "8m58s", "3m46s");
            kubelet(pod, app, "Normal", "BackOff", "Back-off pulling image \"" + image + "\"", 35, "8m57s", "14s");
            kubelet(pod, app, "Warning", "Failed", "Error: ImagePullBackOff", 35, "8m57s", "14s");
        }

        /** quota-exceeded: the ReplicaSet cannot create a single pod. */
        private void api() {
            PodSpec tpl = template().withContainers(container("api", "ghcr.io/acme-payments/api:5.2.0")
                    .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP").build())
                    .withResources(resources("250m", "256Mi", null, "512Mi"))
                    .withReadinessProbe(httpProbe("/q/health/ready", 8080, 5, 10, 1, 3))
                    .build()).build();
            Owner rs = deployment("payments", "api", "6b7f9c", 2, "7m", tpl, Rollout.QUOTA_BLOCKED, 0);
            controllerEvent(rs.obj(), "replicaset-controller", "Warning", "FailedCreate", "Error creating: " + quotaError(),
                    17, "7m", "1m10s");
        }

        private static String quotaError() {
            return "pods \"api-6b7f9c-\" is forbidden: exceeded quota: payments-quota, requested: limits.memory=512Mi, "
                    + "used: limits.memory=1792Mi, limited: limits.memory=2Gi";
        }

        /** container-crash-loop: a Python worker exits 1 on a missing environment variable. */
        private void settlement() {
            String image = "ghcr.io/acme-payments/settlement:0.9.3";
            PodSpec tpl = template().withContainers(container("settlement", image)
                    .withCommand("python", "-m", "settlement")
                    .withEnv(new EnvVarBuilder().withName("SETTLEMENT_PROFILE").withValue("production").build())
                    .withResources(resources("100m", "256Mi", null, "768Mi"))
                    .build()).build();
            Owner rs = deployment("payments", "settlement", "8d6f5c7b9", 1, "10m", tpl, Rollout.PROGRESSING, 0);
            String name = rs.podName("q7wz4");
            String ip = podIp("node-1");
            Pod pod = pod(rs, "q7wz4", "node-1", "10m", status("Running", "node-1", ip, "10m", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "True", "9m58s"),
                            cond("Initialized", "True", "10m"),
                            cond("Ready", "False", "9m54s", "ContainersNotReady", "containers with unready status: [settlement]"),
                            cond("ContainersReady", "False", "9m54s", "ContainersNotReady", "containers with unready status: [settlement]"),
                            cond("PodScheduled", "True", "10m"))
                    .withContainerStatuses(cs(name, "settlement", image, true,
                            waiting("CrashLoopBackOff", backOff("5m0s", "settlement", pod("payments", name))),
                            terminated(name, "settlement", 5, "Error", 1, "4m40s", "4m38s", null),
                            false, 5, false))
                    .build());
            scheduled(pod, "node-1", "10m");
            String app = appPath("settlement");
            kubelet(pod, app, "Normal", "Pulling", "Pulling image \"" + image + "\"", 1, "9m59s", "9m59s");
            kubelet(pod, app, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in 3.481s (3.481s including waiting). Image size: 58213409 bytes.",
                    1, "9m56s", "9m56s");
            kubelet(pod, app, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine", 5, "9m44s", "4m40s");
            kubelet(pod, app, "Normal", "Created", "Created container settlement", 6, "9m56s", "4m40s");
            kubelet(pod, app, "Normal", "Started", "Started container settlement", 6, "9m56s", "4m40s");
            kubelet(pod, app, "Warning", "BackOff", "Back-off restarting failed container settlement in pod " + pod("payments", name),
                    24, "9m53s", "20s");
        }

        /** node-lost: Running on node-3, which stopped posting status; the node controller marked the pod not ready. */
        private void fraudCheck() {
            String image = "ghcr.io/acme-payments/fraud-check:1.12.0";
            PodSpec tpl = template().withContainers(container("fraud-check", image)
                    .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP").build())
                    .withResources(resources("250m", "256Mi", null, "512Mi"))
                    .withReadinessProbe(httpProbe("/ready", 8080, 5, 10, 1, 3))
                    .build()).build();
            Owner rs = deployment("payments", "fraud-check", "6f8b9c7d5", 1, "2d", tpl, Rollout.LOST_AVAILABILITY, 0);
            String name = rs.podName("v9c2x");
            String ip = podIp("node-3");
            Pod pod = pod(rs, "v9c2x", "node-3", "2d", status("Running", "node-3", ip, "2d", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "True", "1d23h59m58s"),
                            cond("Initialized", "True", "2d"),
                            new PodConditionBuilder().withType("Ready").withStatus("False")
                                    .withLastTransitionTime(ts(NODE_LOST_AGO)).build(),
                            cond("ContainersReady", "True", "1d23h59m50s"),
                            cond("PodScheduled", "True", "2d"))
                    .withContainerStatuses(cs(name, "fraud-check", image, true, running("1d23h59m55s"),
                            null, true, 0, true))
                    .build());
            controllerEvent(pod, "node-controller", "Warning", "NodeNotReady", "Node is not ready", 1, NODE_LOST_AGO, NODE_LOST_AGO);
        }

        // ---------------------------------------------------------------- batch

        /** init-container-failed with restartPolicy Never: the Job's only pod is Failed (Init:Error), backoffLimit 0. */
        private void reportExport() {
            String image = "ghcr.io/acme-batch/report-tools:1.2.0";
            PodSpec tpl = template().withRestartPolicy("Never")
                    .withInitContainers(container("fetch-input", image)
                            .withCommand("python", "-m", "reports.fetch_input", "--source", "s3://acme-reports/raw/2026-11-26/",
                                    "--into", "/work/input")
                            .withResources(resources("100m", "128Mi", null, "256Mi"))
                            .withVolumeMounts(new VolumeMountBuilder().withName("work").withMountPath("/work").build())
                            .build())
                    .withContainers(container("export", image)
                            .withCommand("python", "-m", "reports.export", "--input", "/work/input", "--format", "parquet")
                            .withResources(resources("500m", "512Mi", null, "1Gi"))
                            .withVolumeMounts(new VolumeMountBuilder().withName("work").withMountPath("/work").build())
                            .build())
                    .withVolumes(new VolumeBuilder().withName("work").withNewEmptyDir().endEmptyDir().build())
                    .build();
            Owner job = job("batch", "report-export", "40m", tpl, 0, false, "39m46s");
            String name = job.podName("xk7lq");
            String ip = podIp("node-1");
            Pod pod = pod(job, "xk7lq", "node-1", "40m", status("Failed", "node-1", ip, "40m", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "False", "39m45s"),
                            cond("Initialized", "False", "40m", "ContainersNotInitialized", "containers with incomplete status: [fetch-input]"),
                            cond("Ready", "False", "39m46s", "PodFailed", null),
                            cond("ContainersReady", "False", "39m46s", "PodFailed", null),
                            cond("PodScheduled", "True", "40m"))
                    .withInitContainerStatuses(cs(name, "fetch-input", image, true,
                            terminated(name, "fetch-input", 0, "Error", 1, "39m52s", "39m47s", null), null, false, 0, false))
                    .withContainerStatuses(cs(name, "export", image, false, waiting("PodInitializing", null), null, false, 0, false))
                    .build());
            scheduled(pod, "node-1", "40m");
            String init = initPath("fetch-input");
            kubelet(pod, init, "Normal", "Pulling", "Pulling image \"" + image + "\"", 1, "39m59s", "39m59s");
            kubelet(pod, init, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in 6.212s (6.212s including waiting). Image size: 142118230 bytes.",
                    1, "39m53s", "39m53s");
            kubelet(pod, init, "Normal", "Created", "Created container fetch-input", 1, "39m52s", "39m52s");
            kubelet(pod, init, "Normal", "Started", "Started container fetch-input", 1, "39m52s", "39m52s");
            controllerEvent(job.obj(), "job-controller", "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit",
                    1, "39m46s", "39m46s");
        }

        /** Healthy: a Job pod that Succeeded two hours ago (its events have expired). */
        private void nightlyReconcile() {
            String image = "ghcr.io/acme-batch/reconcile:3.0.2";
            PodSpec tpl = template().withRestartPolicy("Never").withContainers(container("reconcile", image)
                    .withArgs("--since=24h", "--commit")
                    .withResources(resources("200m", "256Mi", null, "512Mi"))
                    .build()).build();
            Owner job = job("batch", "nightly-reconcile", "2h10m", tpl, 3, true, "2h4m");
            String name = job.podName("5mz8c");
            String ip = podIp("node-2");
            pod(job, "5mz8c", "node-2", "2h10m", status("Succeeded", "node-2", ip, "2h10m", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "False", "2h3m59s"),
                            cond("Initialized", "True", "2h10m"),
                            cond("Ready", "False", "2h4m", "PodCompleted", null),
                            cond("ContainersReady", "False", "2h4m", "PodCompleted", null),
                            cond("PodScheduled", "True", "2h10m"))
                    .withContainerStatuses(cs(name, "reconcile", image, true,
                            terminated(name, "reconcile", 0, "Completed", 0, "2h9m52s", "2h4m1s", null), null, false, 0, false))
                    .build());
        }

        // ---------------------------------------------------------------- default

        /** Healthy: restarted once three days ago, Ready ever since. */
        private void echo() {
            String image = "ealen/echo-server:0.9.2";
            PodSpec tpl = template().withContainers(container("echo", image)
                    .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(80).withProtocol("TCP").build())
                    .withEnv(new EnvVarBuilder().withName("PORT").withValue("80").build())
                    .withResources(resources("50m", "32Mi", null, "64Mi"))
                    .withReadinessProbe(httpProbe("/", 80, 5, 10, 1, 3))
                    .build()).build();
            Owner rs = deployment("default", "echo", "c7d9f6b58", 1, "9d", tpl, Rollout.COMPLETE, 1);
            String name = rs.podName("8s2bx");
            String ip = podIp("node-2");
            pod(rs, "8s2bx", "node-2", "9d", status("Running", "node-2", ip, "9d", "Burstable")
                    .withConditions(
                            cond("PodReadyToStartContainers", "True", "8d23h59m58s"),
                            cond("Initialized", "True", "9d"),
                            cond("Ready", "True", "2d23h59m40s"),
                            cond("ContainersReady", "True", "2d23h59m40s"),
                            cond("PodScheduled", "True", "9d"))
                    .withContainerStatuses(cs(name, "echo", image, true, running("2d23h59m48s"),
                            terminated(name, "echo", 0, "Error", 1, "8d23h59m56s", "3d", null), true, 1, true))
                    .build());
        }

        // ---------------------------------------------------------------- workloads

        /** The state of a Deployment's rollout, which decides its conditions. */
        private enum Rollout { COMPLETE, PROGRESSING, DEADLINE_EXCEEDED, LOST_AVAILABILITY, QUOTA_BLOCKED }

        /** The object that owns the pods (a ReplicaSet or a Job), with what its pods inherit. */
        private record Owner(HasMetadata obj, String podPrefix, Map<String, String> podLabels, PodSpec template,
                             String apiVersion, boolean recentEvents) {
            String podName(String suffix) {
                return podPrefix + suffix;
            }
        }

        /** A Deployment and its ReplicaSet; {@code pods} of them exist, {@code ready} are Ready. */
        private Owner deployment(String ns, String name, String hash, int replicas, String age, PodSpec tpl, Rollout rollout,
                                 int ready) {
            int pods = rollout == Rollout.QUOTA_BLOCKED ? 0 : replicas;
            boolean recent = ago(age).compareTo(Duration.ofHours(1)) < 0;
            String rsName = name + "-" + hash;
            Map<String, String> labels = Map.of("app", name);
            Map<String, String> podLabels = new LinkedHashMap<>();
            podLabels.put("app", name);
            podLabels.put("pod-template-hash", hash);

            List<DeploymentCondition> conditions = new ArrayList<>();
            boolean available = ready >= replicas;
            if (available) {
                conditions.add(deploymentCondition("Available", "True", age, "MinimumReplicasAvailable", "Deployment has minimum availability."));
            } else {
                String since = rollout == Rollout.LOST_AVAILABILITY ? NODE_LOST_AGO : age;
                conditions.add(deploymentCondition("Available", "False", since, "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability."));
            }
            switch (rollout) {
                case COMPLETE, LOST_AVAILABILITY -> conditions.add(deploymentCondition("Progressing", "True", age,
                        "NewReplicaSetAvailable", "ReplicaSet \"" + rsName + "\" has successfully progressed."));
                case PROGRESSING -> conditions.add(deploymentCondition("Progressing", "True", age, "ReplicaSetUpdated",
                        "ReplicaSet \"" + rsName + "\" is progressing."));
                case DEADLINE_EXCEEDED -> conditions.add(deploymentCondition("Progressing", "False",
                        ago(age).minusSeconds(600), "ProgressDeadlineExceeded", "ReplicaSet \"" + rsName + "\" has timed out progressing."));
                case QUOTA_BLOCKED -> {
                    conditions.add(deploymentCondition("ReplicaFailure", "True", age, "FailedCreate", quotaError()));
                    conditions.add(deploymentCondition("Progressing", "True", age, "ReplicaSetUpdated",
                            "ReplicaSet \"" + rsName + "\" is progressing."));
                }
                default -> throw new IllegalStateException(rollout.name());
            }
            Deployment deployment = new DeploymentBuilder()
                    .withMetadata(meta("Deployment", ns, name, age).withGeneration(1L).withLabels(labels)
                            .addToAnnotations("deployment.kubernetes.io/revision", "1").build())
                    .withNewSpec()
                    .withReplicas(replicas).withRevisionHistoryLimit(10).withProgressDeadlineSeconds(600)
                    .withSelector(new LabelSelectorBuilder().withMatchLabels(labels).build())
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                    .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString("25%")).endRollingUpdate().endStrategy()
                    .withTemplate(podTemplate(labels, tpl))
                    .endSpec()
                    .withNewStatus()
                    .withObservedGeneration(1L).withReplicas(pods).withUpdatedReplicas(pods)
                    .withReadyReplicas(ready == 0 ? null : ready).withAvailableReplicas(ready == 0 ? null : ready)
                    .withUnavailableReplicas(replicas - ready == 0 ? null : replicas - ready)
                    .withConditions(conditions)
                    .endStatus()
                    .build();
            objects.add(deployment);

            ReplicaSetBuilder rsb = new ReplicaSetBuilder()
                    .withMetadata(meta("ReplicaSet", ns, rsName, age).withGeneration(1L).withLabels(podLabels)
                            .addToAnnotations("deployment.kubernetes.io/desired-replicas", Integer.toString(replicas))
                            .addToAnnotations("deployment.kubernetes.io/max-replicas", Integer.toString(replicas + (replicas + 3) / 4))
                            .addToAnnotations("deployment.kubernetes.io/revision", "1")
                            .withOwnerReferences(ownerRef(deployment, "apps/v1")).build())
                    .withNewSpec()
                    .withReplicas(replicas)
                    .withSelector(new LabelSelectorBuilder().withMatchLabels(podLabels).build())
                    .withTemplate(podTemplate(podLabels, tpl))
                    .endSpec()
                    .withNewStatus()
                    .withObservedGeneration(1L).withReplicas(pods).withFullyLabeledReplicas(pods == 0 ? null : pods)
                    .withReadyReplicas(ready == 0 ? null : ready).withAvailableReplicas(ready == 0 ? null : ready)
                    .endStatus();
            if (rollout == Rollout.QUOTA_BLOCKED) {
                rsb.editStatus().addToConditions(new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True")
                        .withLastTransitionTime(ts(age)).withReason("FailedCreate").withMessage(quotaError()).build()).endStatus();
            }
            ReplicaSet rs = rsb.build();
            objects.add(rs);
            if (recent) {
                controllerEvent(deployment, "deployment-controller", "Normal", "ScalingReplicaSet",
                        "Scaled up replica set " + rsName + " to " + replicas, 1, age, age);
            }
            return new Owner(rs, rsName + "-", podLabels, tpl, "apps/v1", recent);
        }

        private DeploymentCondition deploymentCondition(String type, String status, String since, String reason, String message) {
            return deploymentCondition(type, status, ago(since), reason, message);
        }

        private DeploymentCondition deploymentCondition(String type, String status, Duration since, String reason, String message) {
            return new DeploymentConditionBuilder().withType(type).withStatus(status)
                    .withLastUpdateTime(ts(since)).withLastTransitionTime(ts(since))
                    .withReason(reason).withMessage(message).build();
        }

        /** A Job with one pod; {@code finishedAgo} is when it completed or failed. */
        private Owner job(String ns, String name, String age, PodSpec tpl, int backoffLimit, boolean succeeded, String finishedAgo) {
            String jobUid = uid("Job", ns, name);
            Map<String, String> podLabels = new LinkedHashMap<>();
            podLabels.put("batch.kubernetes.io/controller-uid", jobUid);
            podLabels.put("batch.kubernetes.io/job-name", name);
            podLabels.put("controller-uid", jobUid);
            podLabels.put("job-name", name);
            JobBuilder b = new JobBuilder()
                    .withMetadata(meta("Job", ns, name, age).withGeneration(1L).addToLabels("app", name).build())
                    .withNewSpec()
                    .withBackoffLimit(backoffLimit).withCompletions(1).withParallelism(1).withCompletionMode("NonIndexed")
                    .withSuspend(false).withPodReplacementPolicy("TerminatingOrFailed")
                    .withSelector(new LabelSelectorBuilder().addToMatchLabels("batch.kubernetes.io/controller-uid", jobUid).build())
                    .withTemplate(podTemplate(podLabels, tpl))
                    .endSpec()
                    .withNewStatus().withStartTime(ts(age)).withReady(0).withTerminating(0)
                    .withNewUncountedTerminatedPods().endUncountedTerminatedPods()
                    .endStatus();
            if (succeeded) {
                b.editStatus().withSucceeded(1).withCompletionTime(ts(finishedAgo))
                        .addToConditions(new JobConditionBuilder().withType("Complete").withStatus("True")
                                .withLastProbeTime(ts(finishedAgo)).withLastTransitionTime(ts(finishedAgo)).build())
                        .endStatus();
            } else {
                for (String type : List.of("FailureTarget", "Failed")) {
                    b.editStatus().withFailed(1)
                            .addToConditions(new JobConditionBuilder().withType(type).withStatus("True")
                                    .withLastProbeTime(ts(finishedAgo)).withLastTransitionTime(ts(finishedAgo))
                                    .withReason("BackoffLimitExceeded").withMessage("Job has reached the specified backoff limit").build())
                            .endStatus();
                }
            }
            Job job = b.build();
            objects.add(job);
            return new Owner(job, name + "-", podLabels, tpl, "batch/v1", ago(age).compareTo(Duration.ofHours(1)) < 0);
        }

        private static PodTemplateSpec podTemplate(Map<String, String> labels, PodSpec spec) {
            return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                    .withSpec(new PodSpecBuilder(spec).build()).build();
        }

        private OwnerReference ownerRef(HasMetadata owner, String apiVersion) {
            return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(owner.getKind())
                    .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                    .withController(true).withBlockOwnerDeletion(true).build();
        }

        // ---------------------------------------------------------------- pods

        /** A pod of {@code owner}, as the API server stores it once admission and the scheduler are through. */
        private Pod pod(Owner owner, String suffix, String node, String age, PodStatus status) {
            String ns = owner.obj().getMetadata().getNamespace();
            String name = owner.podName(suffix);
            String volume = "kube-api-access-" + randomSuffix("volume/" + ns + "/" + name, 5);
            VolumeMount token = new VolumeMountBuilder().withName(volume)
                    .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount").withReadOnly(true).build();
            PodSpec tpl = owner.template();
            PodSpecBuilder spec = new PodSpecBuilder(tpl)
                    .withNodeName(node)
                    .withServiceAccount("default").withServiceAccountName("default")
                    .withEnableServiceLinks(true).withPreemptionPolicy("PreemptLowerPriority").withPriority(0)
                    .withTolerations(defaultTolerations())
                    .withContainers(withMount(tpl.getContainers(), token))
                    .withInitContainers(withMount(tpl.getInitContainers(), token))
                    .addToVolumes(apiAccessVolume(volume));
            Pod pod = new PodBuilder()
                    .withMetadata(meta("Pod", ns, name, age).withGenerateName(owner.podPrefix())
                            .withLabels(owner.podLabels())
                            .withOwnerReferences(ownerRef(owner.obj(), owner.apiVersion())).build())
                    .withSpec(spec.build())
                    .withStatus(status)
                    .build();
            objects.add(pod);
            if (owner.recentEvents()) {
                String component = owner.obj() instanceof Job ? "job-controller" : "replicaset-controller";
                controllerEvent(owner.obj(), component, "Normal", "SuccessfulCreate", "Created pod: " + name, 1, age, age);
            }
            return pod;
        }

        private static List<Container> withMount(List<Container> containers, VolumeMount mount) {
            List<Container> out = new ArrayList<>();
            for (Container c : containers) {
                out.add(new ContainerBuilder(c).addToVolumeMounts(mount).build());
            }
            return out;
        }

        private static Volume apiAccessVolume(String name) {
            return new VolumeBuilder().withName(name).withNewProjected().withDefaultMode(420)
                    .addNewSource().withNewServiceAccountToken().withExpirationSeconds(3607L).withPath("token")
                    .endServiceAccountToken().endSource()
                    .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").addNewItem().withKey("ca.crt")
                    .withPath("ca.crt").endItem().endConfigMap().endSource()
                    .addNewSource().withNewDownwardAPI().addNewItem().withNewFieldRef().withApiVersion("v1")
                    .withFieldPath("metadata.namespace").endFieldRef().withPath("namespace").endItem().endDownwardAPI().endSource()
                    .endProjected().build();
        }

        /** What the DefaultTolerationSeconds admission plugin adds to every pod. */
        private static List<Toleration> defaultTolerations() {
            return List.of(
                    new TolerationBuilder().withKey("node.kubernetes.io/not-ready").withOperator("Exists")
                            .withEffect("NoExecute").withTolerationSeconds(300L).build(),
                    new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists")
                            .withEffect("NoExecute").withTolerationSeconds(300L).build());
        }

        private static PodSpecBuilder template() {
            return new PodSpecBuilder().withDnsPolicy("ClusterFirst").withRestartPolicy("Always")
                    .withSchedulerName("default-scheduler").withSecurityContext(new PodSecurityContext())
                    .withTerminationGracePeriodSeconds(30L);
        }

        private static ContainerBuilder container(String name, String image) {
            return new ContainerBuilder().withName(name).withImage(image).withImagePullPolicy("IfNotPresent")
                    .withTerminationMessagePath("/dev/termination-log").withTerminationMessagePolicy("File");
        }

        private static ResourceRequirements resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
            ResourceRequirementsBuilder b = new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity(cpuRequest)).addToRequests("memory", new Quantity(memoryRequest));
            if (cpuLimit != null) {
                b.addToLimits("cpu", new Quantity(cpuLimit));
            }
            return b.addToLimits("memory", new Quantity(memoryLimit)).build();
        }

        private static Probe httpProbe(String path, int port, int initialDelay, int period, int timeout, int failureThreshold) {
            return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).withScheme("HTTP").endHttpGet()
                    .withInitialDelaySeconds(initialDelay).withPeriodSeconds(period).withTimeoutSeconds(timeout)
                    .withSuccessThreshold(1).withFailureThreshold(failureThreshold).build();
        }

        private PodStatusBuilder status(String phase, String node, String podIp, String startAgo, String qos) {
            return new PodStatusBuilder().withPhase(phase)
                    .withHostIP(NODE_IPS.get(node)).addNewHostIP(NODE_IPS.get(node))
                    .withPodIP(podIp).addNewPodIP(podIp)
                    .withQosClass(qos).withStartTime(ts(startAgo));
        }

        private String podIp(String node) {
            int n = podIps.merge(node, 1, Integer::sum);
            return "10.244." + node.substring(node.length() - 1) + "." + (16 + n * 7);
        }

        private PodCondition cond(String type, String status, String ago) {
            return cond(type, status, ago, null, null);
        }

        private PodCondition cond(String type, String status, String ago, String reason, String message) {
            return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(ts(ago))
                    .withReason(reason).withMessage(message).build();
        }

        private PodCondition[] allTrue(String scheduledAgo, String initializedAgo, String readyAgo) {
            return new PodCondition[] {
                    cond("PodReadyToStartContainers", "True", readyAgo),
                    cond("Initialized", "True", initializedAgo),
                    cond("Ready", "True", readyAgo),
                    cond("ContainersReady", "True", readyAgo),
                    cond("PodScheduled", "True", scheduledAgo)};
        }

        /** A container status; {@code pulled} says whether the image is on the node (then it has an image ID). */
        private ContainerStatus cs(String pod, String container, String image, boolean pulled, ContainerState state,
                                   ContainerState last, boolean ready, int restarts, boolean started) {
            ContainerStatusBuilder b = new ContainerStatusBuilder().withName(container)
                    .withImage(pulled ? fullImage(image) : image).withImageID(pulled ? imageId(image) : "")
                    .withState(state).withLastState(last == null ? new ContainerState() : last)
                    .withReady(ready).withRestartCount(restarts).withStarted(started);
            if (state.getRunning() != null) {
                b.withContainerID(cid(pod, container, restarts));
            } else if (state.getTerminated() != null) {
                b.withContainerID(state.getTerminated().getContainerID());
            }
            return b.build();
        }

        private ContainerState running(String startedAgo) {
            return new ContainerStateBuilder().withNewRunning().withStartedAt(ts(startedAgo)).endRunning().build();
        }

        private static ContainerState waiting(String reason, String message) {
            return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
        }

        private ContainerState terminated(String pod, String container, int attempt, String reason, int exitCode,
                                          String startedAgo, String finishedAgo, String message) {
            return new ContainerStateBuilder().withNewTerminated().withContainerID(cid(pod, container, attempt))
                    .withExitCode(exitCode).withReason(reason).withMessage(message)
                    .withStartedAt(ts(startedAgo)).withFinishedAt(ts(finishedAgo)).endTerminated().build();
        }

        /** The kubelet's CrashLoopBackOff waiting message. */
        private static String backOff(String delay, String container, String podRef) {
            return "back-off " + delay + " restarting failed container=" + container + " pod=" + podRef;
        }

        /** "name_namespace(uid)", as the kubelet names a pod in its messages. */
        private static String pod(String ns, String name) {
            return name + "_" + ns + "(" + uid("Pod", ns, name) + ")";
        }

        private static String cid(String pod, String container, int attempt) {
            return "containerd://" + hex("container/" + pod + "/" + container + "/" + attempt, 64);
        }

        /** The image as containerd reports it once pulled: docker.io/library/nginx:1.27.2. */
        static String fullImage(String image) {
            int slash = image.indexOf('/');
            if (slash < 0) {
                return "docker.io/library/" + image;
            }
            String first = image.substring(0, slash);
            if (!first.contains(".") && !first.contains(":") && !first.equals("localhost")) {
                return "docker.io/" + image;
            }
            return image;
        }

        private static String imageId(String image) {
            String full = fullImage(image);
            int colon = full.lastIndexOf(':');
            String repo = colon > full.lastIndexOf('/') ? full.substring(0, colon) : full;
            return repo + "@sha256:" + hex("image/" + image, 64);
        }

        private static String initPath(String container) {
            return "spec.initContainers{" + container + "}";
        }

        private static String appPath(String container) {
            return "spec.containers{" + container + "}";
        }

        // ---------------------------------------------------------------- events

        /** An event of the kubelet on the pod's node (old-style: count, first/lastTimestamp, source). */
        private void kubelet(Pod pod, String fieldPath, String type, String reason, String message, int count,
                             String firstAgo, String lastAgo) {
            String node = pod.getSpec().getNodeName();
            events.add(new EventBuilder()
                    .withMetadata(eventMeta(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), firstAgo))
                    .withInvolvedObject(reference(pod, fieldPath))
                    .withType(type).withReason(reason).withMessage(message)
                    .withCount(count).withFirstTimestamp(ts(firstAgo)).withLastTimestamp(ts(lastAgo))
                    .withSource(new EventSourceBuilder().withComponent("kubelet").withHost(node).build())
                    .withReportingComponent("kubelet").withReportingInstance(node)
                    .build());
        }

        /** An event of a kube-controller-manager controller (old-style). */
        private void controllerEvent(HasMetadata obj, String component, String type, String reason, String message, int count,
                                     String firstAgo, String lastAgo) {
            events.add(new EventBuilder()
                    .withMetadata(eventMeta(obj.getMetadata().getNamespace(), obj.getMetadata().getName(), firstAgo))
                    .withInvolvedObject(reference(obj, null))
                    .withType(type).withReason(reason).withMessage(message)
                    .withCount(count).withFirstTimestamp(ts(firstAgo)).withLastTimestamp(ts(lastAgo))
                    .withSource(new EventSourceBuilder().withComponent(component).build())
                    .withReportingComponent(component).withReportingInstance("")
                    .build());
        }

        /**
         * An event of the scheduler: events.k8s.io/v1 seen through core/v1, so {@code eventTime},
         * {@code action} and, when repeated, {@code series} instead of count and first/lastTimestamp.
         */
        private void schedulerEvent(Pod pod, String type, String reason, String action, String message, String firstAgo,
                                    int count, String lastAgo) {
            EventBuilder b = new EventBuilder()
                    .withMetadata(eventMeta(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), firstAgo))
                    .withInvolvedObject(reference(pod, null))
                    .withType(type).withReason(reason).withAction(action).withMessage(message)
                    .withEventTime(micro(firstAgo))
                    .withSource(new EventSource())
                    .withReportingComponent("default-scheduler").withReportingInstance("default-scheduler-cp-1");
            if (count > 1) {
                b.withSeries(new EventSeriesBuilder().withCount(count).withLastObservedTime(micro(lastAgo)).build());
            }
            events.add(b.build());
        }

        private void scheduled(Pod pod, String node, String ago) {
            schedulerEvent(pod, "Normal", "Scheduled", "Binding", "Successfully assigned " + pod.getMetadata().getNamespace()
                    + "/" + pod.getMetadata().getName() + " to " + node, ago, 1, null);
        }

        private static io.fabric8.kubernetes.api.model.ObjectReference reference(HasMetadata obj, String fieldPath) {
            return new ObjectReferenceBuilder().withApiVersion(obj.getApiVersion()).withKind(obj.getKind())
                    .withName(obj.getMetadata().getName()).withNamespace(obj.getMetadata().getNamespace())
                    .withUid(obj.getMetadata().getUid()).withResourceVersion(obj.getMetadata().getResourceVersion())
                    .withFieldPath(fieldPath).build();
        }

        /** Event names are the object's name and the hex nanoseconds of the first occurrence, as client-go makes them. */
        private ObjectMeta eventMeta(String ns, String objectName, String firstAgo) {
            eventSeq++;
            long nanos = at(firstAgo).getEpochSecond() * 1_000_000_000L + eventSeq * 7_919_311L;
            String name = objectName + "." + Long.toHexString(nanos);
            return new ObjectMetaBuilder().withName(name).withNamespace(ns).withUid(uid("Event", ns, name))
                    .withResourceVersion(nextRv()).withCreationTimestamp(ts(firstAgo)).build();
        }

        private MicroTime micro(String ago) {
            String base = at(ago).toString();
            int micros = (eventSeq * 137_911 + 4_211) % 1_000_000;
            return new MicroTime(base.substring(0, base.length() - 1) + String.format(Locale.ROOT, ".%06dZ", micros));
        }

        // ---------------------------------------------------------------- identity and time

        private ObjectMetaBuilder meta(String kind, String ns, String name, String age) {
            return new ObjectMetaBuilder().withName(name).withNamespace(ns).withUid(uid(kind, ns, name))
                    .withResourceVersion(nextRv()).withCreationTimestamp(ts(age));
        }

        private String nextRv() {
            resourceVersion += 17;
            return Long.toString(resourceVersion);
        }

        private Instant at(String ago) {
            return now.minus(ago(ago));
        }

        private Instant at(Duration ago) {
            return now.minus(ago);
        }

        private String ts(String ago) {
            return at(ago).toString();
        }

        private String ts(Duration ago) {
            return at(ago).toString();
        }

        /** "3m30s", "2d", "1d23h59m52s" as a Duration. */
        static Duration ago(String text) {
            String u = text.toUpperCase(Locale.ROOT);
            int d = u.indexOf('D');
            String days = d < 0 ? "" : u.substring(0, d + 1);
            String time = d < 0 ? u : u.substring(d + 1);
            return Duration.parse("P" + days + (time.isEmpty() ? "" : "T" + time));
        }

        /** A deterministic uid that looks like the API server's random (version 4) ones. */
        static String uid(String kind, String ns, String name) {
            UUID u = UUID.nameUUIDFromBytes(("pod-triage-sandbox/" + kind + "/" + ns + "/" + name).getBytes(StandardCharsets.UTF_8));
            long msb = (u.getMostSignificantBits() & ~0xF000L) | 0x4000L;
            long lsb = (u.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(msb, lsb).toString();
        }

        private static String hex(String seed, int length) {
            StringBuilder sb = new StringBuilder();
            int round = 0;
            while (sb.length() < length) {
                for (byte b : sha256(seed + "#" + round++)) {
                    sb.append(String.format(Locale.ROOT, "%02x", b));
                }
            }
            return sb.substring(0, length);
        }

        /** Like the suffixes of generated names: consonants and digits only. */
        private static String randomSuffix(String seed, int length) {
            byte[] h = sha256(seed);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                sb.append(POD_ALPHABET.charAt(Math.floorMod(h[i], POD_ALPHABET.length())));
            }
            return sb.toString();
        }

        private static byte[] sha256(String s) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
