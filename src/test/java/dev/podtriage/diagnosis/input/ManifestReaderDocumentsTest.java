package dev.podtriage.diagnosis.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A YAML body of several documents (`---`), as `kubectl get -o yaml` of several files or a Helm render. */
class ManifestReaderDocumentsTest {
    private final ManifestReader reader = new ManifestReader();

    private static String pod(String name) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  namespace: shop\nspec:\n  containers:\n  - name: app\n"
                + "    image: nginx:1.27\nstatus:\n  phase: Running\n";
    }

    @Test
    void everyDocumentIsRead() {
        List<HasMetadata> objects = reader.read("---\n" + pod("a") + "---\n" + pod("b") + "---\n", true);
        assertEquals(List.of("a", "b"), objects.stream().map(o -> o.getMetadata().getName()).toList());
    }

    @Test
    void aBadDocumentIsNamed() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> reader.read(pod("a") + "---\nkind: Secret\nmetadata: {name: x}\n", true));
        assertTrue(e.getMessage().startsWith("Document 2 of 2: "), e::getMessage);
    }
}
