package dev.podtriage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed OpenAPI document (OpenApiDocumentTest keeps it equal to the served one) has 0
 * errors and 0 warnings in Redocly CLI (recommended rules) and Spectral ({@code spectral:oas}),
 * pinned in src/test/node-openapi/package.json and its lock and installed into target/openapi-lint
 * with {@code npm ci}. Without {@code node} and {@code npm} on the PATH it is skipped, saying so.
 */
class OpenApiLintTest {
    private static final Path SOURCE = Path.of("src", "test", "node-openapi");
    private static final Path HOME = Path.of("target", "openapi-lint");
    private static final Path DOCUMENT = Path.of("openapi", "openapi.yaml").toAbsolutePath();

    @BeforeAll
    static void install() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "OpenAPI lint skipped: node and npm are not on the PATH (apt-get install nodejs npm), so Redocly CLI and Spectral cannot run");
        Files.createDirectories(HOME);
        for (String file : List.of("package.json", "package-lock.json", "redocly.yaml", ".spectral.yaml")) {
            Files.copy(SOURCE.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isExecutable(HOME.resolve("node_modules/.bin/redocly")) || !Files.isExecutable(HOME.resolve("node_modules/.bin/spectral"))) {
            Outcome npm = exec("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            assertEquals(0, npm.exit(), () -> "npm ci of the linters failed:\n" + npm.text());
        }
    }

    @Test
    void redoclyRecommendedRulesFindNothing() throws Exception {
        Outcome lint = exec("node_modules/.bin/redocly", "lint", DOCUMENT.toString(), "--format=stylish");
        assertEquals(0, lint.exit(), lint::text);
        // "valid" means no error; the warnings are counted after it
        assertTrue(lint.text().contains("Woohoo! Your API description is valid.") && !lint.text().matches("(?s).*You have \\d+ warnings?.*"),
                () -> "0 errors and 0 warnings expected:\n" + lint.text());
    }

    @Test
    void spectralOasRulesFindNothing() throws Exception {
        Outcome lint = exec("node_modules/.bin/spectral", "lint", "-r", ".spectral.yaml", "--fail-severity=warn", DOCUMENT.toString());
        assertEquals(0, lint.exit(), lint::text);
        assertTrue(lint.text().contains("No results with a severity of 'warn' or higher found!"), () -> "0 errors and 0 warnings expected:\n" + lint.text());
    }

    private record Outcome(int exit, String text) {
    }

    private static Outcome exec(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(Arrays.asList(command));
        Path log = Files.createTempFile(HOME, "lint", ".log");
        Process process = new ProcessBuilder(line).directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Outcome(-1, String.join(" ", line) + " did not finish in 10 minutes");
        }
        return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
