package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.PodView;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pod's volume claims, read by the scheduling and the volume families alike. */
final class PodVolumes {
    private PodVolumes() {
    }

    /** Claim name to volume name, from spec.volumes (generic ephemeral volumes get {@code <pod>-<volume>}). */
    static Map<String, String> claims(PodView pod) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Volume> vols = pod.spec().getVolumes();
        if (vols == null) {
            return out;
        }
        for (Volume v : vols) {
            if (v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName() != null) {
                out.put(v.getPersistentVolumeClaim().getClaimName(), v.getName());
            } else if (v.getEphemeral() != null && pod.name() != null) {
                out.put(pod.name() + "-" + v.getName(), v.getName());
            }
        }
        return out;
    }
}
