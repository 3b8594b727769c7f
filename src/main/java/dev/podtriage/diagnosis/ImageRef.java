package dev.podtriage.diagnosis;

import java.util.Locale;

/**
 * An image reference split the way container runtimes read it: {@code nginx:1.99} is
 * repository {@code library/nginx} on registry {@code docker.io} with tag {@code 1.99}.
 * Follows the normalisation of the distribution reference library: the first path component is
 * a registry host only when it contains a dot or a colon, is {@code localhost}, or has upper-case
 * letters; {@code index.docker.io} is Docker Hub, written {@code docker.io}. Never throws, also
 * not on a reference the runtime would reject (such as {@code Nginx:Latest}).
 *
 * @param original   the reference as written in the pod spec
 * @param registry   registry host, with its port when one is given ({@code registry.example.com:5000})
 * @param repository repository path inside the registry ({@code library/nginx}, {@code team/app})
 * @param tag        the tag, "latest" when neither tag nor digest is given, null with a digest only
 * @param digest     {@code sha256:…} when pinned by digest
 */
public record ImageRef(String original, String registry, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";

    public static ImageRef parse(String image) {
        String ref = image == null ? "" : image.trim();
        String digest = null;
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at + 1);
            ref = ref.substring(0, at);
        }
        String tag = null;
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        String repository = ref;
        int first = ref.indexOf('/');
        if (first > 0) {
            String head = ref.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost")
                    || !head.equals(head.toLowerCase(Locale.ROOT))) {
                registry = head;
                repository = ref.substring(first + 1);
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/") && !repository.isEmpty()) {
            repository = "library/" + repository;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageRef(image, registry, repository, tag, digest);
    }

    /** The fully qualified reference, e.g. {@code docker.io/library/nginx:1.99}. */
    public String canonical() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** Registry and repository without tag or digest, e.g. {@code registry.example.com:5000/team/app}. */
    public String name() {
        return registry + "/" + repository;
    }

    /** Whether the image lives on Docker Hub. */
    public boolean dockerHub() {
        return DOCKER_HUB.equals(registry);
    }

    /** The port given with the registry host, or null (HTTPS, 443). */
    public String registryPort() {
        int colon = registry.lastIndexOf(':');
        return colon < 0 || colon == registry.length() - 1 ? null : registry.substring(colon + 1);
    }

    /** The registry host without its port. */
    public String registryHost() {
        int colon = registry.lastIndexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }

    /** "tag `1.99`" or "digest `sha256:…`", for messages. */
    public Prose version() {
        return digest != null ? Prose.of("digest ", Prose.code(digest)) : Prose.of("tag ", Prose.code(tag));
    }
}
