package dev.podtriage.bench;

import dev.podtriage.diagnosis.rules.StandardRules;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.HugeTexts;
import dev.podtriage.diagnosis.PodSnapshot;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark: for each cluster size, fills a Kubernetes mock API server with a synthetic
 * cluster, starts the packaged service against it (a real JVM, real HTTP, real fabric8 client) and
 * prints API calls per report, cold and warm report latency, single-pod throughput and p99 under
 * concurrent load, heap after caching, the Jackson decoding floor and a naive per-pod peer.
 *
 * <p>Run: {@code ./mvnw -B -q package -DskipTests && ./mvnw -B -q test-compile exec:java@benchmark}
 * (arguments: pod counts, default {@code 1000 5000 10000}; {@code huge-texts} runs only the section on 1 MB texts).
 */
public final class Benchmark {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final int WARMUP = 10;
    private static final int REPEATS = 20;
    private static final int LOAD_THREADS = 8;
    private static final Duration LOAD_TIME = Duration.ofSeconds(10);
    /** The mock API server logs every request at INFO: that would measure the console. Held so it is not collected. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    private static final String HUGE_TEXTS = "huge-texts";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        if (args.length == 1 && args[0].trim().equals(HUGE_TEXTS)) {
            hugeTexts();
            System.exit(0);
        }
        if (!Files.exists(JAR)) {
            System.err.println("Build the service first: ./mvnw -B -q package -DskipTests");
            System.exit(2);
        }
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"1000", "5000", "10000"} : args) {
            sizes.add(Integer.parseInt(a.trim()));
        }
        System.out.printf("pod-triage benchmark on %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"));
        // -Dbenchmark.sections=reports,overload,silent-watch,streams,memo (default: all) runs only those sections
        List<String> sections = List.of(System.getProperty("benchmark.sections", "reports,overload,silent-watch,streams,memo").split(","));
        if (sections.contains("reports")) {
            hugeTexts();
        }
        if (sections.contains("streams")) {
            WatchStreams.run();
        }
        if (sections.contains("overload")) {
            Overload.run();
        }
        if (sections.contains("silent-watch")) {
            Overload.silentWatch();
        }
        if (sections.contains("memo")) {
            MemoBench.run();
        }
        if (!sections.contains("reports")) {
            System.exit(0);
        }
        List<String> rows = new ArrayList<>();
        for (int n : sizes) {
            rows.add(run(n));
        }
        System.out.println();
        System.out.println("| pods | events | API calls/ns report cold / warm | all-ns report cold median / p99 | warm median / p99 "
                + "| single-pod diagnoses/s, p99 | heap after caching | Jackson decode floor | naive per-pod ns report (calls, time) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
        System.exit(0); // the mock servers' threads would keep exec:java waiting
    }

    /**
     * The engine on 1 MB texts, per rule family (issue 8): a fixture pod of the family whose
     * termination and waiting messages, logs, event and scheduler messages and commands are 1 MB each
     * ({@link HugeTexts}); median of 5 diagnoses after 2 warm-ups. Alone:
     * {@code ./mvnw -B -q test-compile exec:java@benchmark -Dbenchmark.sizes=huge-texts}.
     */
    private static void hugeTexts() {
        DiagnosisEngine engine = StandardRules.engine();
        System.out.printf("%n== 1 MB texts per rule family (each quoted field %,d chars)%n", HugeTexts.SIZE);
        System.out.println("| rule family | fixture | diagnose median | findings |");
        System.out.println("| --- | --- | --- | --- |");
        for (String family : new java.util.TreeSet<>(HugeTexts.FAMILY_FIXTURES.keySet())) {
            List<Double> times = new ArrayList<>();
            int findings = 0;
            for (int i = 0; i < 7; i++) {
                PodSnapshot pod = HugeTexts.pod(family);
                long t0 = System.nanoTime();
                findings = engine.diagnose(pod, Fixtures.AT, "offline").findings().size();
                if (i >= 2) {
                    times.add((System.nanoTime() - t0) / 1e6);
                }
            }
            System.out.printf("| %s | %s | %.0f ms | %d |%n", family, HugeTexts.FAMILY_FIXTURES.get(family), percentile(times, 50), findings);
        }
    }

