package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Optional;

/**
 * An object around a pod or workload (its owner chain, its namespace) that carries the opt-out
 * annotation: what the engine needs of it, and no more.
 *
 * @param object "Deployment shop/web", "Namespace shop"
 * @param value  the annotation's value, unparsed
 */
public record OptOutSource(String object, String value) {

    /** The annotation of one object, when it carries one. */
    public static Optional<OptOutSource> of(String kind, ObjectMeta meta) {
        if (meta == null || meta.getAnnotations() == null) {
            return Optional.empty();
        }
        String value = meta.getAnnotations().get(IgnoreAnnotation.KEY);
        if (value == null) {
            return Optional.empty();
        }
        String where = meta.getNamespace() == null || "Namespace".equals(kind) ? meta.getName() : meta.getNamespace() + "/" + meta.getName();
        return Optional.of(new OptOutSource(kind + " " + where, value));
    }
}
