package dev.podtriage.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 14's table: reports from the diagnosis memo against the behaviour before it (every report
 * diagnoses afresh, caches untrimmed: {@code triage.cluster.memo=false}, {@code trim=false}),
 * measured in the same run on the same seeded mock API server.
 */
final class MemoBench {
    private static final int PODS = 10_000;
    /** 10,000 pods over 5 namespaces: a namespace report of 2,000 pods and about 10,000 events. */
    private static final int NAMESPACES = 5;
    private static final int BIG = Integer.getInteger("benchmark.memo.big", 50_000);
    private static final int TRIM_PODS = 5_000;
    private static final Duration POLLING = Duration.ofSeconds(20);
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Pattern FILLED = Pattern.compile("diagnosis memo filled: (\\d+) pods, (\\d+) workloads in (\\d+) ms");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MemoBench() {
    }

    private record Mode(String name, boolean memo) {
        List<String> settings(String heap) {
            return List.of(heap, "-Dtriage.cluster.memo=" + memo, "-Dtriage.cluster.trim=" + memo);
        }
    }

    private static final List<Mode> MODES = List.of(new Mode("before (no memo, untrimmed)", false), new Mode("memo", true));
    /** {@code -Dbenchmark.memo.before=false}: the 10,000-pod rows with the memo only (the "before" row takes minutes). */
    private static final boolean BEFORE = Boolean.parseBoolean(System.getProperty("benchmark.memo.before", "true"));

    static void run() throws Exception {
        Instant now = Instant.now();
        if (Boolean.getBoolean("benchmark.memo.bigOnly")) {
            big(now);
            return;
        }
        List<String> rows = new ArrayList<>();
        SyntheticCluster cluster = new SyntheticCluster(PODS, now, NAMESPACES, false);
        String ns = SyntheticCluster.ns(0);
        System.out.printf("%n== memo: %,d pods over %d namespaces (%,d in %s), %,d events%n", PODS, NAMESPACES, PODS / NAMESPACES, ns,
                cluster.events.size());
        KubernetesMockServer server = Benchmark.seededServer(cluster);
        try {
            String master = server.url("/").replaceAll("/$", "");
            for (Mode mode : BEFORE ? MODES : MODES.subList(1, 2)) {
                try (Benchmark.Service svc = Benchmark.Service.start(master, true, mode.settings("-Xmx1g"))) {
                    double[] early = nsVersusRaw(svc, master, ns, 10);
                    long end = System.nanoTime() + POLLING.toNanos();
                    while (System.nanoTime() < end) {
                        svc.get(nsReport(ns));
                    }
                    double[] warm = nsVersusRaw(svc, master, ns, 20);
                    double[] all = median(svc, "/api/v1/diagnoses", 10, 20);
                    double cpu = idleCpu(svc, true);
                    double quiet = idleCpu(svc, false);
                    long heap = svc.heapAfterGc();
                    rows.add(String.format(Locale.ROOT, "| %s | %.0f / %.0f ms = %.2f× (first minute %.2f×) | %.0f / %.0f ms | %.1f %% | %.1f %% | %d MiB |",
                            mode.name(), warm[0], warm[1], warm[0] / warm[1], early[0] / early[1], all[0], all[1], cpu, quiet, heap >> 20));
                    System.out.println(rows.get(rows.size() - 1));
                }
            }
        } finally {
            server.destroy();
        }
        System.out.println();
        System.out.printf("| %,d pods | warm ns report (%,d pods) vs raw list of its pods and events, after %d s of polling | warm all-ns report, median / p99 "
                + "| CPU, idle cluster, 1 report/s | CPU, idle cluster, no requests | heap after caching |%n", PODS, PODS / NAMESPACES,
                POLLING.toSeconds());
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
        // -Dbenchmark.memo.trim=false and -Dbenchmark.memo.big=0 skip the trimming and the 50,000-pod parts
        if (Boolean.parseBoolean(System.getProperty("benchmark.memo.trim", "true"))) {
            trimmed(now);
        }
        if (BIG > 0) {
            big(now);
        }
    }

