package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.ImageRef;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Image pulls: {@code ErrImagePull}, {@code ImagePullBackOff}, {@code ErrImageNeverPull},
 * {@code InvalidImageName}. The cause is read from the waiting message and from the kubelet's
 * {@code Failed} events ("Failed to pull image "x": …"), in the wordings of Docker, containerd
 * and CRI-O. Events expire after an hour, so a bare {@code Back-off pulling image} still gives
 * the best answer the remaining evidence allows.
 */
public final class ImagePullRules implements RuleFamily {

    public static final RuleDefinition NOT_FOUND = new RuleDefinition("image-not-found",
            "Image or tag not found", Severity.CRITICAL, Stage.IMAGE,
            "The registry answered that the repository or tag does not exist, so the kubelet cannot pull the image.",
            "ErrImagePull/ImagePullBackOff with \"manifest unknown\", \"not found\" or \"repository does not exist\" in the waiting message or a Failed event.",
            List.of("Correct the image reference to a repository and tag that exist.",
                    "Push the missing tag to the registry."));
    public static final RuleDefinition UNAUTHORIZED = new RuleDefinition("image-pull-unauthorized",
            "Registry refused the pull (credentials)", Severity.CRITICAL, Stage.IMAGE,
            "The registry refused the pull because no credentials, or wrong ones, were presented.",
            "Pull errors \"401 Unauthorized\", \"403 Forbidden\", \"authorization failed\", \"no basic auth credentials\", \"pull access denied\", \"denied: requested access to the resource is denied\".",
            List.of("Create a docker-registry Secret for the registry and list it in spec.imagePullSecrets or on the pod's ServiceAccount.",
                    "Renew the credentials in the existing pull secret."));
    public static final RuleDefinition SECRET_MISSING = new RuleDefinition("image-pull-secret-missing",
            "Image pull secret does not exist", Severity.CRITICAL, Stage.IMAGE,
            "A Secret named in imagePullSecrets does not exist, so the pull is attempted without its credentials.",
            "Event FailedToRetrieveImagePullSecret: \"Unable to retrieve some image pull secrets (<names>)\".",
            List.of("Create the missing Secret in the pod's namespace, or remove it from imagePullSecrets."));
    public static final RuleDefinition UNREACHABLE = new RuleDefinition("image-registry-unreachable",
            "Registry unreachable", Severity.CRITICAL, Stage.IMAGE,
            "The node could not reach the registry: DNS failure, refused or timed-out connection, or a TLS/x509 error.",
            "Pull errors \"no such host\", \"i/o timeout\", \"connection refused\", \"x509:\", \"server gave HTTP response to HTTPS client\".",
            List.of("Check DNS, proxy and firewall from the node to the registry.",
                    "Trust the registry's CA on the nodes, or fix its certificate."));
    public static final RuleDefinition RATE_LIMITED = new RuleDefinition("image-pull-rate-limited",
            "Registry rate limit reached", Severity.CRITICAL, Stage.IMAGE,
            "The registry refused the pull because the node (or its NAT address) exceeded its pull rate limit.",
            "Pull errors \"toomanyrequests\", \"429 Too Many Requests\", \"rate limit\".",
            List.of("Authenticate pulls with a pull secret, mirror the image to your own registry, or use imagePullPolicy: IfNotPresent."));
    public static final RuleDefinition PLATFORM_MISMATCH = new RuleDefinition("image-platform-mismatch",
            "Image not built for the node's platform", Severity.CRITICAL, Stage.IMAGE,
            "The image has no variant for the node's operating system or CPU architecture.",
            "Pull error \"no matching manifest for linux/<arch> in the manifest list entries\".",
            List.of("Build and push a multi-architecture image, or schedule the pod onto nodes of the image's architecture."));
    public static final RuleDefinition NAME_INVALID = new RuleDefinition("image-name-invalid",
            "Invalid image name", Severity.CRITICAL, Stage.IMAGE,
            "The image reference cannot be parsed (upper-case letters, spaces, a stray colon, ...).",
            "Waiting reason InvalidImageName (\"Failed to apply default image tag ...\").",
            List.of("Write the image as [registry/]repository[:tag][@digest] in lower case."));
    public static final RuleDefinition NEVER_PULL = new RuleDefinition("image-never-pull",
            "Image absent and pull policy Never", Severity.CRITICAL, Stage.IMAGE,
            "imagePullPolicy is Never and the image is not present on the node, so the container cannot start.",
            "Waiting reason ErrImageNeverPull (\"Container image ... is not present with pull policy of Never\").",
            List.of("Pre-load the image onto the node, or set imagePullPolicy: IfNotPresent."));
    public static final RuleDefinition PULL_FAILED = new RuleDefinition("image-pull-failed",
            "Image pull failed", Severity.CRITICAL, Stage.IMAGE,
            "The kubelet cannot pull the image, for a reason no more specific rule recognises (or whose event has expired).",
            "ErrImagePull, ImagePullBackOff, ImageInspectError, RegistryUnavailable or SignatureValidationFailed that no other image rule explains.",
            List.of("Pull the image by hand from the node (crictl pull) to see the registry's answer."));

