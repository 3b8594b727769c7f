package dev.podtriage.diagnosis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.diagnosis.input.ManifestReader;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Plants text in every field of a fixture that the engine quotes: container command and args,
 * probe and lifecycle-hook exec commands, termination and waiting messages, pod and condition
 * messages, event messages (the pod's, the scheduler's, the owner's) and previous logs. Works on
 * deep copies of fixtures parsed once. Used by the secret leak test, the 1 MB text test and the
 * benchmark.
 */
public final class Plant {
    /** The kinds of quoted field: {@code plant} is asked for the text to append to each. */
    public static final List<String> FIELDS = List.of("command", "args", "probe", "hook", "termination", "waiting", "podmessage",
            "event", "log", "workloadevent");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, PodSnapshot> PODS = new ConcurrentHashMap<>();
    private static final Map<String, List<HasMetadata>> ITEMS = new ConcurrentHashMap<>();

    private Plant() {
    }

    /** The fixture's first pod, with {@code plant.apply(field)} appended to every quoted field ("" leaves it alone). */
    public static PodSnapshot pod(String fixture, Function<String, String> plant) {
        PodSnapshot original = PODS.computeIfAbsent(fixture, p -> Fixtures.snapshots(p).get(0));
        Pod pod = copy(original.pod());
        List<Event> events = original.events().stream().map(Plant::copy).toList();
        List<Event> ownerEvents = original.ownerEvents().stream().map(Plant::copy).toList();
        inPod(pod, plant);
        Stream.concat(events.stream(), ownerEvents.stream()).forEach(e -> e.setMessage(append(e.getMessage(), plant.apply("event"))));
        Map<String, String> logs = new LinkedHashMap<>();
        String log = plant.apply("log");
        if (!log.isEmpty()) {
            containers(pod).forEach(c -> logs.put(c.getName(), "starting\n" + log));
        }
        return new PodSnapshot(pod, events, original.node(), original.owner() == null ? null : copy(original.owner()), ownerEvents, logs);
    }

    /** The fixture's objects (a workload, its events), with {@code plant.apply("workloadevent")} appended to every event message. */
    public static List<HasMetadata> workloadItems(String fixture, Function<String, String> plant) {
        List<HasMetadata> items = ITEMS.computeIfAbsent(fixture, p -> new ManifestReader().read(Fixtures.read(p), false)).stream()
                .map(Plant::copy).toList();
        items.stream().filter(Event.class::isInstance).map(Event.class::cast)
                .forEach(e -> e.setMessage(append(e.getMessage(), plant.apply("workloadevent"))));
        return items;
    }

    public static HasMetadata workload(List<HasMetadata> items) {
        return items.stream().filter(o -> !(o instanceof Event) && !(o instanceof Pod)).findFirst().orElseThrow();
    }

    public static List<Event> events(List<HasMetadata> items) {
        return items.stream().filter(Event.class::isInstance).map(Event.class::cast).toList();
    }

    private static void inPod(Pod pod, Function<String, String> plant) {
        for (Container c : containers(pod)) {
            c.setCommand(appendTo(c.getCommand(), plant.apply("command")));
            c.setArgs(appendTo(c.getArgs(), plant.apply("args")));
            Stream.of(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()).filter(Objects::nonNull).map(Probe::getExec)
                    .filter(Objects::nonNull).forEach(x -> x.setCommand(appendTo(x.getCommand(), plant.apply("probe"))));
            if (c.getLifecycle() != null) {
                Stream.of(c.getLifecycle().getPostStart(), c.getLifecycle().getPreStop()).filter(Objects::nonNull).map(LifecycleHandler::getExec)
                        .filter(Objects::nonNull).forEach(x -> x.setCommand(appendTo(x.getCommand(), plant.apply("hook"))));
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
        Stream.of(pod.getStatus().getInitContainerStatuses(), pod.getStatus().getContainerStatuses()).filter(Objects::nonNull)
                .forEach(statuses::addAll);
        for (ContainerStatus st : statuses) {
            for (ContainerState state : Stream.of(st.getState(), st.getLastState()).filter(Objects::nonNull).toList()) {
                if (state.getTerminated() != null) {
                    // in front: a termination message is quoted from its start
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
        Stream.of(pod.getSpec().getInitContainers(), pod.getSpec().getContainers()).filter(Objects::nonNull).forEach(all::addAll);
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

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T copy(T o) {
        try {
            return (T) MAPPER.readValue(MAPPER.writeValueAsString(o), o.getClass());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
