package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.Severity;
import org.junit.jupiter.api.Test;

class ImagePullRulesTest {

    @Test
    void tagThatDoesNotExistOnContainerd() {
        Diagnosis d = Fixtures.diagnose("image/not-found-containerd.json");
        Finding f = assertRootCause(d, "image-not-found", "main-app");
        assertEquals(Severity.CRITICAL, d.severity());
        assertMessageNames(f, "nginx:1.99", "docker.io", "library/nginx");
        assertFixNames(f, "docker.io/library/nginx", "`1.99`", "Deployment `web`");
        assertEquals("Image `nginx:1.99` does not exist in its registry", d.summary());
        assertEquals(EvidenceSource.STATUS, f.evidence().get(0).source());
        assertEquals("Failed", f.evidence().get(1).reason());
        assertEquals(4, f.evidence().get(1).count());
        assertEquals("Deployment", d.pod().owner().kind());
        assertEquals("web", d.pod().owner().name());
    }
}