    private static final Set<String> PULL_WAITING_REASONS = Set.of("ErrImagePull", "ImagePullBackOff",
            "ImageInspectError", "RegistryUnavailable", "SignatureValidationFailed");
    /** "Unable to retrieve some image pull secrets (regcred, other); attempting to pull ..." */
    private static final Pattern SECRET_NAMES = Pattern.compile("image pull secrets \\(([^)]*)\\)");
    private static final Pattern PLATFORM = Pattern.compile("no matching manifest for ([\\w/.-]+)");
    private static final Pattern NEVER_PULL_IMAGE = Pattern.compile("Container image \"([^\"]+)\" is not present");

    @Override
    public List<RuleDefinition> rules() {
        return List.of(NOT_FOUND, UNAUTHORIZED, SECRET_MISSING, UNREACHABLE, RATE_LIMITED, PLATFORM_MISMATCH,
                NAME_INVALID, NEVER_PULL, PULL_FAILED);
    }

    @Override
    public List<Finding> detect(PodView pod) {
        List<String> missingSecrets = missingPullSecrets(pod);
        List<Finding> findings = new ArrayList<>();
        for (ContainerView c : pod.allContainers()) {
            failingPull(pod, c).ifPresent(failure -> findings.add(diagnose(pod, c, failure, missingSecrets)));
        }
        if (findings.isEmpty() && !missingSecrets.isEmpty() && !pod.phase().equals("Succeeded")) {
            // the secret is missing but no pull has failed (yet): the image may be public or cached
            findings.add(secretMissingWarning(pod, missingSecrets));
        }
        return findings;
    }

    /** What is known about a failing pull of one container. */
    private record PullFailure(String image, String waitingReason, String errorText, List<Evidence> evidence) {
    }

    private Optional<PullFailure> failingPull(PodView pod, ContainerView c) {
        String reason = c.waitingReason();
        List<Event> pullErrors = pod.eventsFor(c, "Failed", "ErrImagePull", "InspectFailed", "ErrImageNeverPull")
                .stream().filter(e -> containsAny(e.getMessage(), "pull", "image")).toList();
        boolean waitingOnPull = PULL_WAITING_REASONS.contains(reason) || reason.equals("ErrImageNeverPull")
                || reason.equals("InvalidImageName");
        // without a waiting reason, trust events only while the container has not started and no later pull succeeded
        boolean eventsOnly = !waitingOnPull && c.running().isEmpty() && c.terminated().isEmpty()
                && !pullErrors.isEmpty() && !pulledAfter(pod, c, EventFacts.lastSeen(pullErrors.get(0)));
        if (!waitingOnPull && !eventsOnly) {
            return Optional.empty();
        }
        List<Evidence> evidence = new ArrayList<>();
        c.waitingEvidence().ifPresent(evidence::add);
        // the detailed "Failed to pull image" first; "Error: ImagePullBackOff" says less
        List<Event> detailed = pullErrors.stream().filter(e -> containsAny(e.getMessage(), "Failed to pull", "rpc error",
                "Error response", "not present")).toList();
        evidence.addAll(PodView.evidence(detailed, 2));
        if (detailed.isEmpty()) {
            evidence.addAll(PodView.evidence(pullErrors, 1));
        }
        evidence.addAll(PodView.evidence(pod.eventsFor(c, "BackOff").stream()
                .filter(e -> containsAny(e.getMessage(), "pulling image")).toList(), 1));
        StringBuilder text = new StringBuilder(c.waitingMessage());
        detailed.forEach(e -> text.append('\n').append(Objects.toString(e.getMessage(), "")));
        return Optional.of(new PullFailure(c.image(), reason, text.toString(), evidence));
    }

    private static boolean pulledAfter(PodView pod, ContainerView c, Instant failedAt) {
        return pod.eventsFor(c, "Pulled").stream().map(EventFacts::lastSeen)
                .anyMatch(t -> t != null && failedAt != null && t.isAfter(failedAt));
    }

