package dev.podtriage.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * What annotations cannot say well, added to the generated document ({@code mp.openapi.filter}):
 * one true example per error status (the problems the service answers, recorded from the sandbox in
 * {@code openapi-examples/problems.json}), the 401 of every operation behind the bearer token and the
 * 406 of every operation that negotiates, real Diagnosis/Report/WorkloadReport examples (recorded
 * from the sandbox) and the body of {@code POST /api/v1/diagnose} typed as the object it is.
 */
public class OpenApiDocument implements OASFilter {
    static final String PROBLEM = "application/problem+json";
    private static final String EXAMPLES = "/openapi-examples/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String GENERATED_INSTANT = "2022-03-10T16:15:50";
    private static final String INSTANT = "2026-11-27T10:00:00Z";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Object> problems = read("problems.json");
        Map<String, Object> answers = read("answers.json");
        openAPI.setServers(List.of(OASFactory.createServer().url("/")
                .description("This pod-triage: the host that serves this document (the sandbox run of README, Set up, at localhost:8080)")));
        openAPI.getComponents().addSchema("KubernetesInput", input());
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            APIResponses responses = operation.getResponses();
            boolean bearer = !path.contains("/chatops/");
            if (bearer && !responses.hasAPIResponse("401")) {
                responses.addAPIResponse("401", problemResponse("No API token, or not a configured one (`triage.auth.tokens.NAME`)"));
            }
            if (negotiates(operation) && !responses.hasAPIResponse("406")) {
                responses.addAPIResponse("406", problemResponse("The `Accept` header asks for a media type this operation cannot produce; "
                        + "the detail lists those it can"));
            }
            responses.getAPIResponses().forEach((status, response) -> {
                MediaType problem = response.getContent() == null ? null : response.getContent().getMediaType(PROBLEM);
                if (problem != null && problems.containsKey(status)) {
                    problem.setExamples(Map.of("problem", example("The answer with status " + status, problems.get(status))));
                }
            });
            example(answers, responses.getAPIResponse("200"), kind(path));
            if (path.endsWith("/diagnose") && operation.getRequestBody() != null) {
                operation.getRequestBody().getContent().getMediaTypes().values()
                        .forEach(m -> m.setSchema(OASFactory.createSchema().ref("#/components/schemas/KubernetesInput")));
                yamlExamplesAsObjects(operation.getRequestBody().getContent().getMediaType("application/yaml"));
            }
        }));
    }

    /** The answer kind of this path: diagnosis, workload or report (none for the rest, a workload's history and rollout among them). */
    private static String kind(String path) {
        if (path.endsWith("/diagnosis")) {
            return path.contains("/workloads/") ? "workload" : "diagnosis";
        }
        return path.endsWith("/diagnoses") || path.endsWith("/diagnose") ? "report" : "";
    }

    /** The generator's own example of an instant (a 2022 date) becomes one of the service's. */
    @Override
    public Schema filterSchema(Schema schema) {
        if (schema.getExamples() != null && schema.getExamples().stream().anyMatch(e -> String.valueOf(e).startsWith(GENERATED_INSTANT))) {
            schema.setExamples(List.of(INSTANT));
        }
        return schema;
    }

    /** A YAML body's example is the object the YAML text stands for (the schema says object). */
    private static void yamlExamplesAsObjects(MediaType yaml) {
        if (yaml == null || yaml.getExamples() == null) {
            return;
        }
        yaml.getExamples().values().forEach(e -> {
            if (e.getValue() instanceof String text) {
                try {
                    e.setValue(YAML.readValue(text, LinkedHashMap.class));
                } catch (IOException bad) {
                    throw new UncheckedIOException(bad);
                }
            }
        });
    }

    private static void example(Map<String, Object> answers, APIResponse ok, String kind) {
        MediaType json = ok == null || ok.getContent() == null ? null : ok.getContent().getMediaType("application/json");
        if (json != null && answers.containsKey(kind)) {
            json.setExamples(Map.of("sandbox", example("An answer of the sandbox cluster (README, Set up)", answers.get(kind))));
        }
    }

    private static boolean negotiates(Operation operation) {
        APIResponse ok = operation.getResponses().getAPIResponse("200");
        return ok != null && ok.getContent() != null && ok.getContent().getMediaTypes().size() > 1;
    }

    private static APIResponse problemResponse(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(PROBLEM, OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))));
    }

    private static Example example(String summary, Object value) {
        return OASFactory.createExample().summary(summary).value(value);
    }

    /** A Pod, or a List of Pods, Events, Nodes and workloads, as kubectl prints them. */
    private static Schema input() {
        Schema object = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("A Pod, or a `kind: List` holding Pods, Events and optionally Nodes and workloads, as "
                        + "`kubectl get pod,events -o json` (or `-o yaml`) prints it")
                .required(List.of("kind"))
                .addProperty("apiVersion", OASFactory.createSchema().addType(Schema.SchemaType.STRING).description("`v1`")
                        .examples(List.of("v1")))
                .addProperty("kind", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("`Pod` or `List` (a workload kind also works: its own findings are answered under `workloads`)")
                        .examples(List.of("List")))
                .addProperty("metadata", object.description("The object's metadata (name, namespace, uid, owner references)"))
                .addProperty("items", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("For a List: Pods, Events, Nodes, ReplicaSets, Deployments, StatefulSets, DaemonSets, Jobs")
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("A Kubernetes object")))
                .additionalPropertiesSchema(OASFactory.createSchema().description("The rest of the object (spec, status, …)"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String name) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(EXAMPLES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + EXAMPLES + name);
            }
            return JSON.readValue(in, LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
