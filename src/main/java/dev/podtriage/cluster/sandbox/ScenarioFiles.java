package dev.podtriage.cluster.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sandbox's scenarios: every {@code *.yaml} under {@code sandbox/} on the classpath, in the
 * form {@code kubectl get -o yaml} prints (see {@code src/main/resources/sandbox/README.md}).
 * Relative times are resolved against the instant given ({@link RelativeTime}); a pod's annotation
 * {@value #PREVIOUS_LOG}{@code <container>} holds what {@code kubectl logs --previous} would print
 * and is taken off the pod. Objects without a resourceVersion get one, as the API server gives them.
 */
public final class ScenarioFiles {
    static final String DIR = "sandbox";
    static final String PREVIOUS_LOG = "sandbox.pod-triage.dev/previous-log.";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ScenarioFiles() {
    }

    /** All scenarios, by file name, with their times relative to {@code now}. */
    public static List<Scenario> load(Instant now) {
        RelativeTime time = new RelativeTime(now);
        long[] resourceVersion = {48_213_000L};
        List<Scenario> out = new ArrayList<>();
        for (String name : fileNames()) {
            String text = read(DIR + "/" + name);
            List<HasMetadata> objects = new ArrayList<>();
            Map<String, String> logs = new LinkedHashMap<>();
            for (JsonNode document : documents(name, text)) {
                time.resolve(document);
                HasMetadata o = Serialization.unmarshal(document.toString(), HasMetadata.class);
                takePreviousLogs(o, logs);
                if (o.getMetadata().getResourceVersion() == null) {
                    resourceVersion[0] += 17;
                    o.getMetadata().setResourceVersion(Long.toString(resourceVersion[0]));
                }
                objects.add(o);
            }
            String comment = text.startsWith("#") ? text.lines().findFirst().orElseThrow().substring(1).trim() : "";
            out.add(new Scenario(name, comment, List.copyOf(objects), Collections.unmodifiableMap(logs)));
        }
        return out;
    }

    /** The objects of all scenarios. */
    public static List<HasMetadata> objects(List<Scenario> scenarios) {
        return scenarios.stream().flatMap(s -> s.objects().stream()).toList();
    }

    /** The previous log tails of all scenarios, keyed {@code namespace/pod/container}. */
    public static Map<String, String> previousLogs(List<Scenario> scenarios) {
        Map<String, String> logs = new HashMap<>();
        scenarios.forEach(s -> logs.putAll(s.previousLogs()));
        return logs;
    }

    private static void takePreviousLogs(HasMetadata o, Map<String, String> logs) {
        Map<String, String> annotations = o.getMetadata().getAnnotations();
        if (annotations == null) {
            return;
        }
        String pod = o.getMetadata().getNamespace() + "/" + o.getMetadata().getName() + "/";
        annotations.entrySet().removeIf(a -> {
            boolean log = a.getKey().startsWith(PREVIOUS_LOG);
            if (log) {
                logs.put(pod + a.getKey().substring(PREVIOUS_LOG.length()), a.getValue());
            }
            return log;
        });
    }

    private static List<JsonNode> documents(String name, String text) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
            return docs.readAll().stream().filter(d -> d != null && !d.isNull() && !d.isMissingNode()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("sandbox scenario " + name + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** The YAML files of the directory, sorted: from the file system (tests, dev mode) or from a jar (the packaged app). */
    static List<String> fileNames() {
        URL dir = ScenarioFiles.class.getClassLoader().getResource(DIR);
        if (dir == null) {
            throw new IllegalStateException("no " + DIR + "/ directory on the classpath");
        }
        try {
            Stream<String> names;
            if ("jar".equals(dir.getProtocol())) {
                var jar = ((JarURLConnection) dir.openConnection()).getJarFile();
                names = jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(DIR + "/") && n.indexOf('/', DIR.length() + 1) < 0)
                        .map(n -> n.substring(DIR.length() + 1));
            } else {
                try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                    names = files.map(p -> p.getFileName().toString()).toList().stream();
                }
            }
            return names.filter(n -> n.endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = ScenarioFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