    private Finding diagnose(PodView pod, ContainerView c, PullFailure failure, List<String> missingSecrets) {
        ImageRef image = ImageRef.parse(failure.image());
        String err = failure.errorText();
        String where = c.kind() + " `" + c.name() + "`";
        String img = "`" + failure.image() + "`";
        Finding.Builder f;
        if (failure.waitingReason().equals("InvalidImageName")) {
            f = NAME_INVALID.finding()
                    .message("The image reference " + img + " of " + where + " is not a valid image name, so the kubelet cannot pull it.")
                    .headline("Invalid image name " + img)
                    .fix("Fix `" + c.specPath() + ".image` (" + img + "): lower case, no spaces, in the form `[registry/]repository[:tag][@digest]`.");
        } else if (failure.waitingReason().equals("ErrImageNeverPull") || containsAny(err, "pull policy of Never")) {
            f = NEVER_PULL.finding()
                    .message("Image " + img + " of " + where + " is not present on node " + nodeName(pod)
                            + " and its imagePullPolicy is `Never`, so the kubelet will not pull it.")
                    .headline("Image " + img + " is not on node " + nodeName(pod) + " (pull policy Never)")
                    .fix("Load " + img + " onto node " + nodeName(pod) + " before the pod starts (e.g. `crictl pull " + image.canonical() + "` on the node, or `kind load docker-image " + failure.image() + "`).")
                    .fix("Or set `" + c.specPath() + ".imagePullPolicy: IfNotPresent` so the kubelet may pull it.");
        } else if (!missingSecrets.isEmpty() && !looksNotFound(err) && !looksUnreachable(err)) {
            f = secretMissing(pod, missingSecrets, image)
                    .message("The pull secret(s) " + quoteAll(missingSecrets) + " named in imagePullSecrets do not exist in namespace `"
                            + pod.namespace() + "`, so " + img + " of " + where + " is pulled without credentials and fails.");
        } else if (containsAny(err, "toomanyrequests", "too many requests", "rate limit")) {
            f = RATE_LIMITED.finding()
                    .message("Registry `" + image.registry() + "` refused to serve " + img + " of " + where
                            + ": the pull rate limit was reached (toomanyrequests).")
                    .headline("Pull rate limit reached at " + image.registry() + " for " + img)
                    .fix("Pull " + img + " with credentials: add a docker-registry secret for `" + image.registry()
                            + "` to `spec.imagePullSecrets` (authenticated pulls have a higher limit).")
                    .fix("Mirror " + img + " into a registry you run (or use a pull-through cache) and point `" + c.specPath() + ".image` at it.")
                    .fix("Set `imagePullPolicy: IfNotPresent` with a fixed tag so nodes that have the image do not pull again.");
        } else if (containsAny(err, "no matching manifest for", "image with reference") && containsAny(err, "manifest", "platform")) {
            String platform = platformOf(err).orElse(nodePlatform(pod).orElse("the node's platform"));
            f = PLATFORM_MISMATCH.finding()
                    .message("Image " + img + " of " + where + " has no variant for " + platform + ", the platform of node "
                            + nodeName(pod) + ".")
                    .headline("Image " + img + " has no " + platform + " variant")
                    .fix("Build and push " + img + " for " + platform + " (e.g. `docker buildx build --platform linux/amd64,linux/arm64 --push -t " + failure.image() + " .`).")
                    .fix("Or keep the pod on nodes the image supports: `nodeSelector: {kubernetes.io/arch: <arch of the image>}`.");
        } else if (looksUnreachable(err)) {
            f = unreachable(pod, c, image, img, where, err);
        } else if (looksUnauthorized(err)) {
            f = unauthorized(pod, c, image, img, where, err);
        } else if (looksNotFound(err)) {
            f = NOT_FOUND.finding()
                    .message("Image " + img + " of " + where + " does not exist: registry `" + image.registry()
                            + "` has no " + image.version() + " in repository `" + image.repository() + "`.")
                    .headline("Image " + img + " does not exist in its registry")
                    .fix("Check which tags exist (`crane ls " + image.registry() + "/" + image.repository()
                            + "` or `skopeo list-tags docker://" + image.registry() + "/" + image.repository() + "`) and correct the "
                            + image.version() + " in `" + c.specPath() + ".image`" + pod.ownerHint() + ".")
                    .fix("If " + img + " is meant to exist, push it: `docker push " + image.canonical() + "`.");
        } else {
            f = genericPullFailure(pod, c, failure, image, img, where);
        }
        return f.container(c).evidence(failure.evidence()).build();
    }