    private static String run(int pods) throws Exception {
        Instant now = Instant.now();
        SyntheticCluster cluster = new SyntheticCluster(pods, now);
        System.out.printf("%n== %,d pods, %,d events, %,d objects%n", pods, cluster.events.size(), cluster.objects.size());
        KubernetesMockServer server = seededServer(cluster);
        try {
            String master = server.url("/").replaceAll("/$", "");
            double[] floor = jacksonFloor(cluster);
            System.out.printf("Jackson decode of the pod and event lists: median %.0f ms%n", floor[0]);
            double engineMs = engineOnly(cluster, now);
            System.out.printf("engine alone (assemble + diagnose all pods in-process): median %.0f ms%n", engineMs);
            String namespace = SyntheticCluster.ns(0);

            Result cold;
            try (Service svc = Service.start(master, false)) {
                cold = reports(svc, namespace);
                System.out.printf("cold (no cache): ns report %d calls; all-ns report median %.0f ms, p99 %.0f ms%n",
                        cold.callsPerNsReport, cold.median, cold.p99);
            }
            Result warm;
            double[] load;
            long heap;
            try (Service svc = Service.start(master, true)) {
                warm = reports(svc, namespace);
                System.out.printf("warm (caches): ns report %d calls; all-ns report median %.0f ms, p99 %.0f ms%n",
                        warm.callsPerNsReport, warm.median, warm.p99);
                load = singlePodLoad(svc, cluster.quickPods);
                System.out.printf("single-pod diagnoses: %.0f/s, p99 %.1f ms (%d threads, %ds)%n", load[0], load[1], LOAD_THREADS,
                        LOAD_TIME.toSeconds());
                heap = svc.heapAfterGc();
                System.out.printf("heap after caching (after GC): %d MiB%n", heap / (1024 * 1024));
            }
            double[] naive = naive(master, namespace);
            System.out.printf("naive (list pods, then events per pod) for %s: %.0f calls, %.0f ms%n", namespace, naive[0], naive[1]);
            return String.format(Locale.ROOT, "| %,d | %,d | %d / %d | %.0f / %.0f ms | %.0f / %.0f ms | %.0f/s, %.1f ms | %d MiB | %.0f ms | %.0f calls, %.0f ms |",
                    pods, cluster.events.size(), cold.callsPerNsReport, warm.callsPerNsReport, cold.median, cold.p99,
                    warm.median, warm.p99, load[0], load[1], heap / (1024 * 1024), floor[0], naive[0], naive[1]);
        } finally {
            server.destroy();
        }
    }

    /**
     * Seeds the mock server's store directly: creating objects one by one through the API costs
     * O(n) each in the mock server (about 5 minutes for 30,000), this takes seconds.
     */
    static KubernetesMockServer seededServer(SyntheticCluster cluster) {
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
        KubernetesAttributesExtractor extractor = new KubernetesAttributesExtractor();
        KubernetesSerialization json = new KubernetesSerialization();
        long version = 1000;
        for (HasMetadata o : cluster.objects) {
            o.getMetadata().setResourceVersion(Long.toString(version++));
            dispatcher.getMap().put(extractor.extract(o), json.asJson(o));
        }
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // the dispatcher's own counter must be past every seeded resourceVersion for watches to work
        while (dispatcher.requestResourceVersion() < version) {
            // advance
        }
        return server;
    }

    /** Median and p99 of decoding the same pod and event lists with plain Jackson: the floor. */
    private static double[] jacksonFloor(SyntheticCluster cluster) throws IOException {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        byte[] podJson = mapper.writeValueAsBytes(new PodListBuilder().withItems(cluster.pods).build());
        byte[] eventJson = mapper.writeValueAsBytes(new EventListBuilder().withItems(cluster.events).build());
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            long t = System.nanoTime();
            mapper.readValue(podJson, PodList.class);
            mapper.readValue(eventJson, EventList.class);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        return new double[] {percentile(ms.subList(2, ms.size()), 50)};
    }

