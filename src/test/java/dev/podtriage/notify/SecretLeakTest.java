package dev.podtriage.notify;

import dev.podtriage.diagnosis.rules.StandardRules;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.podtriage.notify.Notification.Kind;
import dev.podtriage.notify.NotifyConfig.SinkType;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Plant;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.SecretForm;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.incidents.Grouping;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.incidents.IncidentTracker;
import dev.podtriage.incidents.IncidentView;
import dev.podtriage.render.AdaptiveCardRenderer;
import dev.podtriage.render.MarkdownRenderer;
import dev.podtriage.render.MattermostRenderer;
import dev.podtriage.render.Message;
import dev.podtriage.render.MessageBuilder;
import dev.podtriage.render.SlackBlockKitRenderer;
import dev.podtriage.render.TextRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8.3/8.4: one secret of every form of {@link SecretForm}, planted in every field the engine
 * quotes (container command and args, probe and hook exec commands, termination and waiting
 * messages, pod and condition messages, event messages, scheduler messages, workload events,
 * previous logs), survives in no output: the JSON of Diagnosis, Report and WorkloadReport,
 * Markdown, text, Slack Block Kit, Mattermost, Teams Adaptive Card, and every notification payload
 * (Slack, Teams, webhook, PagerDuty; opened, grew and resolved, for every incident the fixtures make).
 */
class SecretLeakTest {
    /** Pods whose diagnoses quote each kind of field: commands, probe and hook commands, logs, scheduler and kubelet messages. */
    private static final List<String> POD_FIXTURES = List.of("containers/crash-loop-exit1.json", "containers/liveness-exec-crio.json",
            "containers/startup-probe-exec-timeout-crio.json", "containers/poststart-hook-failed.json", "containers/init-stuck-nc.json",
            "containers/command-not-found-containerd.json", "containers/oom-crashloop.json", "containers/terminated-error-job.json",
            "scheduling/insufficient-cpu-mixed.json", "scheduling/taint-dedicated.json", "image/not-found-containerd.json",
            "lifecycle/evicted-memory.json");
    private static final List<String> WORKLOAD_FIXTURES = List.of("workload/quota-exceeded.json", "workload/webhook-denied-job.json",
            "workload/job-backoff-limit.json");
    private static final DiagnosisEngine ENGINE = StandardRules.engine();
    private static final SinkSettings SINK = new SinkSettings("ops", SinkType.WEBHOOK, URI.create("http://127.0.0.1:9/ops"), null, Map.of(),
            SinkFilter.all(Severity.INFO), Duration.ZERO, Duration.ZERO, true);
    private final Payloads payloads = new Payloads(Harness.MAPPER);

    /** One canary per kind of field: each must reach some output, or a leak there would go unseen. */
    @Test
    void everyQuotedFieldReachesAnOutput() {
        List<String> outputs = new ArrayList<>();
        for (String field : Plant.FIELDS) {
            outputs.addAll(outputs(f -> f.equals(field) ? canary(field) : ""));
        }
        String all = String.join("\n", outputs);
        for (String field : Plant.FIELDS) {
            assertTrue(all.contains(canary(field)), "no output quotes the planted " + field + ": a leak there would go unseen");
        }
    }

    @Test
    void noPlantedSecretSurvivesInAnyOutput() {
        List<String> leaks = new ArrayList<>();
        for (SecretForm form : SecretForm.values()) {
            for (SecretForm.Example example : form.examples()) {
                for (String out : outputs(f -> example.text())) {
                    String plain = out.replace("\\", "");
                    for (String piece : pieces(example.secret())) {
                        if (plain.contains(piece)) {
                            leaks.add(form + " " + piece + " in:\n" + excerpt(plain, piece));
                            break;
                        }
                    }
                }
            }
        }
        assertTrue(leaks.isEmpty(), leaks.size() + " leaks, e.g.:\n" + String.join("\n---\n", leaks.stream().limit(8).toList()));
    }

    /** The secret and each of its words (a multi-word password leaks word by word, too). */
    private static List<String> pieces(String secret) {
        return Stream.concat(Stream.of(secret), Stream.of(secret.split("\\s+")).filter(w -> w.length() >= 8)).distinct().toList();
    }

    private static String canary(String field) {
        return "canary" + field.substring(0, 1).toUpperCase() + field.substring(1) + "Q7";
    }

    /** Every output for every fixture, with {@code plant(field)} appended to each quoted field. */
    private List<String> outputs(Function<String, String> plant) {
        List<String> out = new ArrayList<>();
        List<Diagnosis> diagnoses = new ArrayList<>();
        for (String path : POD_FIXTURES) {
            Diagnosis d = ENGINE.diagnose(Plant.pod(path, plant), Fixtures.AT, "offline");
            diagnoses.add(d);
            out.add(json(d));
            out.addAll(renderings(new MessageBuilder().diagnosis(d)));
        }
        out.add(json(DiagnosisEngine.summarize(diagnoses, Fixtures.AT, "offline", ReportFilter.everything())));
        out.addAll(renderings(new MessageBuilder().report(DiagnosisEngine.summarize(diagnoses, Fixtures.AT, "offline", ReportFilter.everything()))));
        List<WorkloadReport> reports = new ArrayList<>();
        for (String path : WORKLOAD_FIXTURES) {
            List<HasMetadata> items = Plant.workloadItems(path, plant);
            HasMetadata workload = Plant.workload(items);
            List<Finding> findings = ENGINE.diagnoseWorkload(workload, Plant.events(items), Fixtures.AT);
            WorkloadReport report = WorkloadReport.of("offline", workload, findings, List.of(), Fixtures.AT);
            out.add(json(report));
            out.addAll(renderings(new MessageBuilder().workload(report)));
            reports.add(report);
        }
        out.addAll(notifications(diagnoses, reports));
        return out;
    }

    private static List<String> renderings(Message m) {
        return List.of(new MarkdownRenderer().render(m), new TextRenderer().render(m), new SlackBlockKitRenderer().render(m).toString(),
                new SlackBlockKitRenderer().fallback(m), new MattermostRenderer().render(m, true).toString(),
                new AdaptiveCardRenderer().render(m).toString());
    }

    /** Every message of every incident the pods and workloads make, for every sink type. */
    private List<String> notifications(List<Diagnosis> pods, List<WorkloadReport> workloads) {
        IncidentTracker tracker = new IncidentTracker(100, Duration.ofHours(1));
        List<Incident> incidents = tracker.update(Grouping.group(pods, workloads), Fixtures.AT)
                .events(new IncidentView(ENGINE.catalog()), Fixtures.AT).stream().map(IncidentChange::incident).toList();
        List<String> out = new ArrayList<>();
        for (SinkType type : SinkType.values()) {
            SinkSettings sink = new SinkSettings(SINK.name(), type, SINK.url(), "R0UT1NGKEY", Map.of(), SINK.filter(), SINK.delay(),
                    SINK.cooldown(), true);
            for (Incident i : incidents) {
                for (Kind kind : Kind.values()) {
                    out.add(new String(payloads.body(new Notification(sink, kind, 10, i, Fixtures.AT)), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static String json(Object o) {
        try {
            return Harness.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String excerpt(String text, String piece) {
        int i = text.indexOf(piece);
        return text.substring(Math.max(0, i - 160), Math.min(text.length(), i + piece.length() + 40));
    }
}