    private static Finding.Builder unreachable(PodView pod, ContainerView c, ImageRef image, String img, String where, String err) {
        Finding.Builder f = UNREACHABLE.finding().headline("Registry " + image.registry() + " unreachable from node " + nodeName(pod));
        if (containsAny(err, "x509", "certificate")) {
            return f.message("Node " + nodeName(pod) + " does not trust the TLS certificate of registry `" + image.registry()
                            + "`, so " + img + " of " + where + " cannot be pulled.")
                    .fix("Install the CA that signed `" + image.registry() + "`'s certificate in the container runtime's trust store on the nodes (containerd: `/etc/containerd/certs.d/" + image.registry() + "/ca.crt`).")
                    .fix("Or give `" + image.registry() + "` a certificate from a CA the nodes already trust.");
        }
        if (containsAny(err, "server gave HTTP response to HTTPS client")) {
            return f.message("Registry `" + image.registry() + "` answers plain HTTP but the runtime on node " + nodeName(pod)
                            + " speaks HTTPS, so " + img + " of " + where + " cannot be pulled.")
                    .fix("Serve `" + image.registry() + "` over TLS, or configure the container runtime on the nodes to use `" + image.registry() + "` as an insecure (HTTP) registry.");
        }
        if (containsAny(err, "no such host", "server misbehaving", "lookup ")) {
            return f.message("Node " + nodeName(pod) + " cannot resolve the registry host `" + image.registry() + "` (DNS), so "
                            + img + " of " + where + " cannot be pulled.")
                    .fix("Check the spelling of `" + image.registry() + "` in `" + c.specPath() + ".image`.")
                    .fix("Check that node " + nodeName(pod) + " resolves `" + image.registry() + "` (`nslookup " + image.registry() + "` on the node; its /etc/resolv.conf and DNS servers).");
        }
        return f.message("Node " + nodeName(pod) + " cannot connect to registry `" + image.registry() + "` (connection refused or timed out), so "
                        + img + " of " + where + " cannot be pulled.")
                .fix("Check that `" + image.registry() + "` is up and that node " + nodeName(pod) + " may reach it on port 443: firewall, proxy (HTTPS_PROXY of the container runtime), network policy of the nodes.")
                .fix("Try the pull on the node itself: `crictl pull " + image.canonical() + "`.");
    }

    private static Finding.Builder unauthorized(PodView pod, ContainerView c, ImageRef image, String img, String where, String err) {
        List<String> secrets = pullSecretNames(pod);
        boolean ambiguous = containsAny(err, "repository does not exist", "may require");
        Finding.Builder f = UNAUTHORIZED.finding()
                .headline("Registry " + image.registry() + " refused to pull " + img + " (credentials)")
                .message("Registry `" + image.registry() + "` refused to serve " + img + " of " + where
                        + (secrets.isEmpty() ? " and the pod presents no pull secret" : " with the credentials of pull secret(s) " + quoteAll(secrets))
                        + (ambiguous ? "; the registry says the repository is private or does not exist." : "."));
        if (secrets.isEmpty()) {
            f.fix("Create a pull secret: `kubectl create secret docker-registry regcred -n " + pod.namespace() + " --docker-server="
                    + image.registry() + " --docker-username=<user> --docker-password=<token>`, then add `imagePullSecrets: [{name: regcred}]` to the pod template"
                    + pod.ownerHint() + " or to ServiceAccount `" + serviceAccount(pod) + "`.");
        } else {
            f.fix("Check that secret(s) " + quoteAll(secrets) + " in namespace `" + pod.namespace() + "` hold valid, unexpired credentials for `"
                    + image.registry() + "` (the `auths` key must be exactly `" + image.registry() + "`).");
        }
        if (ambiguous) {
            f.fix("Check that repository `" + image.repository() + "` exists on `" + image.registry() + "` and is spelled right in `" + c.specPath() + ".image`.");
        }
        return f.fix("Check that the account may read repository `" + image.repository() + "` (a 403 means authenticated but not permitted).");
    }