    /** The pure engine over every pod, in this JVM: what a report costs before HTTP and JSON. */
    private static double engineOnly(SyntheticCluster cluster, Instant now) {
        dev.podtriage.diagnosis.DiagnosisEngine engine = dev.podtriage.diagnosis.rules.StandardRules.engine();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long t = System.nanoTime();
            var snapshots = dev.podtriage.diagnosis.input.SnapshotAssembler.assemble(cluster.objects);
            engine.report(snapshots, now, "bench", dev.podtriage.diagnosis.ReportFilter.of(null, false));
            ms.add((System.nanoTime() - t) / 1e6);
        }
        return percentile(ms.subList(15, ms.size()), 50);
    }

    private record Result(long callsPerNsReport, double median, double p99) {
    }

    private static Result reports(Service svc, String namespace) throws Exception {
        long before = svc.apiCalls();
        svc.get("/api/v1/namespaces/" + namespace + "/diagnoses");
        long calls = svc.apiCalls() - before;
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < WARMUP + REPEATS; i++) {
            long t = System.nanoTime();
            svc.get("/api/v1/diagnoses");
            ms.add((System.nanoTime() - t) / 1e6);
        }
        // the JIT compiles the hot paths during the first calls: measure the steady state after them
        List<Double> measured = ms.subList(WARMUP, ms.size());
        return new Result(calls, percentile(measured, 50), percentile(measured, 99));
    }

    /** Throughput and p99 of single-pod diagnoses from {@link #LOAD_THREADS} concurrent clients. */
    private static double[] singlePodLoad(Service svc, List<String> pods) throws Exception {
        for (int i = 0; i < 500; i++) {
            svc.get(path(pods.get(i % pods.size())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(LOAD_THREADS);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + LOAD_TIME.toNanos();
        CountDownLatch finished = new CountDownLatch(LOAD_THREADS);
        long start = System.nanoTime();
        for (int t = 0; t < LOAD_THREADS; t++) {
            int offset = t;
            pool.execute(() -> {
                int i = offset;
                try {
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        svc.get(path(pods.get(i % pods.size())));
                        latencies.add((System.nanoTime() - s) / 1e6);
                        done.incrementAndGet();
                        i += LOAD_THREADS;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {done.get() / seconds, percentile(latencies, 99)};
    }

    private static String path(String namespacedPod) {
        String[] p = namespacedPod.split("/");
        return "/api/v1/namespaces/" + p[0] + "/pods/" + p[1] + "/diagnosis";
    }

    /** The peer we must beat: list a namespace's pods, then one event query per pod. */
    private static double[] naive(String master, String namespace) {
        try (KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(master).withTrustCerts(true)
                        .withRequestRetryBackoffLimit(0).build()).build()) {
            long t = System.nanoTime();
            List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
            int calls = 1;
            for (Pod p : pods) {
                client.v1().events().inNamespace(namespace).withField("involvedObject.name", p.getMetadata().getName()).list();
                calls++;
            }
            return new double[] {calls, (System.nanoTime() - t) / 1e6};
        }
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** The packaged service in its own JVM, pointed at the mock API server. */
    static final class Service implements AutoCloseable {
        private static final Pattern API_CALLS = Pattern.compile("^triage_kubernetes_api_requests_total\\{[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);
        private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);
        private final Process process;
        private final String base;
        private final Path log;

        private final String managementBase;

        private Service(Process process, int port, int managementPort, Path log) {
            this.process = process;
            this.base = "http://127.0.0.1:" + port;
            this.managementBase = "http://127.0.0.1:" + managementPort;
            this.log = log;
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }

        /** The URL of a path: health, metrics and info on the management port, the rest on the API port. */
        String url(String path) {
            return (path.matches("/q/(health|metrics|info).*") ? managementBase : base) + path;
        }

        /** The service's console output. */
        Path log() {
            return log;
        }

        /** CPU time the service's process has used so far. */
        Duration cpu() {
            return process.toHandle().info().totalCpuDuration().orElseThrow();
        }

        static Service start(String master, boolean cache) throws Exception {
            return start(master, cache, List.of());
        }

        /** The service with extra JVM options and settings ({@code -Xmx256m}, {@code -Dtriage...}), which win over the defaults. */
        static Service start(String master, boolean cache, List<String> extra) throws Exception {
            int port = freePort();
            int managementPort = freePort();
            Path log = Files.createTempFile("pod-triage-bench", ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", Boolean.getBoolean("bench.jfr") ? "-XX:StartFlightRecording=filename=target/bench-" + cache + ".jfr,settings=profile"
                            : "-Dbench.jfr=false",
                    "-Dkubernetes.master=" + master, "-Dkubernetes.auth.tryKubeConfig=false",
                    "-Dkubernetes.auth.tryServiceAccount=false", "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.port=" + managementPort,
                    "-Dtriage.cluster.cache=" + cache, "-Dtriage.cluster.request-timeout=30s", "-Dtriage.cluster.name=bench",
                    "-Dquarkus.log.category.\"dev.podtriage.audit\".level=WARN",
                    // its own history file: another service on the machine may hold the default one's lock
                    "-Dtriage.history.directory=" + Files.createTempDirectory("pod-triage-bench-history")));
            command.addAll(extra);
            command.addAll(List.of("-jar", JAR.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Service svc = new Service(p, port, managementPort, log);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (svc.status("/q/health/ready") == 200) {
                        return svc;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException("the service died; its log: " + log);
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the service did not become ready; its log: " + log);
        }

        String base() {
            return base;
        }

        int status(String path) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        String get(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " -> " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        }

        long apiCalls() throws IOException, InterruptedException {
            return Math.round(sum(API_CALLS, get("/q/metrics")));
        }

        long heapAfterGc() throws Exception {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid()),
                    "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            return Math.round(sum(HEAP, get("/q/metrics")));
        }

        private static double sum(Pattern p, String text) {
            double total = 0;
            Matcher m = p.matcher(text);
            while (m.find()) {
                total += Double.parseDouble(m.group(1));
            }
            return total;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }
}
