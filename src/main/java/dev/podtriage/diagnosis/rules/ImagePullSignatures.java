package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.PodView;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pull errors of the container runtimes and registries, one row per wording (as in {@code shared/spec/wordings.md},
 * section 3): which cause each wording means. A failed pull's error, with quoted strings and the image's own name
 * blanked out, is classified by the first cause (in {@link Cause} order) one of whose rows it contains. The
 * catalog's detection text of these rules is generated from this table, so it cannot drift from it.
 *
 * <p>Adding a wording is adding one row here and one fixture under {@code fixtures/wordings/} (README, "Adding a wording").
 */
final class ImagePullSignatures {
    private ImagePullSignatures() {
    }

    /** The causes a pull error's text can tell, in the order they are tried: the first whose row matches wins. */
    enum Cause {
        RATE_LIMITED(RuleId.IMAGE_PULL_RATE_LIMITED),
        PLATFORM_MISMATCH(RuleId.IMAGE_PLATFORM_MISMATCH),
        UNREACHABLE(RuleId.IMAGE_REGISTRY_UNREACHABLE),
        UNAUTHORIZED(RuleId.IMAGE_PULL_UNAUTHORIZED),
        NOT_FOUND(RuleId.IMAGE_NOT_FOUND);

        final String ruleId;

        Cause(RuleId ruleId) {
            this.ruleId = ruleId.id();
        }
    }

    /**
     * One wording: text found (case-insensitively) in the error, or a pattern for texts a plain needle would
     * over-match (an HTTP status code as a word), and who writes it.
     */
    record Row(Cause cause, String needle, Pattern pattern, String source) {
        boolean in(String error) {
            return pattern != null ? pattern.matcher(error).find() : PodView.containsAny(error, needle);
        }

        String shown() {
            return pattern != null ? needle : "\"" + needle + "\"";
        }
    }

    private static Row row(Cause cause, String needle, String source) {
        return new Row(cause, needle, null, source);
    }

    /** A row that needs a pattern; {@code shown} is how the detection text names it. */
    private static Row pattern(Cause cause, String regex, String shown, String source) {
        return new Row(cause, shown, Pattern.compile(regex), source);
    }

