package dev.podtriage.bench;

import dev.podtriage.cluster.SilenceableProxy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The benchmark's reliability sections: heavy requests at 8, 32 and 200 at once against the service
 * started with {@code -Xmx256m} (how many are answered 200, 503, 500), and the time the caches take
 * to notice a watch gone silent behind a proxy and to heal once it is back.
 */
final class Overload {
    private static final int CLUSTER_PODS = 5_000;
    private static final int OFFLINE_PODS = 5_000;

    private Overload() {
    }

    private static String tinyPods(int n) {
        StringBuilder b = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p-").append(i)
                    .append("\",\"namespace\":\"bulk\"},\"status\":{\"phase\":\"Pending\"}}");
        }
        return b.append("]}").toString();
    }

    static void run() throws Exception {
        SyntheticCluster cluster = new SyntheticCluster(CLUSTER_PODS, Instant.now());
        KubernetesMockServer server = Benchmark.seededServer(cluster);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).connectTimeout(Duration.ofSeconds(10)).build();
        String offline = tinyPods(OFFLINE_PODS);
        String tooMany = tinyPods(50_000);
        System.out.printf("%n== overload: service with -Xmx256m, %,d pods cached; heavy requests all sent at once%n", CLUSTER_PODS);
        List<String> rows = new ArrayList<>();
        try (Benchmark.Service svc = Benchmark.Service.start(server.url("/").replaceAll("/$", ""), true, List.of("-Xmx256m"))) {
            String base = svc.base();
            Map<String, Supplier<HttpRequest>> kinds = new java.util.LinkedHashMap<>();
            kinds.put("POST /api/v1/diagnose, " + String.format("%,d", OFFLINE_PODS) + " tiny pods", () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/diagnose"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(offline)).build());
            kinds.put("POST /api/v1/diagnose, 50,000 tiny pods", () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/diagnose"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(tooMany)).build());
            kinds.put("GET /api/v1/diagnoses?all=true (" + String.format("%,d", CLUSTER_PODS) + " pods)",
                    () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/diagnoses?all=true")).build());
            kinds.put("GET namespace report ?all=true (" + CLUSTER_PODS / SyntheticCluster.NAMESPACES + " pods)",
                    () -> HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/" + SyntheticCluster.ns(0) + "/diagnoses?all=true")).build());
            for (var kind : kinds.entrySet()) {
                for (int concurrent : new int[] {8, 32, 200}) {
                    rows.add(burst(http, kind.getKey(), concurrent, kind.getValue(), base, cluster.quickPods));
                    System.out.println(rows.get(rows.size() - 1));
                }
            }
            System.out.println("service alive afterwards: " + (svc.status("/q/health/live") == 200));
        } finally {
            server.destroy();
        }
        System.out.println();
        System.out.println("| heavy request | at once | answers | wall time | single-pod reads meanwhile |");
        System.out.println("| --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    /** Sends {@code n} heavy requests at once and 20 single-pod reads meanwhile; counts the statuses. */
    private static String burst(HttpClient http, String what, int n, Supplier<HttpRequest> request, String base, List<String> quick) {
        long t = System.nanoTime();
        List<CompletableFuture<Integer>> heavy = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            heavy.add(http.sendAsync(request.get(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
                    .exceptionally(e -> -1));
        }
        List<CompletableFuture<Integer>> cheap = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String[] p = quick.get(i).split("/");
            cheap.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/namespaces/" + p[0] + "/pods/" + p[1] + "/diagnosis"))
                    .build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode).exceptionally(e -> -1));
        }
        Map<Integer, Integer> statuses = tally(heavy);
        double seconds = (System.nanoTime() - t) / 1e9;
        Map<Integer, Integer> reads = tally(cheap);
        return String.format(java.util.Locale.ROOT, "| %s | %d | %s | %.1f s | %s |", what, n, describe(statuses), seconds, describe(reads));
    }

    private static Map<Integer, Integer> tally(List<CompletableFuture<Integer>> answers) {
        Map<Integer, Integer> out = new TreeMap<>();
        answers.forEach(f -> out.merge(f.join(), 1, Integer::sum));
        return out;
    }

    private static String describe(Map<Integer, Integer> statuses) {
        List<String> parts = new ArrayList<>();
        statuses.forEach((status, count) -> parts.add(count + "× " + (status < 0 ? "no answer" : status)));
        return String.join(", ", parts);
    }

    /**
     * A watch gone silent behind a proxy: the time from the silence (and a pod deleted meanwhile)
     * until readiness is DOWN naming the pods cache, and from the proxy's return until it is UP
     * again and the deleted pod is gone.
     */
    static void silentWatch() throws Exception {
        SyntheticCluster cluster = new SyntheticCluster(1_000, Instant.now());
        KubernetesMockServer server = Benchmark.seededServer(cluster);
        Duration maxSilence = Duration.ofSeconds(10);
        HttpClient http = HttpClient.newHttpClient();
        try (SilenceableProxy proxy = new SilenceableProxy(server.getPort());
             KubernetesClient direct = server.createClient();
             Benchmark.Service svc = Benchmark.Service.start(proxy.url(), true,
                     List.of("-Dtriage.cluster.watch-max-silence=" + maxSilence.toSeconds() + "s", "-Dtriage.cluster.request-timeout=4s"))) {
            String[] victim = cluster.quickPods.get(0).split("/");
            String[] busy = cluster.quickPods.get(1).split("/");
            // keep the pods watch busy, as in a real cluster: the silence, not a quiet spell, is detected
            Thread touch = new Thread(() -> {
                for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    try {
                        String v = Integer.toString(i);
                        direct.pods().inNamespace(busy[0]).withName(busy[1]).edit(p -> {
                            p.getMetadata().getLabels().put("touched", v);
                            return p;
                        });
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // the mock server is going away
                    }
                }
            });
            touch.setDaemon(true);
            touch.start();
            Thread.sleep(3_000);
            String podPath = "/api/v1/namespaces/" + victim[0] + "/pods/" + victim[1] + "/diagnosis";
            long t0 = System.nanoTime();
            proxy.silence();
            direct.pods().inNamespace(victim[0]).withName(victim[1]).delete();
            while (!get(http, svc.url("/q/health/ready")).body().contains("stale pods")) {
                Thread.sleep(100);
            }
            double detected = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            proxy.resume();
            while (get(http, svc.url("/q/health/ready")).statusCode() != 200 || get(http, svc.base() + podPath).statusCode() != 404) {
                Thread.sleep(100);
            }
            double healed = (System.nanoTime() - t1) / 1e9;
            touch.interrupt();
            System.out.printf("%n== silent watch (triage.cluster.watch-max-silence=%ds, 1,000 pods): readiness DOWN naming the pods "
                    + "cache %.1f s after the proxy went silent; the pod deleted meanwhile gone %.1f s after it came back%n",
                    maxSilence.toSeconds(), detected, healed);
        } finally {
            server.destroy();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
