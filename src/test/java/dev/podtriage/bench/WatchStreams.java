package dev.podtriage.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory per open watch stream (issue 14): the packaged service on a synthetic cluster of 1,000
 * pods, heap (after a GC) and live threads before and after 1,000 clients each opened
 * {@code GET /api/v1/namespaces/<ns>/diagnoses?watch=true} and read its full state up to
 * {@code synced}; the streams stay open while measured.
 */
final class WatchStreams {
    private static final int STREAMS = 1000;
    private static final Pattern THREADS = Pattern.compile("^jvm_threads_live_threads(?:\\{[^}]*})? ([0-9.E]+)$", Pattern.MULTILINE);

    private WatchStreams() {
    }

    static void run() throws Exception {
        SyntheticCluster cluster = new SyntheticCluster(1000, Instant.now());
        KubernetesMockServer server = Benchmark.seededServer(cluster);
        try (Benchmark.Service svc = Benchmark.Service.start(server.url("/").replaceAll("/$", ""), true)) {
            String path = "/api/v1/namespaces/" + SyntheticCluster.ns(0) + "/diagnoses?watch=true";
            svc.get("/api/v1/namespaces/" + SyntheticCluster.ns(0) + "/diagnoses"); // warm the report path
            long heapBefore = svc.heapAfterGc();
            double threadsBefore = threads(svc);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            long t0 = System.nanoTime();
            List<CompletableFuture<HttpResponse<InputStream>>> opening = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                opening.add(client.sendAsync(HttpRequest.newBuilder(URI.create(svc.base() + path)).build(),
                        HttpResponse.BodyHandlers.ofInputStream()));
            }
            List<BufferedReader> open = new ArrayList<>();
            int events = 0;
            for (CompletableFuture<HttpResponse<InputStream>> f : opening) {
                HttpResponse<InputStream> response = f.join();
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(path + " -> " + response.statusCode() + ": "
                            + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                String line;
                boolean synced = false;
                while (!synced && (line = reader.readLine()) != null) {
                    synced = line.replace(" ", "").equals("event:synced");
                    events += line.startsWith("event:") && !synced ? 1 : 0;
                }
                if (!synced) {
                    throw new IllegalStateException("a stream ended before its full state: " + path);
                }
                open.add(reader);
            }
            double openMs = (System.nanoTime() - t0) / 1e6;
            long heapAfter = svc.heapAfterGc();
            double threadsAfter = threads(svc);
            System.out.printf("%n== %,d watch streams (each sent %d events of full state first), opened and synced in %.0f ms%n",
                    STREAMS, events / STREAMS, openMs);
            System.out.println("| open streams | heap before / after (after GC) | heap per stream | live threads before / after |");
            System.out.println("| --- | --- | --- | --- |");
            System.out.printf("| %,d | %d / %d MiB | %.1f KiB | %.0f / %.0f |%n", STREAMS, heapBefore / (1024 * 1024), heapAfter / (1024 * 1024),
                    (heapAfter - heapBefore) / 1024.0 / STREAMS, threadsBefore, threadsAfter);
            for (BufferedReader r : open) {
                r.close();
            }
        } finally {
            server.destroy();
        }
    }

    private static double threads(Benchmark.Service svc) throws Exception {
        Matcher m = THREADS.matcher(svc.get("/q/metrics"));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