    private Finding.Builder genericPullFailure(PodView pod, ContainerView c, PullFailure failure, ImageRef image, String img, String where) {
        boolean detailsExpired = failure.errorText().isBlank() || failure.errorText().strip().startsWith("Back-off pulling image");
        Finding.Builder f = PULL_FAILED.finding().headline("Image " + img + " cannot be pulled");
        if (detailsExpired) {
            f.message("The kubelet is backing off pulling " + img + " of " + where
                    + "; the registry's answer is no longer in the events (they expire after an hour), so the exact cause is unknown.");
        } else {
            f.message("The kubelet cannot pull " + img + " of " + where + " (" + failure.waitingReason() + "): "
                    + firstLine(failure.errorText()));
        }
        return f.fix("See the registry's answer by pulling on node " + nodeName(pod) + ": `crictl pull " + image.canonical() + "`.")
                .fix("Check that " + image.version() + " exists in `" + image.registry() + "/" + image.repository() + "` (`crane ls "
                        + image.registry() + "/" + image.repository() + "`).")
                .fix("If `" + image.registry() + "` is private, reference a pull secret for it in `spec.imagePullSecrets`.");
    }

    private Finding.Builder secretMissing(PodView pod, List<String> missing, ImageRef image) {
        Finding.Builder f = SECRET_MISSING.finding()
                .headline("Image pull secret " + quoteAll(missing) + " does not exist")
                .evidence(PodView.evidence(pod.eventsWithReason("FailedToRetrieveImagePullSecret"), 1));
        for (String s : missing) {
            f.fix("Create secret `" + s + "` in namespace `" + pod.namespace() + "`: `kubectl create secret docker-registry " + s
                    + " -n " + pod.namespace() + " --docker-server=" + (image == null ? "<registry>" : image.registry())
                    + " --docker-username=<user> --docker-password=<token>`.");
        }
        return f.fix("Or remove " + quoteAll(missing) + " from `spec.imagePullSecrets`" + pod.ownerHint() + " / ServiceAccount `"
                + serviceAccount(pod) + "` if it is not needed.");
    }

    private Finding secretMissingWarning(PodView pod, List<String> missing) {
        return secretMissing(pod, missing, null).severity(Severity.WARNING)
                .message("The pull secret(s) " + quoteAll(missing) + " named by the pod do not exist in namespace `" + pod.namespace()
                        + "`; images are pulled without them, which fails for private registries.")
                .build();
    }

    /** Secret names from FailedToRetrieveImagePullSecret events. */
    private static List<String> missingPullSecrets(PodView pod) {
        List<String> names = new ArrayList<>();
        for (Event e : pod.eventsWithReason("FailedToRetrieveImagePullSecret")) {
            Matcher m = SECRET_NAMES.matcher(Objects.toString(e.getMessage(), ""));
            if (m.find()) {
                for (String n : m.group(1).split(",")) {
                    if (!n.isBlank() && !names.contains(n.strip())) {
                        names.add(n.strip());
                    }
                }
            }
        }
        if (names.isEmpty() && !pod.eventsWithReason("FailedToRetrieveImagePullSecret").isEmpty()) {
            names.addAll(pullSecretNames(pod));
        }
        return names;
    }

    private static boolean looksNotFound(String err) {
        return containsAny(err, "manifest unknown", "not found", "repository does not exist", "code = NotFound",
                "name unknown", "does not exist");
    }

    private static boolean looksUnreachable(String err) {
        return containsAny(err, "no such host", "i/o timeout", "connection refused", "x509", "certificate signed by unknown",
                "server gave HTTP response to HTTPS client", "TLS handshake timeout", "network is unreachable",
                "no route to host", "server misbehaving", "connection reset by peer", "dial tcp");
    }

    private static boolean looksUnauthorized(String err) {
        return containsAny(err, "401", "403 Forbidden", "unauthorized", "authorization failed", "no basic auth credentials",
                "pull access denied", "requested access to the resource is denied", "authentication required",
                "insufficient_scope", "denied:");
    }

    private static Optional<String> platformOf(String err) {
        Matcher m = PLATFORM.matcher(err);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> nodePlatform(PodView pod) {
        return pod.node().map(n -> n.getStatus() == null ? null : n.getStatus().getNodeInfo())
                .filter(Objects::nonNull)
                .map(i -> i.getOperatingSystem() + "/" + i.getArchitecture());
    }

    static String nodeName(PodView pod) {
        return pod.nodeName() == null ? "(not yet known)" : "`" + pod.nodeName() + "`";
    }

    private static List<String> pullSecretNames(PodView pod) {
        List<LocalObjectReference> refs = pod.spec().getImagePullSecrets();
        return refs == null ? List.of() : refs.stream().map(LocalObjectReference::getName).filter(Objects::nonNull).toList();
    }

    private static String serviceAccount(PodView pod) {
        String sa = pod.spec().getServiceAccountName();
        return sa == null || sa.isBlank() ? "default" : sa;
    }

    private static String quoteAll(List<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
