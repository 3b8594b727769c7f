package dev.podtriage.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The chart under k8s/helm/pod-triage rendered by Helm itself (helm-java runs Helm's Go code in-process). */
final class HelmChart {
    static final Path DIR = Path.of("k8s", "helm", "pod-triage");
    static final Path FULL_VALUES = DIR.resolve("ci").resolve("full-values.yaml");
    static final String RELEASE = "pod-triage";
    static final String NAMESPACE = "pod-triage";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SOURCE = Pattern.compile("^# Source: pod-triage/(templates/\\S+)$", Pattern.MULTILINE);

    /** One rendered document: the template it came from, its text, and the object. */
    record Doc(String template, String text, JsonNode object) {
        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.path("metadata").path("name").asText();
        }
    }

    private HelmChart() {
    }

    static String renderText(Path valuesFile) {
        TemplateCommand t = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            t = t.withValuesFile(valuesFile);
        }
        return t.call();
    }

    static List<Doc> render(Path valuesFile) {
        return split(renderText(valuesFile));
    }

    static List<Doc> split(String rendered) {
        List<Doc> docs = new ArrayList<>();
        for (String chunk : rendered.split("(?m)^---\\s*$")) {
            var m = SOURCE.matcher(chunk);
            if (!m.find()) {
                continue;
            }
            String text = chunk.substring(m.end()).strip() + "\n";
            try {
                JsonNode object = YAML.readTree(text);
                if (object != null && !object.isMissingNode() && !object.isNull()) {
                    docs.add(new Doc(m.group(1), text, object));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unparsable output of " + m.group(1) + ":\n" + text, e);
            }
        }
        return docs;
    }

    static List<Doc> ofKind(List<Doc> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.kind())).toList();
    }

    static Doc one(List<Doc> docs, String kind) {
        List<Doc> found = ofKind(docs, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }
}
