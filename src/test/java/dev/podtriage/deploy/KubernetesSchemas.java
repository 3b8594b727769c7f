package dev.podtriage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Validation against the Kubernetes schemas with npm's {@code kubernetes-models} (and
 * {@code @kubernetes-models/prometheus-operator}), pinned in src/test/node/package.json and its lock,
 * installed into target/k8s-schema with {@code npm ci}. Without {@code node} and {@code npm} on the PATH the test is
 * skipped with that reason. The schemas check types, enums and required fields; unknown fields pass.
 */
final class KubernetesSchemas {
    static final Path SOURCE = Path.of("src", "test", "node");
    static final Path HOME = Path.of("target", "k8s-schema");

    private KubernetesSchemas() {
    }

    static KubernetesSchemas installed() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "Kubernetes schema validation skipped: node and npm are not on the PATH (apt-get install nodejs npm)");
        install();
        return new KubernetesSchemas();
    }

    /** Copies the npm project of src/test/node into target/k8s-schema and installs its locked dependencies there once. */
    static void install() throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        for (String file : List.of("package.json", "package-lock.json", "validate-k8s.mjs", "browser.mjs", "dashboard-check.mjs", "swagger-check.mjs")) {
            Files.copy(SOURCE.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path modules = HOME.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("kubernetes-models")) || !Files.isDirectory(modules.resolve("puppeteer-core"))) {
            Result r = run(null, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            assertEquals(0, r.exit(), () -> "npm install of src/test/node failed:\n" + r.output());
        }
    }

    void assertValid(JsonNode objects) throws IOException, InterruptedException {
        Result r = run(objects.toString(), "node", "validate-k8s.mjs");
        assertEquals(0, r.exit(), () -> "schema validation:\n" + r.output());
    }

    record Result(int exit, String output) {
    }

    static Result run(String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true).start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            p.getOutputStream().close();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), out);
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
