package dev.podtriage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The "restricted" Pod Security Standard, checked on a pod spec: what the admission controller of a
 * namespace labelled {@code pod-security.kubernetes.io/enforce: restricted} would refuse.
 */
final class RestrictedPodSecurity {
    /** Volume types the restricted profile allows. */
    static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    private RestrictedPodSecurity() {
    }

    static void assertRestricted(JsonNode pod) {
        JsonNode podSc = pod.path("securityContext");
        assertFalse(pod.path("hostNetwork").asBoolean(false) || pod.path("hostPID").asBoolean(false)
                || pod.path("hostIPC").asBoolean(false), "no host namespaces");
        for (JsonNode volume : pod.path("volumes")) {
            List<String> types = new ArrayList<>();
            volume.fieldNames().forEachRemaining(f -> {
                if (!f.equals("name")) {
                    types.add(f);
                }
            });
            assertTrue(VOLUME_TYPES.containsAll(types), "volume type allowed by restricted: " + volume);
        }
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        assertFalse(containers.isEmpty(), "the pod has containers");
        for (JsonNode c : containers) {
            String name = c.path("name").asText();
            JsonNode sc = c.path("securityContext");
            assertTrue(sc.path("runAsNonRoot").asBoolean(podSc.path("runAsNonRoot").asBoolean(false)),
                    name + ": runAsNonRoot");
            assertFalse(sc.path("runAsUser").asInt(podSc.path("runAsUser").asInt(-1)) == 0, name + ": not uid 0");
            assertTrue(sc.has("allowPrivilegeEscalation") && !sc.path("allowPrivilegeEscalation").asBoolean(true),
                    name + ": allowPrivilegeEscalation: false");
            assertFalse(sc.path("privileged").asBoolean(false), name + ": not privileged");
            assertEquals(List.of("ALL"), strings(sc.path("capabilities").path("drop")), name + ": drops ALL capabilities");
            for (String added : strings(sc.path("capabilities").path("add"))) {
                assertEquals("NET_BIND_SERVICE", added, name + ": adds no capability but NET_BIND_SERVICE");
            }
            String seccomp = sc.path("seccompProfile").path("type")
                    .asText(podSc.path("seccompProfile").path("type").asText());
            assertTrue(Set.of("RuntimeDefault", "Localhost").contains(seccomp), name + ": seccompProfile " + seccomp);
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(false), name + ": readOnlyRootFilesystem");
            assertTrue(c.path("ports").findValues("hostPort").isEmpty(), name + ": no host ports");
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