    /** Heap per pod (with its events) after caching, with and without trimming, when objects carry managedFields. */
    private static void trimmed(Instant now) throws Exception {
        int pods = TRIM_PODS;
        SyntheticCluster cluster = new SyntheticCluster(pods, now, SyntheticCluster.NAMESPACES, true);
        System.out.printf("%n== trimming: %,d pods, %,d events, with managedFields%n", pods, cluster.events.size());
        KubernetesMockServer server = Benchmark.seededServer(cluster);
        List<String> rows = new ArrayList<>();
        try {
            String master = server.url("/").replaceAll("/$", "");
            for (boolean trim : new boolean[] {false, true}) {
                try (Benchmark.Service svc = Benchmark.Service.start(master, true, List.of("-Xmx2g", "-Dtriage.cluster.memo=false",
                        "-Dtriage.cluster.trim=" + trim))) {
                    long heap = svc.heapAfterGc();
                    rows.add(String.format(Locale.ROOT, "| %s | %d MiB | %,d bytes |", trim ? "trimmed" : "untrimmed", heap >> 20,
                            heap / pods));
                    System.out.println(rows.get(rows.size() - 1));
                }
            }
        } finally {
            server.destroy();
        }
        System.out.printf("%n| %,d pods and %,d events with managedFields | heap after caching (after GC) | per pod with its ~5 events |%n", pods,
                cluster.events.size());
        System.out.println("| --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    /** 50,000 pods and 250,000 events: cache fill from cold, heap, warm all-namespaces report. */
    private static void big(Instant now) throws Exception {
        SyntheticCluster cluster = new SyntheticCluster(BIG, now);
        System.out.printf("%n== memo: %,d pods, %,d events%n", BIG, cluster.events.size());
        KubernetesMockServer server = Benchmark.seededServer(cluster);
        List<String> rows = new ArrayList<>();
        try {
            String master = server.url("/").replaceAll("/$", "");
            System.out.printf(Locale.ROOT, "listing every pod and event from the mock API server in pages of %d, as an informer's first list does: %.1f s%n",
                    LIST_PAGE, pagedList(master) / 1e9);
            // -Dbenchmark.memo.bigBefore=false: the 50,000-pod part with the memo only (its "before" was never measured)
            for (Mode mode : Boolean.parseBoolean(System.getProperty("benchmark.memo.bigBefore", "true")) ? MODES : MODES.subList(1, 2)) {
                long t0 = System.nanoTime();
                try (Benchmark.Service svc = Benchmark.Service.start(master, true, mode.settings("-Xmx3g"))) {
                    double ready = (System.nanoTime() - t0) / 1e9;
                    String filled = "–";
                    if (mode.memo()) {
                        Matcher m = awaitLog(svc, FILLED, Duration.ofMinutes(5));
                        filled = String.format(Locale.ROOT, "%.1f s after ready (%,d pods in %,d ms)", (System.nanoTime() - t0) / 1e9 - ready,
                                Long.parseLong(m.group(1)), Long.parseLong(m.group(3)));
                    }
                    awaitAnswer(svc, "/api/v1/diagnoses", Duration.ofMinutes(5));
                    long heap = svc.heapAfterGc();
                    double[] all = median(svc, "/api/v1/diagnoses", 10, 20);
                    String answer = svc.get("/api/v1/diagnoses");
                    int listed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer).get("diagnoses").size();
                    rows.add(String.format(Locale.ROOT, "| %s | %.1f s | %s | %d MiB | %.0f / %.0f ms (%,d pods listed, %.1f MB) |", mode.name(),
                            ready, filled, heap >> 20, all[0], all[1], listed, answer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 1e6));
                    System.out.println(rows.get(rows.size() - 1));
                }
            }
        } finally {
            server.destroy();
        }
        System.out.println();
        System.out.printf("| %,d pods, %,d events | start to ready (caches filled) | memo filled | heap after caching | warm all-ns report (failing pods), median / p99 |%n",
                BIG, cluster.events.size());
        System.out.println("| --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    /** The page size of the service's informers ({@code ClusterCache.LIST_PAGE}). */
    private static final long LIST_PAGE = 500;

    /** Nanoseconds to list (and decode) every pod and event in pages: the floor of the caches' fill against this mock server. */
    private static long pagedList(String master) {
        try (io.fabric8.kubernetes.client.KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(master).withRequestTimeout(120_000).build()).build()) {
            long t = System.nanoTime();
            String next = null;
            do {
                next = client.pods().inAnyNamespace().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(LIST_PAGE)
                        .withContinue(next).build()).getMetadata().getContinue();
            } while (next != null && !next.isEmpty());
            do {
                next = client.v1().events().inAnyNamespace().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(LIST_PAGE)
                        .withContinue(next).build()).getMetadata().getContinue();
            } while (next != null && !next.isEmpty());
            return System.nanoTime() - t;
        }
    }

    private static String nsReport(String ns) {
        return "/api/v1/namespaces/" + ns + "/diagnoses";
    }

    /** Median of {@code n} namespace reports, and of {@code n} raw lists of the namespace's pods and events from the API server. */
    private static double[] nsVersusRaw(Benchmark.Service svc, String master, String ns, int n) throws Exception {
        List<Double> report = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            svc.get(nsReport(ns));
            report.add((System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            fetch(master + "/api/v1/namespaces/" + ns + "/pods");
            fetch(master + "/api/v1/namespaces/" + ns + "/events");
            raw.add((System.nanoTime() - t) / 1e6);
        }
        return new double[] {Benchmark.percentile(report, 50), Benchmark.percentile(raw, 50)};
    }

    private static void fetch(String url) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode());
        }
    }

    private static double[] median(Benchmark.Service svc, String path, int warmup, int repeats) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < warmup + repeats; i++) {
            long t = System.nanoTime();
            svc.get(path);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        List<Double> measured = ms.subList(warmup, ms.size());
        return new double[] {Benchmark.percentile(measured, 50), Benchmark.percentile(measured, 99)};
    }

    /**
     * Percent of one core the service uses while nothing changes, for {@link #IDLE}: with a client asking for the
     * all-namespaces report once a second, or with no request at all (the service's own periodic work).
     */
    private static double idleCpu(Benchmark.Service svc, boolean reports) throws Exception {
        Duration before = svc.cpu();
        long t0 = System.nanoTime();
        for (int i = 0; i < IDLE.toSeconds(); i++) {
            if (reports) {
                svc.get("/api/v1/diagnoses");
            }
            long next = t0 + (i + 1) * 1_000_000_000L;
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return 100.0 * svc.cpu().minus(before).toNanos() / 1e9 / wall;
    }

    /** Until the service answers 200: under load a watch may be interrupted after ready, and a re-list takes a while at this size. */
    private static void awaitAnswer(Benchmark.Service svc, String path, Duration atMost) throws Exception {
        long end = System.nanoTime() + atMost.toNanos();
        while (svc.status(path) != 200) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(path + " did not answer 200 within " + atMost);
            }
            Thread.sleep(1000);
        }
    }

    private static Matcher awaitLog(Benchmark.Service svc, Pattern p, Duration atMost) throws Exception {
        long end = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = p.matcher(Files.readString(svc.log()));
            if (m.find()) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no '" + p + "' in " + svc.log());
    }
}
