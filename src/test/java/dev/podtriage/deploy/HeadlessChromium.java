package dev.podtriage.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** What the browser tests need (Debian's Chromium, Node and npm for puppeteer-core): absent, the test skips saying which. */
final class HeadlessChromium {
    static final String PATH = "/usr/bin/chromium";

    private HeadlessChromium() {
    }

    static void assumeAvailable(String test) {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PATH)),
                test + " skipped: " + PATH + " is absent (apt-get install -y chromium)");
        Assumptions.assumeTrue(KubernetesSchemas.onPath("node") && KubernetesSchemas.onPath("npm"),
                test + " skipped: node and npm are not on the PATH (apt-get install nodejs npm)");
    }
}