    static final List<Row> TABLE = List.of(
            row(Cause.RATE_LIMITED, "toomanyrequests", "registry error code TOOMANYREQUESTS; Docker Hub's \"toomanyrequests: You have reached your pull rate limit\""),
            row(Cause.RATE_LIMITED, "too many requests", "CRI-O (containers/image 5.2+) \"too many requests to registry\"; containerd 1.7+ \"429 Too Many Requests\""),
            row(Cause.RATE_LIMITED, "rate limit", "Docker Hub's message"),
            pattern(Cause.RATE_LIMITED, "\\b429\\b", "HTTP status 429", "containerd 1.4.12–1.6 \"pulling from host %s failed with status code [manifests x]: 429\""),

            row(Cause.PLATFORM_MISMATCH, "no matching manifest for", "Docker 17.06+ \"no matching manifest for linux/arm64 in the manifest list entries\""),
            row(Cause.PLATFORM_MISMATCH, "no match for platform", "containerd 1.2+ \"no match for platform in manifest\""),
            row(Cause.PLATFORM_MISMATCH, "does not match the specified platform", "Docker and containerd, an image of another platform"),
            row(Cause.PLATFORM_MISMATCH, "no image found in manifest list for architecture", "CRI-O (containers/image)"),
            row(Cause.PLATFORM_MISMATCH, "no image found in image index for architecture", "CRI-O (containers/image), an OCI image index"),

            row(Cause.UNREACHABLE, "no such host", "Go resolver: DNS name unknown"),
            row(Cause.UNREACHABLE, "server misbehaving", "Go resolver: DNS server failure"),
            row(Cause.UNREACHABLE, "i/o timeout", "Go net: connection or DNS timeout"),
            row(Cause.UNREACHABLE, "connection refused", "Go net"),
            row(Cause.UNREACHABLE, "connection reset by peer", "Go net"),
            row(Cause.UNREACHABLE, "connection timed out", "Go net"),
            row(Cause.UNREACHABLE, "network is unreachable", "Go net"),
            row(Cause.UNREACHABLE, "no route to host", "Go net"),
            row(Cause.UNREACHABLE, "dial tcp", "Go net, any failed connection"),
            row(Cause.UNREACHABLE, "x509", "Go crypto/x509: certificate not trusted, expired or for another name"),
            row(Cause.UNREACHABLE, "certificate signed by unknown", "Go crypto/x509"),
            row(Cause.UNREACHABLE, "TLS handshake timeout", "Go net/http"),
            row(Cause.UNREACHABLE, "tls: handshake failure", "Go crypto/tls: the registry (or a proxy before it) refused the TLS handshake"),
            row(Cause.UNREACHABLE, "server gave HTTP response to HTTPS client", "Go net/http: a plain-HTTP registry"),
            row(Cause.UNREACHABLE, "because the registry is unavailable", "kubelet (dockershim 1.8–1.27; CRI RegistryUnavailable 1.28+)"),
            row(Cause.UNREACHABLE, "RegistryUnavailable", "CRI-O 1.28+ prefix on ECONNREFUSED"),

            pattern(Cause.UNAUTHORIZED, "\\b40[13]\\b", "HTTP status 401 or 403", "containerd 1.4.12+ status code, 1.7+ \"unexpected status from GET request to …: 401 Unauthorized\""),
            row(Cause.UNAUTHORIZED, "unauthorized", "registry error code UNAUTHORIZED"),
            row(Cause.UNAUTHORIZED, "forbidden", "HTTP 403 text"),
            row(Cause.UNAUTHORIZED, "authorization failed", "containerd \"server message: insufficient_scope: authorization failed\""),
            row(Cause.UNAUTHORIZED, "failed to authorize", "containerd 1.2+"),
            row(Cause.UNAUTHORIZED, "no basic auth credentials", "Docker, ECR without credentials"),
            row(Cause.UNAUTHORIZED, "pull access denied", "Docker 18.03+, containerd 1.1+"),
            row(Cause.UNAUTHORIZED, "requested access to the resource is denied", "registry error code DENIED"),
            row(Cause.UNAUTHORIZED, "authentication required", "registry error code UNAUTHORIZED's message"),
            row(Cause.UNAUTHORIZED, "insufficient_scope", "token scope refused"),
            row(Cause.UNAUTHORIZED, "denied:", "registry error code DENIED as \"denied: …\""),
            row(Cause.UNAUTHORIZED, "not authorized", "Quay, Harbor"),

            row(Cause.NOT_FOUND, "manifest unknown", "registry error code MANIFEST_UNKNOWN; CRI-O \"reading manifest … manifest unknown\""),
            row(Cause.NOT_FOUND, "not found", "containerd 1.3+ \"%s: not found\"; Docker \"manifest for %s not found\", \"repository %s not found\""),
            row(Cause.NOT_FOUND, "repository does not exist", "Docker, containerd \"pull access denied, repository does not exist …\" without a denial"),
            row(Cause.NOT_FOUND, "code = NotFound", "containerd gRPC code"),
            row(Cause.NOT_FOUND, "name unknown", "registry error code NAME_UNKNOWN"),
            row(Cause.NOT_FOUND, "does not exist", "registries' own texts"));

    /** The patterns of the table, for PatternLinearityTest. */
    static final List<Pattern> PATTERNS = TABLE.stream().map(Row::pattern).filter(p -> p != null).toList();

    /** The cause the error tells, trying the causes in order. */
    static Optional<Cause> classify(String error) {
        for (Cause c : Cause.values()) {
            if (matches(c, error)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static boolean matches(Cause cause, String error) {
        return TABLE.stream().anyMatch(r -> r.cause() == cause && r.in(error));
    }

    /** The catalog's detection text of a cause, generated from its rows. */
    static String detection(Cause cause, String more) {
        List<String> shown = TABLE.stream().filter(r -> r.cause() == cause).map(Row::shown).toList();
        String list = shown.size() == 1 ? shown.get(0)
                : String.join(", ", shown.subList(0, shown.size() - 1)) + " or " + shown.get(shown.size() - 1);
        String before = List.of(Cause.values()).subList(0, cause.ordinal()).stream().map(c -> "`" + c.ruleId + "`")
                .collect(Collectors.joining(", "));
        return "ErrImagePull/ImagePullBackOff whose error (the waiting message or the kubelet's Failed event) contains " + list
                + (before.isEmpty() ? "" : ", unless it reads as " + before + " first") + "." + more;
    }
}
