package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.diagnosis.input.WorkloadReports;
import dev.podtriage.diagnosis.input.WorkloadSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How many fixtures each rule has, per form users paste: {@code complete} (pod with its status), {@code partial}
 * (a pod skeleton without container statuses or conditions), {@code events} (events, no pod), {@code workload}
 * (workloads without pods). A fixture counts for the root cause of its first failing pod or workload, else its first finding (lint) (for
 * {@code fixtures/wordings/}, its annotated expectation, whose file name also gives the form). Prints the table
 * (issue 15 asks for it) and checks that every rule of the catalog has a fixture.
 */
class FixtureCensusTest {
    private static final List<String> FORMS = List.of("complete", "partial", "events", "workload");

    record Entry(String file, String rule, String form) {
    }

    @Test
    void everyRuleHasAFixtureAndTheCountsArePrinted() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(FixtureCensusTest.class.getResource("/fixtures")).toURI());
        List<Entry> entries;
        try (Stream<Path> files = Files.walk(root)) {
            entries = files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".yaml"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted()
                    .map(FixtureCensusTest::entry).flatMap(Optional::stream).toList();
        }
        Map<String, Map<String, Integer>> table = new TreeMap<>();
        for (Entry e : entries) {
            table.computeIfAbsent(e.rule(), r -> new TreeMap<>()).merge(e.form(), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder(String.format("%-38s %8s %8s %8s %8s %6s%n", "rule", "complete", "partial", "events", "workload", "all"));
        int[] totals = new int[FORMS.size()];
        for (Map.Entry<String, Map<String, Integer>> row : table.entrySet()) {
            out.append(String.format("%-38s", row.getKey()));
            int all = 0;
            for (int i = 0; i < FORMS.size(); i++) {
                int n = row.getValue().getOrDefault(FORMS.get(i), 0);
                totals[i] += n;
                all += n;
                out.append(String.format(" %8d", n));
            }
            out.append(String.format(" %6d%n", all));
        }
        out.append(String.format("%-38s %8d %8d %8d %8d %6d%n", "all", totals[0], totals[1], totals[2], totals[3], entries.size()));
        System.out.print(out);
        List<String> without = StandardRules.catalog().rules().stream().map(RuleDefinition::id).filter(id -> !table.containsKey(id)).toList();
        assertEquals(List.of(), without, "rules without any fixture");
        assertTrue(entries.size() >= 250, "issue 15 asks for 250 fixtures or more: " + entries.size());
    }

    /** The fixture's rule and form; empty for a fixture of healthy pods only. */
    private static Optional<Entry> entry(String path) {
        List<HasMetadata> objects = new ManifestReader().read(Fixtures.read(path), path.endsWith(".yaml"));
        String file = path.substring(path.lastIndexOf('/') + 1);
        if (path.startsWith("wordings/")) {
            String[] parts = file.split("\\.");
            return Optional.of(new Entry(path, parts[0], parts[parts.length - 2]));
        }
        WorkloadSource index = SnapshotAssembler.index(objects);
        Report report = Fixtures.ENGINE.report(SnapshotAssembler.assemble(index), Fixtures.AT, "offline", ReportFilter.everything())
                .withWorkloads(new WorkloadReports(Fixtures.ENGINE, index, "offline").reports(null, Fixtures.AT));
        Optional<String> rule = report.diagnoses().stream().filter(d -> !d.healthy()).map(Diagnosis::findings).map(f -> f.get(0).rule())
                .findFirst()
                .or(() -> report.diagnoses().stream().map(Diagnosis::findings).filter(f -> !f.isEmpty()).map(f -> f.get(0).rule()).findFirst())
                .or(() -> report.workloads().stream().map(WorkloadReport::findings).filter(f -> !f.isEmpty()).map(f -> f.get(0))
                        .map(Finding::rule).findFirst());
        return rule.map(r -> new Entry(path, r, form(objects)));
    }

    private static String form(List<HasMetadata> objects) {
        List<Pod> pods = objects.stream().filter(Pod.class::isInstance).map(Pod.class::cast).toList();
        if (pods.isEmpty()) {
            return objects.stream().allMatch(o -> "Event".equals(o.getKind())) ? "events" : "workload";
        }
        boolean complete = pods.stream().anyMatch(p -> p.getStatus() != null
                && (!p.getStatus().getContainerStatuses().isEmpty() || !p.getStatus().getConditions().isEmpty()));
        return complete ? "complete" : "partial";
    }
}
