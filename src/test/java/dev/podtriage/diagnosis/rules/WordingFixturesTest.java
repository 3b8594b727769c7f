package dev.podtriage.diagnosis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.ReportFilter;
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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One fixture per wording of {@code shared/spec/wordings.md} (and per form users paste: complete
 * objects, partial pods, events only, workloads without pods) under {@code fixtures/wordings/}. The
 * object whose root cause is asserted carries the annotation {@value #EXPECT}:
 * {@code <rule-id>[/<container>]}. Adding a wording case is adding a file.
 */
class WordingFixturesTest {
    static final String EXPECT = "pod-triage.dev/expect";

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(WordingFixturesTest.class.getResource("/fixtures/wordings")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") || n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void rootCauseAsAnnotated(String file) {
        String path = "wordings/" + file;
        List<HasMetadata> objects = new ManifestReader().read(Fixtures.read(path), file.endsWith(".yaml"));
        HasMetadata expected = objects.stream().filter(o -> annotations(o).containsKey(EXPECT)).findFirst()
                .orElseThrow(() -> new AssertionError(file + ": no object carries the annotation " + EXPECT));
        String[] expect = annotations(expected).get(EXPECT).split("/", 2);
        String rule = expect[0];
        String container = expect.length > 1 ? expect[1] : null;
        assertTrue(file.startsWith(rule + "."), () -> file + ": the file name starts with the expected rule " + rule);
        WorkloadSource index = SnapshotAssembler.index(objects);
        Report report = Fixtures.ENGINE.report(SnapshotAssembler.assemble(index), Fixtures.AT, "offline", ReportFilter.everything())
                .withWorkloads(new WorkloadReports(Fixtures.ENGINE, index, "offline").reports(null, Fixtures.AT));
        List<Finding> findings;
        String what;
        if (expected instanceof Pod) {
            Diagnosis d = report.diagnoses().stream().filter(x -> x.pod().name().equals(expected.getMetadata().getName())).findFirst().orElseThrow();
            findings = d.findings();
            what = d.summary().markdown();
            assertFalse(d.healthy(), () -> file + ": healthy, " + Fixtures.rules(d));
        } else {
            WorkloadReport w = report.workloads().stream().filter(x -> x.workload().kind().equals(expected.getKind())
                    && x.workload().name().equals(expected.getMetadata().getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(file + ": the report lists no workload " + expected.getKind() + " "
                            + expected.getMetadata().getName() + "; it lists " + report.workloads()));
            findings = w.findings();
            what = w.summary().markdown();
        }
        assertFalse(findings.isEmpty(), () -> file + ": no finding");
        Finding root = findings.get(0);
        List<String> rules = findings.stream().map(Finding::rule).toList();
        assertEquals(rule, root.rule(), () -> file + ": root cause; all findings " + rules + "; " + what);
        assertEquals(container, root.container(), () -> file + ": container of the root cause; " + root.message());
        assertFalse(root.evidence().isEmpty(), () -> file + ": a finding quotes its evidence");
        assertFalse(root.fixes().isEmpty(), () -> file + ": a finding suggests fixes");
    }

    private static Map<String, String> annotations(HasMetadata o) {
        return o.getMetadata() == null || o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
    }
}
