package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The object a finding blames, as structured data: what findings of many pods share when they
 * have one cause (a registry, an image, a node, a Secret, a ResourceQuota). Incidents group by it.
 *
 * @param kind      what sort of thing: {@code registry}, {@code image}, {@code node}, {@code secret},
 *                  {@code configmap}, {@code resourcequota}, {@code webhook}, {@code policy},
 *                  {@code pvc}, {@code storageclass}, {@code taint}, {@code node-selector}, or a
 *                  workload kind in lower case ({@code deployment}) or {@code pod}
 * @param namespace the namespace of a namespaced object; absent for cluster-wide things
 * @param name      its name (a registry host, {@code repository:tag}, a Secret's name and key)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The object a finding blames; findings of many pods that share it are one incident")
public record Cause(@Schema(example = "registry") String kind,
                    @Schema(description = "Absent for cluster-wide things (registries, nodes, images)", example = "shop") String namespace,
                    @Schema(example = "docker.io") String name) {

    public Cause {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** {@code kind/name}, or {@code kind/namespace/name} for a namespaced object. */
    public String path() {
        return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }
}
