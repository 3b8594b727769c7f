package dev.podtriage.diagnosis;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The workload that owns a pod, as a person names it: Deployment rather than its ReplicaSet. */
@Schema(description = "The owning workload as a person names it (a Deployment rather than its ReplicaSet)")
public record OwnerRef(@Schema(example = "Deployment") String kind, @Schema(example = "web") String name) {

    /** Whether it is a workload of this kind. */
    public boolean is(WorkloadKind k) {
        return k.kind().equals(kind);
    }
}
