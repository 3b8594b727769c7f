package dev.podtriage.chatops.notify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.podtriage.chatops.notify.Notification.Kind;
import dev.podtriage.chatops.notify.NotifyConfig.SinkType;
import dev.podtriage.cluster.WorkloadReport;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.SecretForm;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.render.AdaptiveCardRenderer;
import dev.podtriage.render.MarkdownRenderer;
import dev.podtriage.render.MattermostRenderer;
import dev.podtriage.render.Message;
import dev.podtriage.render.MessageBuilder;
import dev.podtriage.render.SlackBlockKitRenderer;
import dev.podtriage.render.TextRenderer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * (Slack, Teams, webhook; firing and resolved).
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
    /** One canary per kind of field: each must reach some output, or the test would not test that field. */
    private static final List<String> FIELDS = List.of("command", "args", "probe", "hook", "termination", "waiting", "podmessage",
            "event", "log", "workloadevent");
    private static final DiagnosisEngine ENGINE = DiagnosisEngine.standard();
    private static final SinkSettings SINK = new SinkSettings("ops", SinkType.WEBHOOK, URI.create("http://127.0.0.1:9/ops"), Map.of(),
            SinkFilter.all(Severity.INFO), Duration.ZERO, Duration.ZERO, true);
    /** Parsed once (the manifest reader is the slow part); each run plants in deep copies. */
    private static final Map<String, PodSnapshot> PODS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, List<HasMetadata>> ITEMS = new java.util.concurrent.ConcurrentHashMap<>();
    private final Payloads payloads = new Payloads(Harness.MAPPER);

    private static PodSnapshot copy(PodSnapshot s) {
        return new PodSnapshot(copy(s.pod()), s.events().stream().map(SecretLeakTest::copy).toList(), s.node(),
                s.owner() == null ? null : copy(s.owner()), s.ownerEvents().stream().map(SecretLeakTest::copy).toList(), Map.of());
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T copy(T o) {
        try {
            return (T) Harness.MAPPER.readValue(Harness.MAPPER.writeValueAsString(o), o.getClass());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyQuotedFieldReachesAnOutput() {
        List<String> outputs = new ArrayList<>();
        for (String field : FIELDS) {
            outputs.addAll(outputs(f -> f.equals(field) ? canary(field) : ""));
        }
        String all = String.join("\n", outputs);
        for (String field : FIELDS) {
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
            PodSnapshot s = copy(PODS.computeIfAbsent(path, p -> Fixtures.snapshots(p).get(0)));
            plantInPod(s.pod(), plant);
            Stream.concat(s.events().stream(), s.ownerEvents().stream()).forEach(e -> e.setMessage(append(e.getMessage(), plant.apply("event"))));
            Map<String, String> logs = new LinkedHashMap<>();
            containers(s.pod()).forEach(c -> logs.put(c.getName(), "starting\n" + plant.apply("log")));
            Diagnosis d = ENGINE.diagnose(s.withPreviousLogs(logs), Fixtures.AT, "offline");
            diagnoses.add(d);
            out.add(json(d));
            out.addAll(renderings(new MessageBuilder().diagnosis(d)));
            out.addAll(notifications(Subject.pod(d.pod().namespace(), d.pod().name()), new Observation(
                    Subject.pod(d.pod().namespace(), d.pod().name()), d.findings(), d, null), d.findings()));
        }
        out.add(json(DiagnosisEngine.summarize(diagnoses, Fixtures.AT, "offline", ReportFilter.everything())));
        out.addAll(renderings(new MessageBuilder().report(DiagnosisEngine.summarize(diagnoses, Fixtures.AT, "offline", ReportFilter.everything()))));
        for (String path : WORKLOAD_FIXTURES) {
            List<HasMetadata> items = ITEMS.computeIfAbsent(path, p -> new ManifestReader().read(Fixtures.read(p), false)).stream()
                    .map(SecretLeakTest::copy).toList();
            HasMetadata workload = items.stream().filter(o -> !(o instanceof Event) && !(o instanceof Pod)).findFirst().orElseThrow();
            List<Event> events = items.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
            events.forEach(e -> e.setMessage(append(e.getMessage(), plant.apply("workloadevent"))));
            List<Finding> findings = ENGINE.diagnoseWorkload(workload, events, Fixtures.AT);
            WorkloadReport report = WorkloadReport.of("offline", workload, findings, List.of(), Fixtures.AT);
            out.add(json(report));
            out.addAll(renderings(new MessageBuilder().workload(report)));
            Subject subject = new Subject(workload.getKind(), workload.getMetadata().getNamespace(), workload.getMetadata().getName(),
                    workload.getMetadata().getUid());
            out.addAll(notifications(subject, new Observation(subject, findings, null, report), findings));
        }
        return out;
    }

    private static List<String> renderings(Message m) {
        return List.of(new MarkdownRenderer().render(m), new TextRenderer().render(m), new SlackBlockKitRenderer().render(m).toString(),
                new SlackBlockKitRenderer().fallback(m), new MattermostRenderer().render(m, true).toString(),
                new AdaptiveCardRenderer().render(m).toString());
    }

    private List<String> notifications(Subject subject, Observation o, List<Finding> findings) {
        List<String> rules = findings.stream().map(Finding::rule).distinct().toList();
        List<String> out = new ArrayList<>();
        for (SinkType type : SinkType.values()) {
            SinkSettings sink = new SinkSettings(SINK.name(), type, SINK.url(), Map.of(), SINK.filter(), SINK.delay(), SINK.cooldown(), true);
            for (Kind kind : Kind.values()) {
                Notification n = new Notification(sink, kind, subject, rules.isEmpty() ? List.of("none") : rules, o,
                        Fixtures.AT.minusSeconds(600), Fixtures.AT, kind == Kind.RESOLVED ? Notification.RECOVERED : null);
                out.add(new String(payloads.body(n), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void plantInPod(Pod pod, Function<String, String> plant) {
        for (Container c : containers(pod)) {
            c.setCommand(appendTo(c.getCommand(), plant.apply("command")));
            c.setArgs(appendTo(c.getArgs(), plant.apply("args")));
            for (Probe p : Stream.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()).filter(p -> p != null).toList()) {
                if (p.getExec() != null) {
                    p.getExec().setCommand(appendTo(p.getExec().getCommand(), plant.apply("probe")));
                }
            }
            if (c.getLifecycle() != null) {
                for (LifecycleHandler h : Stream.of(c.getLifecycle().getPostStart(), c.getLifecycle().getPreStop()).filter(h -> h != null).toList()) {
                    if (h.getExec() != null) {
                        h.getExec().setCommand(appendTo(h.getExec().getCommand(), plant.apply("hook")));
                    }
                }
            }
        }
        if (pod.getStatus() == null) {
            return;
        }
        pod.getStatus().setMessage(append(pod.getStatus().getMessage(), plant.apply("podmessage")));
        if (pod.getStatus().getConditions() != null) {
            pod.getStatus().getConditions().forEach(c -> c.setMessage(append(c.getMessage(), plant.apply("podmessage"))));
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        Stream.of(pod.getStatus().getInitContainerStatuses(), pod.getStatus().getContainerStatuses())
                .filter(l -> l != null).forEach(statuses::addAll);
        for (ContainerStatus st : statuses) {
            for (ContainerState state : Stream.of(st.getState(), st.getLastState()).filter(x -> x != null).toList()) {
                if (state.getTerminated() != null) {
                    String planted = plant.apply("termination");
                    String m = state.getTerminated().getMessage();
                    state.getTerminated().setMessage(planted.isEmpty() ? m : m == null ? planted : planted + "\n" + m);
                }
                if (state.getWaiting() != null) {
                    state.getWaiting().setMessage(append(state.getWaiting().getMessage(), plant.apply("waiting")));
                }
            }
        }
    }

    private static List<Container> containers(Pod pod) {
        List<Container> all = new ArrayList<>();
        Stream.of(pod.getSpec().getInitContainers(), pod.getSpec().getContainers()).filter(l -> l != null).forEach(all::addAll);
        return all;
    }

    private static List<String> appendTo(List<String> words, String planted) {
        if (planted.isEmpty()) {
            return words;
        }
        List<String> out = new ArrayList<>(words == null ? List.of() : words);
        out.add(planted);
        return out;
    }

    private static String append(String text, String planted) {
        return planted.isEmpty() ? text : text == null || text.isEmpty() ? planted : text + " " + planted;
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
