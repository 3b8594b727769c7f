package dev.podtriage.diagnosis;

/**
 * An image reference split the way container runtimes read it: {@code nginx:1.99} is
 * repository {@code library/nginx} on registry {@code docker.io} with tag {@code 1.99}.
 *
 * @param tag    the tag, "latest" when neither tag nor digest is given, null with a digest only
 * @param digest {@code sha256:…} when pinned by digest
 */
public record ImageRef(String original, String registry, String repository, String tag, String digest) {

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
        String registry = "docker.io";
        String repository = ref;
        int first = ref.indexOf('/');
        if (first > 0) {
            String head = ref.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
                registry = head;
                repository = ref.substring(first + 1);
            }
        }
        if (registry.equals("docker.io") && !repository.contains("/") && !repository.isEmpty()) {
            repository = "library/" + repository;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageRef(image, registry, repository, tag, digest);
    }

    /** The fully qualified reference, e.g. {@code docker.io/library/nginx:1.99}. */
    public String canonical() {
        return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** "tag `1.99`" or "digest `sha256:…`", for messages. */
    public String version() {
        return digest != null ? "digest `" + digest + "`" : "tag `" + tag + "`";
    }
}
