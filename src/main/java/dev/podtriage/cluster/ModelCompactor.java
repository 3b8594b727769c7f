package dev.podtriage.cluster;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shrinks a cached Kubernetes object without changing what it says: every model object's empty
 * {@code additionalProperties} map (one per object: a pod holds dozens, an event five) becomes one
 * shared empty map, every empty list (finalizers, owner references, ...) one shared empty list, and the values that repeat across thousands of objects (namespaces, kinds,
 * reasons, node and image names, event sources, timestamps) are interned. Cached objects are only
 * read, never modified, so the shared map and list are never written to.
 */
final class ModelCompactor {
    /** String fields whose values repeat across objects; names, uids, messages and versions do not. */
    private static final Set<String> REPEATED = Set.of("namespace", "kind", "apiVersion", "reason", "type", "component", "host",
            "reportingComponent", "reportingInstance", "fieldPath", "nodeName", "image", "imagePullPolicy", "phase", "status",
            "serviceAccountName", "serviceAccount", "schedulerName", "restartPolicy", "dnsPolicy", "terminationMessagePath",
            "terminationMessagePolicy", "hostIP", "qosClass", "firstTimestamp", "lastTimestamp", "creationTimestamp", "startedAt",
            "finishedAt", "lastTransitionTime", "startTime", "lastProbeTime", "controller", "blockOwnerDeletion", "operator",
            "effect", "key", "path", "protocol", "scheme", "mountPath", "containerName");

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || !worthVisiting(f)) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        out.add(f);
                    } catch (InaccessibleObjectException | SecurityException e) {
                        // left as it is
                    }
                }
            }
            return List.copyOf(out);
        }
    };

    private ModelCompactor() {
    }

    private static boolean worthVisiting(Field f) {
        Class<?> t = f.getType();
        return t == String.class ? REPEATED.contains(f.getName()) : t == Map.class || Collection.class.isAssignableFrom(t)
                || KubernetesResource.class.isAssignableFrom(t);
    }

    /** Compacts {@code obj} and every model object it holds, in place. */
    static void compact(Object obj) {
        if (!(obj instanceof KubernetesResource)) {
            return;
        }
        try {
            for (Field f : FIELDS.get(obj.getClass())) {
                Object v = f.get(obj);
                if (v instanceof String s) {
                    f.set(obj, s.intern());
                } else if (v instanceof Map<?, ?> m) {
                    if (m.isEmpty() && f.getName().equals("additionalProperties")) {
                        f.set(obj, Collections.emptyMap());
                    }
                } else if (v instanceof List<?> l && l.isEmpty() && f.getType() == List.class) {
                    f.set(obj, Collections.emptyList());
                } else if (v instanceof Collection<?> c) {
                    c.forEach(ModelCompactor::compact);
                } else {
                    compact(v);
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
