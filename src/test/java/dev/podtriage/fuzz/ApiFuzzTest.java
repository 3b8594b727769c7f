package dev.podtriage.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.diagnosis.input.ManifestException;
import dev.podtriage.diagnosis.input.ManifestReader;
import dev.podtriage.diagnosis.input.SnapshotAssembler;
import dev.podtriage.diagnosis.input.WorkloadSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * More than 10,000 hostile bodies to {@code POST /api/v1/diagnose}: every fixture as JSON and as
 * YAML (each must diagnose), 10,000 of them mutated by {@link Mutator}, and raw garbage (random
 * bytes, truncated documents, YAML with odd Unicode, alias bombs, 10,000 levels of nesting, strings
 * at and over the size limit, wrong media types, chunked bodies without a length). Every answer
 * must be a report (200) or a problem+json (4xx): never a 5xx. The sequence is fixed by a seed, so
 * a failure found in CI can be replayed ({@link FuzzSeed}: {@code -Dfuzz.seed=random} or {@code =N}).
 */
@QuarkusTest
class ApiFuzzTest {
    private static final FuzzSeed SEED = FuzzSeed.fromSystemProperty();
    private static final int MUTATED = 10_000;
    private static final int LIMIT = 256 * 1024; // %test.triage.api.max-body-size
    private static final int CONCURRENCY = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());
    private static final ManifestReader READER = new ManifestReader();

    @TestHTTPResource("/api/v1/diagnose")
    URL url;

    /** One request: what to send and, when known beforehand, how many pods the report must hold. */
    record Case(String label, String contentType, String accept, String query, byte[] body, boolean chunked,
                Integer expectedPods, Integer expectedStatus) {
    }

    @Test
    void everyAnswerIsAReportOrAProblem() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        long started = System.nanoTime();
        // each case is sent as soon as it is generated, so generating overlaps with answering
        cases(new Random(SEED.value()), c -> {
            int n = all.size();
            inFlight.acquireUninterruptibly();
            all.add(client.sendAsync(request(c), HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, error) -> {
                        try {
                            if (error != null) {
                                failures.add(describe(n, c, "no answer: " + error));
                            } else {
                                byStatus.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                                String problem = check(c, response);
                                if (problem != null) {
                                    failures.add(describe(n, c, problem));
                                }
                            }
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    }));
        });
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<Integer, Integer> counts = new TreeMap<>();
        byStatus.forEach((s, c) -> counts.put(s, c.get()));
        System.out.printf("ApiFuzzTest: %d requests in %d ms; by status %s%n", all.size(), millis, counts);
        failures.stream().limit(20).forEach(f -> System.out.println("ApiFuzzTest FAILURE " + f));
        assertTrue(failures.isEmpty(), SEED.replay() + ": " + failures.size() + " of " + all.size() + " answers were wrong, e.g. "
                + failures.stream().limit(3).toList());
        assertTrue(all.size() >= 10_000 + MUTATED / 10, "enough requests: " + all.size());
        assertTrue(counts.getOrDefault(200, 0) > 1_000 && counts.getOrDefault(400, 0) > 1_000
                && counts.getOrDefault(413, 0) > 0 && counts.getOrDefault(415, 0) > 0, () -> "a mix of answers: " + counts);
    }

    /**
     * The path tricks of {@code SecuredApiTest} and random mixes of them (matrix parameters, dot
     * segments, double slashes, %-escapes, case, trailing slashes) on every API route: written
     * as-is on a socket, never a 5xx or a redirect, and a diagnosis only where routing found the resource.
     */
    @Test
    void pathSpellingsNeverBreakTheServer() throws Exception {
        Random random = new Random(SEED.value());
        String[] pieces = {";", ";x=1", "/.", "/x/..", "/", "%2e", "%2F", "%3B", "%61"};
        List<String> targets = new ArrayList<>(dev.podtriage.api.PathTricks.TRICKS);
        String[] routes = {"/api/v1/diagnose", "/api/v1/rules", "/api/v1/diagnoses", "/api/v1/namespaces/shop/diagnoses"};
        for (int i = 0; i < 300; i++) {
            StringBuilder path = new StringBuilder(routes[random.nextInt(routes.length)]);
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                int at = random.nextInt(path.length() + 1);
                path.insert(at, pieces[random.nextInt(pieces.length)]);
            }
            if (random.nextInt(4) == 0) {
                path.setCharAt(1 + random.nextInt(path.length() - 1), Character.toUpperCase(path.charAt(1 + random.nextInt(path.length() - 1))));
            }
            targets.add(path.charAt(0) == '/' ? path.toString() : "/" + path);
        }
        String pod = Files.readString(Path.of("src/test/resources/fixtures/image/not-found-containerd.json"));
        for (String target : targets) {
            for (String method : new String[] {"GET", "POST"}) {
                dev.podtriage.api.RawHttp.Answer a = dev.podtriage.api.RawHttp.send(url.getPort(), method, target, null,
                        "application/json", method.equals("POST") ? pod : null);
                // the cluster routes have no cluster here: their documented 503 is the one 5xx allowed
                boolean noCluster = a.status() == 503 && a.body().contains("urn:pod-triage:problem:cluster-unavailable");
                assertTrue(a.status() >= 200 && a.status() < 300 || a.status() >= 400 && a.status() < 500 || noCluster,
                        () -> method + " " + target + " -> " + a.status() + " " + cut(a.body()));
            }
        }
    }

    private HttpRequest request(Case c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + c.query())).timeout(Duration.ofSeconds(30));
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        b.header("Accept", c.accept());
        HttpRequest.BodyPublisher body = c.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()))
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        return b.POST(body).build();
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    private static String check(Case c, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 500 || status < 200 || status >= 300 && status < 400) {
            return "status " + status + ": " + cut(text);
        }
        if (c.expectedStatus() != null && c.expectedStatus() != status) {
            return "expected " + c.expectedStatus() + " but got " + status + ": " + cut(text);
        }
        if (status >= 400) {
            if (!type.startsWith("application/problem+json")) {
                return status + " with Content-Type '" + type + "': " + cut(text);
            }
            try {
                JsonNode p = JSON.readTree(text);
                if (p.path("status").asInt() != status || p.path("title").asText("").isBlank()
                        || p.path("detail").asText("").isBlank()) {
                    return status + " problem without status/title/detail: " + cut(text);
                }
                if (text.length() > 4_000) {
                    return status + " problem of " + text.length() + " characters: it echoes the input";
                }
            } catch (IOException e) {
                return status + " problem is not JSON: " + cut(text);
            }
            return null;
        }
        if (!type.startsWith("application/json")) {
            // Markdown or text for a person, asked for by Accept or by format= (which wins)
            boolean asked = type.startsWith(c.accept()) || c.query().startsWith("?format=");
            return asked && (type.startsWith("text/markdown") || type.startsWith("text/plain")) && !text.isBlank() ? null
                    : "200 as '" + type + "' for Accept " + c.accept() + c.query() + ": " + cut(text);
        }
        try {
            JsonNode report = JSON.readTree(text);
            int pods = report.path("summary").path("pods").asInt(-1);
            boolean someWorkload = report.path("workloads").isArray() && !report.path("workloads").isEmpty();
            // workloads without pods: a report of 0 pods listing those with findings of their own (maybe none)
            boolean workloadBody = Integer.valueOf(0).equals(c.expectedPods() != null ? c.expectedPods()
                    : pods(new String(c.body(), StandardCharsets.UTF_8), String.valueOf(c.contentType()).contains("yaml")));
            if (pods < 0 || pods == 0 && !someWorkload && !workloadBody || !report.path("diagnoses").isArray() || report.path("diagnoses").size() != pods) {
                return "200 without a diagnosis per pod: " + cut(text);
            }
            if (c.expectedPods() != null && pods != c.expectedPods()) {
                return "200 with " + pods + " pods, the body holds " + c.expectedPods();
            }
            for (JsonNode d : report.path("diagnoses")) {
                if (!d.path("pod").isObject() || !d.path("findings").isArray() || d.path("summary").asText("").isEmpty()) {
                    return "a diagnosis without pod, findings or summary: " + cut(d.toString());
                }
            }
        } catch (IOException e) {
            return "200 is not JSON: " + cut(text);
        }
        return null;
    }

    private static String describe(int n, Case c, String problem) {
        Path dir = Path.of("target", "api-fuzz-failures");
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(n + ".body"), c.body());
        } catch (IOException ignored) {
            // the description still says what was sent
        }
        return "#" + n + " " + c.label() + " (" + c.contentType() + ", " + c.body().length + " bytes" + (c.chunked() ? ", chunked" : "")
                + c.query() + ", body in target/api-fuzz-failures/" + n + ".body): " + problem;
    }

    private static String cut(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    // ------------------------------------------------------------------ the cases

    /** Every case, in an order fixed by the seed, handed to {@code out} one by one. */
    static void cases(Random random, Sink out) throws IOException {
        List<JsonNode> corpus = Mutator.corpus();
        // every fixture unchanged, as JSON and as YAML: a report over exactly its pods (400 for the few that hold none)
        for (int i = 0; i < corpus.size(); i++) {
            JsonNode fixture = corpus.get(i);
            String json = fixture.toString();
            Integer pods = pods(json);
            out.add(new Case("fixture", "application/json", "application/json", "", utf8(json), false, pods, pods == null ? 400 : 200));
            String yaml = YAML.writeValueAsString(fixture);
            out.add(new Case("fixture as YAML", "application/yaml", "application/json", "", utf8(yaml), false, pods, pods == null ? 400 : 200));
            if (i % 10 == 0) {
                // chunked, without Content-Length: read up to the limit by the service itself
                out.add(new Case("fixture, chunked", "application/json", "application/json", "", utf8(json), true, pods, pods == null ? 400 : 200));
            }
        }
        // mutated fixtures, as JSON or YAML, a few of them rendered for people
        for (int i = 0; i < MUTATED; i++) {
            JsonNode fixture = corpus.get(random.nextInt(corpus.size()));
            String body = Mutator.mutate(fixture, random.nextLong(), 1 + random.nextInt(6), Mutator.payload(random));
            String contentType = switch (random.nextInt(10)) {
                case 0 -> "application/json; charset=utf-8";
                case 1, 2 -> "application/yaml";
                case 3 -> "application/x-yaml";
                default -> "application/json";
            };
            if (contentType.contains("yaml")) {
                body = asYaml(body);
            }
            String accept = switch (random.nextInt(40)) {
                case 0 -> "text/markdown";
                case 1 -> "text/plain";
                default -> "application/json";
            };
            String query = random.nextInt(50) == 0 ? "?at=" + enc(List.of("2026-11-27T10:00:00Z", "garbage", "+999999999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "1970-01-01T00:00:00+18:00", "").get(random.nextInt(7))) : "";
            // a body within the limit must be diagnosed exactly when the reader and assembler find pods in it
            byte[] bytes = utf8(body);
            Integer pods = bytes.length > LIMIT ? null : pods(body, contentType.contains("yaml"));
            Integer status = bytes.length > LIMIT ? Integer.valueOf(413) : !query.isEmpty() ? null : Integer.valueOf(pods == null ? 400 : 200);
            out.add(new Case("mutated", contentType, accept, query, bytes, false, pods, status));
        }
        garbage(random, corpus, out);
    }

    /** Where the cases go, one by one. */
    @FunctionalInterface
    interface Sink {
        void add(Case c);
    }

    private static void garbage(Random random, List<JsonNode> corpus, Sink out) throws IOException {
        String sample = corpus.get(0).toString();
        for (int i = 0; i < 300; i++) {
            byte[] bytes = new byte[random.nextInt(4096)];
            random.nextBytes(bytes);
            out.add(new Case("random bytes", random.nextBoolean() ? "application/json" : "application/yaml", "application/json", "",
                    bytes, false, null, null));
        }
        for (int i = 0; i < 300; i++) {
            String doc = corpus.get(random.nextInt(corpus.size())).toString();
            boolean yaml = random.nextBoolean();
            if (yaml) {
                doc = YAML.writeValueAsString(JSON.readTree(doc));
            }
            String cut = doc.substring(0, random.nextInt(doc.length()));
            // a cut that still reads (YAML often does) is a report over what it holds: maybe workloads and no pod
            out.add(new Case("truncated", yaml ? "application/yaml" : "application/json", "application/json", "",
                    utf8(cut), false, pods(cut, yaml), null));
        }
        String[] odd = {"\uFEFF", "\u202E", "\u0000", "\uFFFF", "\u2028", "\u0085", "\uD83D\uDCA5", "\uDB40\uDC41", "\t", "\u00A0",
            "\u200B", "\uFFFE", "\u001B[31m", "ǅ", "\uD800", "\uDC00"};
        for (int i = 0; i < 300; i++) {
            String yaml = YAML.writeValueAsString(corpus.get(random.nextInt(corpus.size())));
            StringBuilder sb = new StringBuilder(yaml);
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                sb.insert(random.nextInt(sb.length() + 1), odd[random.nextInt(odd.length)]);
            }
            out.add(new Case("YAML with odd Unicode", "application/yaml", "application/json", "", utf8(sb.toString()), false, null, null));
        }
        int depth = 10_000;
        out.add(new Case("10,000 nested arrays", "application/json", "application/json", "", utf8("[".repeat(depth) + "]".repeat(depth)), false, null, 400));
        out.add(new Case("10,000 nested arrays in a Pod", "application/json", "application/json", "",
                utf8("{\"kind\":\"Pod\",\"metadata\":{\"name\":" + "[".repeat(depth) + "]".repeat(depth) + "}}"), false, null, 400));
        out.add(new Case("10,000 nested objects", "application/json", "application/json", "", utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)), false, null, 400));
        out.add(new Case("10,000 nested YAML flow sequences", "application/yaml", "application/json", "", utf8("[".repeat(depth) + "]".repeat(depth)), false, null, 400));
        out.add(new Case("10,000 nested YAML flow maps", "application/yaml", "application/json", "", utf8("{a: ".repeat(depth) + "1" + "}".repeat(depth)), false, null, 400));
        StringBuilder block = new StringBuilder("kind: Pod\nmetadata:\n");
        for (int k = 0; k < 600; k++) {
            block.append(" ".repeat(1 + k)).append("a:\n");
        }
        out.add(new Case("600 nested YAML block maps", "application/yaml", "application/json", "", utf8(block.toString()), false, null, 400));
        out.add(new Case("unclosed 10,000 nested arrays", "application/json", "application/json", "", utf8("[".repeat(depth)), false, null, 400));
        // strings just under and over the size limit
        for (int i = 0; i < 20; i++) {
            int size = i % 2 == 0 ? LIMIT - 200 - random.nextInt(1000) : LIMIT + 1 + random.nextInt(100_000);
            String name = "x".repeat(size - 60);
            String body = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"}}";
            out.add(new Case("long string", "application/json", "application/json", "", utf8(body), false, i % 2 == 0 ? 1 : null,
                    i % 2 == 0 ? 200 : 413));
        }
        for (int i = 0; i < 20; i++) {
            String body = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"k\":\"" + "💥".repeat(LIMIT / 4 + 10) + "\"}}}";
            out.add(new Case("long string, chunked", "application/json", "application/json", "", utf8(body), true, null, 413));
        }
        for (int i = 0; i < 20; i++) {
            out.add(new Case("long list", "application/json", "application/json", "", utf8(list(sample, LIMIT * 2)), random.nextBoolean(), null, 413));
        }
        // YAML alias bombs and tags
        String lol = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nkind: Pod\n";
        out.add(new Case("alias bomb", "application/yaml", "application/json", "", utf8(lol), false, null, 400));
        out.add(new Case("YAML tags", "application/yaml", "application/json", "",
                utf8("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n"), false, null, 400));
        out.add(new Case("YAML tags in a Pod", "application/yaml", "application/json", "",
                utf8("kind: !!str Pod\nmetadata: !!map {name: !!binary aGVsbG8=}\nspec: !custom {}\n"), false, null, null));
        out.add(new Case("several YAML documents", "application/yaml", "application/json", "",
                utf8("kind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: {name: b}\n"), false, null, null));
        // scalars, empty and odd bodies, in both media types
        for (String s : List.of("", " ", "\n", "null", "42", "-1e999", "\"Pod\"", "[]", "{}", "true", "~", "---", "...", "{\"kind\":null}",
                "{\"kind\":\"List\"}", "{\"kind\":\"List\",\"items\":null}", "{\"kind\":\"List\",\"items\":[null]}",
                "{\"kind\":\"List\",\"items\":[[]]}", "{\"kind\":\"PodList\",\"items\":[{}]}", "{\"kind\":\"Pod\"}", "{\"kind\":\"Pod\",\"kind\":\"Pod\"}",
                "{\"kind\":\"Pod\",\"metadata\":null,\"spec\":null,\"status\":null}", "\uFEFF{\"kind\":\"Pod\"}", "{\"kind\":\"Pod\"}garbage",
                "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"\\ud800\"}}", "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"\\u0000\"}}")) {
            out.add(new Case("odd body " + s, "application/json", "application/json", "", utf8(s), false, null, null));
            out.add(new Case("odd body " + s, "application/yaml", "application/json", "", utf8(s), false, null, null));
        }
        // media types the endpoint does not consume, and odd spellings of those it does
        for (int i = 0; i < 200; i++) {
            String type = List.of("text/plain", "application/xml", "application/octet-stream", "text/csv", "multipart/form-data; boundary=x",
                    "application/x-www-form-urlencoded", "image/png").get(random.nextInt(7));
            out.add(new Case("media type " + type, type, "application/json", "", utf8(sample), random.nextInt(4) == 0, null, 415));
        }
        for (String type : List.of("APPLICATION/JSON", "application/json;charset=UTF-8", "application/json; charset=latin1",
                "application/json; charset=bogus", "application/json; charset=", "application/json;;", "application/*", "*/*", "application",
                "text/yaml", "application/yaml; charset=utf-16", "", ";")) {
            out.add(new Case("media type " + type, type.isEmpty() ? null : type, "application/json", "", utf8(sample), false, null, null));
        }
        // an Accept that cannot be produced, and format= values
        out.add(new Case("accept image/png", "application/json", "image/png", "", utf8(sample), false, null, 406));
        for (String f : List.of("markdown", "text", "json", "xml", "", "%00", "MARKDOWN")) {
            out.add(new Case("format " + f, "application/json", "application/json", "?format=" + enc(f), utf8(sample), false, null, null));
        }
    }

    /** A List of copies of one fixture's items, at least {@code size} characters long. */
    private static String list(String fixture, int size) throws IOException {
        JsonNode items = JSON.readTree(fixture).path("items");
        StringBuilder sb = new StringBuilder("{\"kind\":\"List\",\"items\":[");
        while (sb.length() < size) {
            for (JsonNode item : items) {
                sb.append(item).append(',');
            }
        }
        sb.setLength(sb.length() - 1);
        return sb.append("]}").toString();
    }

    /** The mutated document as YAML when it still parses as JSON; a JSON document is YAML too otherwise. */
    private static String asYaml(String json) {
        try {
            return YAML.writeValueAsString(JSON.readTree(json));
        } catch (IOException e) {
            return json;
        }
    }

    /** How many pods the service must report for this body, or null when it must refuse it. */
    private static Integer pods(String json) {
        return pods(json, false);
    }

    private static Integer pods(String body, boolean yaml) {
        try {
            // a body of workloads without any pod is a report of 0 pods and its workloads (api.md)
            WorkloadSource index = SnapshotAssembler.index(READER.read(body, yaml));
            int n = SnapshotAssembler.assemble(index).size();
            return n == 0 && index.workloads(null).isEmpty() ? null : n;
        } catch (ManifestException e) {
            return null;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
