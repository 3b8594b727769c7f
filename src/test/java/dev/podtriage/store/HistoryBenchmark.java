package dev.podtriage.store;

import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.stream.DiagnosisChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The history store under churn (README "History", Performance): 1,000 pods changing findings, ten
 * rounds, recorded as the memo would fire the changes; prints the rows written per second (what the
 * churn of 1,000 pods a minute needs, and what the store can take), the cost on the event's thread, and
 * a report's latency with the store idle and with its writer busy the whole time.
 * Run: {@code ./mvnw -B -q test-compile exec:java@history-benchmark}.
 */
public final class HistoryBenchmark {
    private static final int PODS = 1000;
    private static final int ROUNDS = 10;

    private HistoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("history-bench");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("history"));
        org.flywaydb.core.Flyway.configure().dataSource(h2).locations("classpath:db/history").load().migrate();
        List<PodSnapshot> pods = reportPods();
        System.out.printf("report over %d pods (pure engine), store idle: median %.1f ms%n", pods.size(), reportMillis(pods));
        run("H2 (file)", h2, pods);
        run("PostgreSQL 17 (zonky, loopback)", Databases.postgres(), pods);
        System.exit(0);
    }

    private static void run(String name, DataSource db, List<PodSnapshot> pods) throws Exception {
        HistoryStore store = new HistoryStore(db, Databases.json());
        try (StoreWriter writer = new StoreWriter(store, () -> true, 500, 1_000_000)) {
            Recorder recorder = new Recorder(writer, store.openEpisodes());
            List<DiagnosisChange> changes = churn();
            long[] eventNanos = new long[changes.size()];
            long start = System.nanoTime();
            for (int i = 0; i < changes.size(); i++) {
                long t = System.nanoTime();
                recorder.record(changes.get(i));
                eventNanos[i] = System.nanoTime() - t;
            }
            long queued = System.nanoTime();
            writer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(eventNanos);
            double needed = writer.written() / (double) ROUNDS / 60.0;
            System.out.printf("%s: %d changes of %d pods -> %d rows written in %.2f s = %.0f rows/s (the churn of %d pods a minute needs %.0f rows/s); "
                            + "on the event thread %.1f µs median, %.1f µs p99 per change (queued all in %.0f ms); dropped %d%n",
                    name, changes.size(), PODS, writer.written(), seconds, writer.written() / seconds, PODS, needed,
                    eventNanos[eventNanos.length / 2] / 1e3, eventNanos[(int) (eventNanos.length * 0.99)] / 1e3, (queued - start) / 1e6,
                    writer.dropped());

            // a report while the writer is busy the whole time (the worst case: far more than 1,000 changes a minute)
            AtomicBoolean busy = new AtomicBoolean(true);
            Thread churner = new Thread(() -> {
                int round = 0;
                while (busy.get()) {
                    for (DiagnosisChange c : churn(round++)) {
                        recorder.record(c);
                    }
                    writer.flush();
                }
            });
            churner.start();
            double loaded = reportMillis(pods);
            busy.set(false);
            churner.join();
            System.out.printf("%s: report over %d pods while the writer is busy: median %.1f ms%n", name, pods.size(), loaded);
        }
    }

    /** ROUNDS rounds; in each, every pod changes: failing (one or two findings) or recovered, in turn. */
    private static List<DiagnosisChange> churn() {
        List<DiagnosisChange> all = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            all.addAll(churn(round));
        }
        return all;
    }

    private static final List<Changes> PODS_CHANGES = new ArrayList<>();

    private static List<DiagnosisChange> churn(int round) {
        if (PODS_CHANGES.isEmpty()) {
            for (int p = 0; p < PODS; p++) {
                PODS_CHANGES.add(new Changes("pod-" + p, "uid-" + p));
            }
        }
        List<DiagnosisChange> changes = new ArrayList<>();
        for (int p = 0; p < PODS; p++) {
            Finding[] findings = switch ((round + p) % 3) {
                case 0 -> new Finding[] {Changes.oom("app")};
                case 1 -> new Finding[] {Changes.oom("app"), Changes.crashLoop("sidecar")};
                default -> new Finding[0];
            };
            changes.add(PODS_CHANGES.get(p).now(Changes.T0.plusSeconds(60L * round + p % 60), findings));
        }
        return changes;
    }

    private static List<PodSnapshot> reportPods() {
        List<PodSnapshot> one = new ArrayList<>();
        for (String f : List.of("containers/crash-loop-exit1.json", "image/rate-limited-containerd.json", "healthy/job-succeeded.json")) {
            one.addAll(Fixtures.snapshots(f));
        }
        List<PodSnapshot> pods = new ArrayList<>();
        while (pods.size() < PODS) {
            pods.addAll(one);
        }
        return pods.subList(0, PODS);
    }

    private static double reportMillis(List<PodSnapshot> pods) {
        DiagnosisEngine engine = Fixtures.ENGINE;
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long t = System.nanoTime();
            engine.report(pods, Fixtures.AT, "bench", ReportFilter.of(null, false));
            ms.add((System.nanoTime() - t) / 1e6);
        }
        List<Double> warm = new ArrayList<>(ms.subList(10, ms.size()));
        warm.sort(Double::compare);
        return warm.get(warm.size() / 2);
    }
}
