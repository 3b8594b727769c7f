package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;
import static dev.podtriage.diagnosis.Prose.code;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.ImageRef;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import dev.podtriage.diagnosis.rules.ImagePullSignatures.Cause;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>The error read is the latest one: the status message when it carries the error (ErrImagePull,
 * or the 1.31+ back-off message), else the newest detailed {@code Failed} event, never an older
 * event that may tell of an earlier, different failure. It is classified with quoted strings and
 * the image's own name blanked out (a digest or tag must not read as "401" or "not found"), in
 * this order: invalid name, pull policy Never, local runtime refusals (inspect error, signature
 * policy), rate limit, platform, unreachable (DNS/TCP/TLS), credentials (a missing pull secret
 * takes the blame here), not found, and otherwise a generic failure. A container without an image
 * waiting reason is diagnosed from the events only while it has not been created and no pull
 * succeeded after the last failure.
 */
public final class ImagePullRules implements RuleFamily, ContainerClaimant {

    public static final RuleDefinition NOT_FOUND = CatalogEntries.define(RuleId.IMAGE_NOT_FOUND,
            ImagePullSignatures.detection(Cause.NOT_FOUND, ""));
    public static final RuleDefinition UNAUTHORIZED = CatalogEntries.define(RuleId.IMAGE_PULL_UNAUTHORIZED,
            ImagePullSignatures.detection(Cause.UNAUTHORIZED, " A missing pull secret takes the blame when one is named (image-pull-secret-missing)."));
    public static final RuleDefinition SECRET_MISSING = CatalogEntries.define(RuleId.IMAGE_PULL_SECRET_MISSING,
            "Event FailedToRetrieveImagePullSecret: \"Unable to retrieve some image pull secrets (<names>)\". Critical when the registry then refuses the pull (401/403, \"pull access denied\") or its answer has expired; a warning when the pull succeeded or failed for another reason.");
    public static final RuleDefinition UNREACHABLE = CatalogEntries.define(RuleId.IMAGE_REGISTRY_UNREACHABLE,
            ImagePullSignatures.detection(Cause.UNREACHABLE, ""));
    public static final RuleDefinition RATE_LIMITED = CatalogEntries.define(RuleId.IMAGE_PULL_RATE_LIMITED,
            ImagePullSignatures.detection(Cause.RATE_LIMITED, ""));
    public static final RuleDefinition PLATFORM_MISMATCH = CatalogEntries.define(RuleId.IMAGE_PLATFORM_MISMATCH,
            ImagePullSignatures.detection(Cause.PLATFORM_MISMATCH, " The platform is read from the error or the Node's nodeInfo."));
    public static final RuleDefinition NAME_INVALID = CatalogEntries.define(RuleId.IMAGE_NAME_INVALID,
            "Waiting reason InvalidImageName (\"Failed to apply default image tag ...\").");
    public static final RuleDefinition NEVER_PULL = CatalogEntries.define(RuleId.IMAGE_NEVER_PULL,
            "Waiting reason ErrImageNeverPull (\"Container image ... is not present with pull policy of Never\").");
    public static final RuleDefinition PULL_FAILED = CatalogEntries.define(RuleId.IMAGE_PULL_FAILED,
            "ErrImagePull, ImagePullBackOff, ImageInspectError, RegistryUnavailable or SignatureValidationFailed that no other image rule explains, including a bare \"Back-off pulling image\" whose events have expired.");

    /**
     * What this family owns: the waiting reasons of a container whose image cannot be made available, and the
     * kubelet's events that report a failing pull.
     */
    static final Claims CLAIMS = new Claims(Stage.IMAGE,
            Set.of("ErrImagePull", "ImagePullBackOff", "ImageInspectError", "RegistryUnavailable", "SignatureValidationFailed",
                    "ErrImageNeverPull", "InvalidImageName"),
            Set.of(), Set.of("Failed", "InspectFailed", "ErrImageNeverPull"));
    /** Waiting reasons (or none) of a container that has not been created yet: its pull may be failing. */
    private static final Set<String> NOT_CREATED_YET = Set.of("", "ContainerCreating", "PodInitializing");
    /** "Unable to retrieve some image pull secrets (regcred, other); attempting to pull ..." */
    private static final Pattern SECRET_NAMES = Pattern.compile("image pull secrets \\(([^()\\n]{0,4096})\\)");
    private static final Pattern PLATFORM = Pattern.compile("no matching manifest for ([\\w/.-]+)");
    private static final Pattern NEVER_PULL_IMAGE = Pattern.compile("Container image \"([^\"]+)\" is not present");
    /** The kubelet's short "Error: ErrImagePull" events that follow the detailed one. */
    private static final Pattern KUBELET_ERROR = Pattern.compile("^Error: ("
            + String.join("|", CLAIMS.waiting().stream().sorted().toList()) + ")\\s*$");
    /** A back-off message without the previous error (kubelets before 1.31 or when the error is gone). */
    private static final Pattern BARE_BACKOFF = Pattern.compile("^Back-off pulling image \"[^\"]*\"\\s*$");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");
    /** "dial tcp 10.0.0.5:443: i/o timeout" */
    private static final Pattern DIAL_ADDRESS = Pattern.compile("dial tcp (\\[?[0-9a-fA-F.:]+\\]?):(\\d+)");
    /** "lookup registry.internal on 10.96.0.10:53: no such host" */
    private static final Pattern LOOKUP = Pattern.compile("lookup (\\S+?)(?: on (\\S+?))?: ");
    private static final Pattern HTTP_STATUS = Pattern.compile("\\b(401|403|429)\\b(?: (Unauthorized|Forbidden|Too Many Requests))?");
    /** Amazon ECR: 123456789012.dkr.ecr.eu-west-1.amazonaws.com */
    private static final Pattern ECR = Pattern.compile("^(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?$");

    @Override
    public Claims claims() {
        return CLAIMS;
    }

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
        boolean secretExplained = findings.stream().anyMatch(f -> f.rule().equals(SECRET_MISSING.id()));
        if (!secretExplained && !missingSecrets.isEmpty() && !pod.phase().equals("Succeeded")) {
            // the secret is missing but no pull failed for lack of it: the images may be public or cached
            findings.add(secretMissingWarning(pod, missingSecrets, !findings.isEmpty()));
        }
        return findings;
    }

    /**
     * What is known about a failing pull of one container.
     *
     * @param waitingReason the status's waiting reason, or the one the kubelet's events name when there is no status
     * @param errorText     the runtime's error: the status message when it carries one, else the newest detailed event
     * @param detailsExpired nothing but "Back-off pulling image" is left: the registry's answer has expired
     */
    private record PullFailure(String image, String waitingReason, String errorText, boolean detailsExpired,
                               List<Evidence> evidence) {
    }

    private Optional<PullFailure> failingPull(PodView pod, ContainerView c) {
        String reason = c.waitingReason();
        List<Event> pullErrors = pod.eventsFor(c, CLAIMS.eventReasons()).stream()
                .filter(ImagePullRules::isPullError).toList();
        boolean waitingOnImage = CLAIMS.waiting().contains(reason);
        // without an image waiting reason, trust the events only while the container has not been created
        // and no pull succeeded after the last failure
        boolean eventsOnly = !waitingOnImage && NOT_CREATED_YET.contains(reason) && c.running().isEmpty()
                && c.terminated().isEmpty() && c.lastTerminated().isEmpty()
                && !pullErrors.isEmpty() && !pulledAfter(pod, c, EventFacts.lastSeen(pullErrors.get(0)));
        if (!waitingOnImage && !eventsOnly) {
            return Optional.empty();
        }
        // newest first: the detailed "Failed to pull image" says what the registry answered, "Error: ErrImagePull" does not
        Optional<Event> detail = pullErrors.stream().filter(ImagePullRules::isPullDetail).findFirst();
        if (eventsOnly) {
            reason = reasonFromEvents(pullErrors, detail);
        }
        List<Evidence> evidence = new ArrayList<>();
        c.waitingEvidence().ifPresent(evidence::add);
        if (detail.isPresent()) {
            evidence.add(Evidence.event(detail.get()));
        } else {
            evidence.addAll(PodView.evidence(pullErrors, 1));
        }
        evidence.addAll(PodView.evidence(pod.eventsFor(c, "BackOff").stream()
                .filter(e -> containsAny(e.getMessage(), "pulling image")).toList(), 1));
        // the status is the latest word when it carries the error (ErrImagePull, or a 1.31+ back-off message);
        // an older event could tell of an earlier, different failure
        String status = c.waitingMessage();
        boolean statusHasDetail = !status.isBlank() && !BARE_BACKOFF.matcher(status).matches();
        String text = statusHasDetail ? status : detail.map(e -> Objects.toString(e.getMessage(), "")).orElse("");
        return Optional.of(new PullFailure(c.image(), reason, text, text.isBlank(), evidence));
    }

    private static boolean isPullDetail(Event e) {
        String m = Objects.toString(e.getMessage(), "");
        return m.startsWith("Failed to pull image") || m.startsWith("Failed to inspect image") || m.startsWith("image pull failed for ")
                || m.startsWith("Failed to apply default image tag") || NEVER_PULL_IMAGE.matcher(m).find();
    }

    private static boolean isPullError(Event e) {
        return isPullDetail(e) || KUBELET_ERROR.matcher(Objects.toString(e.getMessage(), "")).matches();
    }

    /** The waiting reason the kubelet would have written, read from its events. */
    private static String reasonFromEvents(List<Event> pullErrors, Optional<Event> detail) {
        for (Event e : pullErrors) {
            Matcher m = KUBELET_ERROR.matcher(Objects.toString(e.getMessage(), ""));
            if (m.matches()) {
                return m.group(1);
            }
        }
        String d = detail.map(Event::getMessage).orElse("");
        if (d.startsWith("Failed to apply default image tag")) {
            return "InvalidImageName";
        }
        if (d.startsWith("Failed to inspect image")) {
            return "ImageInspectError";
        }
        return NEVER_PULL_IMAGE.matcher(d).find() ? "ErrImageNeverPull" : "ErrImagePull";
    }

    private static boolean pulledAfter(PodView pod, ContainerView c, Instant failedAt) {
        return pod.eventsFor(c, "Pulled").stream().map(EventFacts::lastSeen)
                .anyMatch(t -> t != null && failedAt != null && t.isAfter(failedAt));
    }

    private Finding diagnose(PodView pod, ContainerView c, PullFailure failure, List<String> missingSecrets) {
        ImageRef image = ImageRef.parse(failure.image());
        String err = failure.errorText();
        String cls = classifiable(err, image);
        Cause told = ImagePullSignatures.classify(cls).orElse(null);
        String reason = failure.waitingReason();
        Prose where = Prose.of(c.kind() + " ", code(c.name()));
        Prose img = code(String.valueOf(failure.image()));
        Finding.Builder f;
        boolean platform = false;
        if (reason.equals("InvalidImageName") || containsAny(cls, "Failed to apply default image tag", "invalid reference format")) {
            f = nameInvalid(pod, c, failure, img, where);
        } else if (reason.equals("ErrImageNeverPull") || containsAny(err, "pull policy of Never")) {
            f = neverPull(pod, c, failure, image, img, where);
        } else if (reason.equals("ImageInspectError") || reason.equals("SignatureValidationFailed")
                || containsAny(cls, "SignatureValidationFailed", "Failed to inspect image")) {
            f = genericPullFailure(pod, c, failure, image, img, where);
        } else if (told == Cause.RATE_LIMITED) {
            f = RATE_LIMITED.finding().cause("registry", image.registry())
                    .message(Prose.of("Registry ", code(image.registry()), " refused to serve ", img, " of ", where,
                            ": the pull rate limit was reached (" + firstOf(cls, "toomanyrequests", "429 Too Many Requests", "rate limit") + ")"
                            + (image.dockerHub() ? "; anonymous Docker Hub pulls are limited per source IP, so all nodes behind one NAT address share the limit." : ".")))
                    .headline(Prose.of("Pull rate limit reached at " + image.registry() + " for ", img))
                    .fix(Prose.of("Pull ", img, " with credentials: create a docker-registry secret for ", code(pullServer(image)),
                            " and list it in ", code("spec.imagePullSecrets"), pod.ownerHint(), " (authenticated pulls have a higher limit)."))
                    .fix(Prose.of("Mirror ", img, " into a registry you run (or a pull-through cache) and point ", code(c.specPath() + ".image"), " at the copy."))
                    .fix(Prose.of("Set ", code(c.specPath() + ".imagePullPolicy: IfNotPresent"), " with a fixed tag so nodes that already have ", img,
                            " do not pull it again."));
        } else if (told == Cause.PLATFORM_MISMATCH) {
            f = platformMismatch(pod, failure, image, img, where, err);
            platform = true;
        } else if (told == Cause.UNREACHABLE) {
            f = unreachable(pod, c, image, img, where, err);
        } else if (told == Cause.UNAUTHORIZED) {
            f = missingSecrets.isEmpty() ? unauthorized(pod, c, image, img, where, cls)
                    : secretMissing(pod, missingSecrets, image)
                    .message(Prose.of("The pull secret(s) ", Prose.codes(missingSecrets), " named in imagePullSecrets do not exist in namespace ",
                            code(pod.namespace()), ", so ", img, " of ", where, " is pulled without their credentials and registry ",
                            code(image.registry()), " refuses it (" + authAnswer(cls) + ")."));
        } else if (told == Cause.NOT_FOUND) {
            Prose field = code(c.specPath() + ".image");
            f = NOT_FOUND.finding().cause("image", image.canonical())
                    .message(Prose.of("Image ", img, " of ", where, " does not exist: registry ", code(image.registry()),
                            " has no ", image.version(), " in repository ", code(image.repository()), "."))
                    .headline(Prose.of("Image ", img, " does not exist in its registry"));
            if (image.digest() != null) {
                f.fix(Prose.of("Look up the digest the tag you want points to (", code("crane digest " + image.name() + ":<tag>"), " or ",
                                code("skopeo inspect docker://" + image.name() + ":<tag>"), ") and correct the ", image.version(), " in ", field,
                                pod.ownerHint(), "."))
                        .fix(Prose.of("A digest names one manifest in one repository: check that the image was pushed to ", code(image.name()),
                                " and not only to another registry or repository (", code("crane manifest " + image.canonical()), ")."));
            } else {
                f.fix(Prose.of("Check which tags exist (", code("crane ls " + image.name()), " or ", code("skopeo list-tags docker://" + image.name()),
                                ") and correct the ", image.version(), " in ", field, pod.ownerHint(), "."))
                        .fix(Prose.of("If ", img, " is meant to exist, push it: ", code("docker push " + image.canonical()), "."));
            }
        } else if (!missingSecrets.isEmpty()) {
            f = secretMissing(pod, missingSecrets, image)
                    .message(Prose.of("The pull secret(s) ", Prose.codes(missingSecrets), " named in imagePullSecrets do not exist in namespace ",
                            code(pod.namespace()), " and the pull of ", img, " of ", where, " fails",
                            failure.detailsExpired() ? " (the registry's answer has expired from the events)" : Prose.of(": ", code(firstLine(err))),
                            "; pulling without the secret's credentials is the likely cause."));
        } else {
            f = genericPullFailure(pod, c, failure, image, img, where);
        }
        f.container(c).evidence(failure.evidence());
        if (platform) {
            nodePlatform(pod).ifPresent(pl -> f.evidence(Evidence.node("node/" + pod.nodeName() + " status.nodeInfo", null,
                    "operatingSystem/architecture: " + pl)));
        }
        return f.build();
    }

    private static Finding.Builder nameInvalid(PodView pod, ContainerView c, PullFailure failure, Prose img, Prose where) {
        String original = Objects.toString(failure.image(), "");
        Prose form = code("[registry[:port]/]repository[:tag][@digest]");
        Prose why;
        String example = null;
        boolean upperCase = containsAny(failure.errorText(), "must be lowercase");
        if (upperCase) {
            why = Prose.words("repository names must be lower case");
            example = original.toLowerCase(Locale.ROOT);
        } else if (original.endsWith(":") || original.endsWith("@")) {
            why = Prose.of("it ends in ", code(original.substring(original.length() - 1)), " with no tag or digest after it");
            example = original + (original.endsWith(":") ? "<tag>" : "sha256:<digest>");
        } else if (!original.equals(original.strip()) || original.chars().anyMatch(Character::isWhitespace)) {
            why = Prose.words("it contains whitespace");
        } else if (original.isBlank()) {
            why = Prose.words("it is empty");
        } else {
            why = Prose.of("it is not of the form ", form);
        }
        Prose field = code(c.specPath() + ".image");
        Finding.Builder f = NAME_INVALID.finding()
                .message(Prose.of("The image reference ", img, " of ", where, " is not a valid image name (", why,
                        "), so the kubelet cannot pull it."))
                .headline(Prose.of("Invalid image name ", img));
        if (upperCase) {
            f.fix(Prose.of("Write the repository of ", field, pod.ownerHint(), " in lower case, e.g. ", code(example),
                    "; tags are case-sensitive, so check that the tag exists as you write it."));
        } else if (example != null) {
            f.fix(Prose.of("Complete ", field, pod.ownerHint(), ": ", code(example),
                    "; when the reference is templated (Helm, Kustomize, CI), the value for the tag came out empty."));
        }
        return f.fix(Prose.of("Fix ", field, pod.ownerHint(), " (", img, "): lower-case repository, no spaces, in the form ", form, "."));
    }

    private static Finding.Builder neverPull(PodView pod, ContainerView c, PullFailure failure, ImageRef image, Prose img, Prose where) {
        Prose node = nodeName(pod);
        String nodeRaw = Objects.toString(pod.nodeName(), "");
        Finding.Builder f = NEVER_PULL.finding()
                .message(Prose.of("Image ", img, " of ", where, " is not present on node ", node, " and its imagePullPolicy is ", code("Never"),
                        ", so the kubelet will not pull it."))
                .headline(Prose.of("Image ", img, " is not on node ", node, " (pull policy Never)"));
        if (nodeRaw.startsWith("kind-") || nodeRaw.contains("-kind-")) {
            f.fix(Prose.of("Load ", img, " into the kind cluster's nodes: ", code("kind load docker-image " + failure.image()), " (add ",
                    code("--name <cluster>"), " for a cluster not named kind)."));
        } else if (nodeRaw.startsWith("minikube")) {
            f.fix(Prose.of("Load ", img, " into minikube: ", code("minikube image load " + failure.image()), " (or build it there with ",
                    code("minikube image build -t " + failure.image() + " ."), ")."));
        } else {
            f.fix(Prose.of("Load ", img, " onto node ", node, " before the pod starts (e.g. ", code("ctr -n k8s.io images import image.tar"), " or ",
                    code("crictl pull " + image.canonical()), " on the node)."));
        }
        return f.fix(Prose.of("Or set ", code(c.specPath() + ".imagePullPolicy: IfNotPresent"), pod.ownerHint(), " and push ", img,
                " to a registry the nodes can reach, so the kubelet may pull it."));
    }

    private static Finding.Builder platformMismatch(PodView pod, PullFailure failure, ImageRef image, Prose img, Prose where, String err) {
        Optional<String> nodePlatform = nodePlatform(pod);
        String platform = platformOf(err).orElse(nodePlatform.orElse("the node's platform"));
        Finding.Builder f = PLATFORM_MISMATCH.finding()
                .message(Prose.of("Image ", img, " of ", where, " has no variant for " + platform + ", the platform of node ", nodeName(pod),
                        ", so the runtime cannot pull it."))
                .headline(Prose.of("Image ", img, " has no " + platform + " variant"));
        String arch = platform.contains("/") ? platform.split("/")[1] : platform;
        return f.fix(Prose.of("See which platforms ", img, " has: ", code("crane manifest " + image.canonical()), " or ",
                        code("docker manifest inspect " + image.canonical()), "."))
                .fix(Prose.of("Build and push ", img, " for " + platform + " too (e.g. ",
                        code("docker buildx build --platform linux/amd64,linux/arm64 --push -t " + failure.image() + " ."), ")."))
                .fix(Prose.of("Or keep the pod off node ", nodeName(pod), " and nodes like it: ",
                        code("nodeSelector: {kubernetes.io/arch: <an architecture the image has>}"), " in ", code("spec"), pod.ownerHint(),
                        " (the node is ", code(arch), ")."));
    }

    private static Finding.Builder unreachable(PodView pod, ContainerView c, ImageRef image, Prose img, Prose where, String err) {
        Prose node = nodeName(pod);
        String runtime = ContainerFacts.runtime(pod, err).orElse(null);
        Prose registry = code(image.registry());
        Finding.Builder f = UNREACHABLE.finding().cause("registry", image.registry())
                .headline(Prose.of("Registry " + image.registry() + " unreachable from node ", node));
        if (containsAny(err, "x509", "certificate")) {
            boolean untrusted = false;
            Prose problem;
            if (containsAny(err, "certificate has expired", "not yet valid")) {
                problem = Prose.words("has expired (or is not yet valid)");
            } else if (containsAny(err, "is valid for", "doesn't contain any IP SANs", "not valid for any names")) {
                problem = Prose.of("does not name ", code(image.registryHost()));
            } else {
                problem = Prose.words("is signed by an authority the node does not trust");
                untrusted = true;
            }
            f.message(Prose.of("The TLS certificate of registry ", registry, " ", problem, " (x509), so node ", node, " refuses to pull ", img,
                    " of ", where, "."));
            if (untrusted) {
                f.fix(Prose.of("Install the CA that signed ", registry, "'s certificate on every node where the runtime reads it: ",
                        caPath(runtime, image.registry()), "."));
                return f.fix(Prose.of("Or give ", registry, " a certificate from a CA the nodes already trust."));
            }
            return f.fix(Prose.of("Renew the certificate of ", registry, " so that it is valid now and names ", code(image.registryHost()), "."));
        }
        if (containsAny(err, "server gave HTTP response to HTTPS client")) {
            return f.message(Prose.of("Registry ", registry, " answers plain HTTP but the runtime on node ", node, " speaks HTTPS to it, so ", img,
                            " of ", where, " cannot be pulled."))
                    .fix(Prose.of("Serve ", registry, " over TLS (recommended)."))
                    .fix(Prose.of("Or declare ", registry, " an HTTP registry on every node: ", insecureConfig(runtime, image.registry()), "."));
        }
        if (containsAny(err, "no such host", "server misbehaving", "Temporary failure in name resolution")) {
            Matcher lookup = LOOKUP.matcher(err);
            boolean found = lookup.find();
            String host = found ? lookup.group(1) : image.registryHost();
            String dns = found && lookup.group(2) != null ? " via DNS server " + lookup.group(2) : "";
            return f.message(Prose.of("Node ", node, " cannot resolve the registry host ", code(host), dns + " ("
                            + firstOf(err, "no such host", "server misbehaving", "Temporary failure in name resolution") + "), so ", img, " of ", where,
                            " cannot be pulled."))
                    .fix(Prose.of("Check the spelling of the registry ", registry, " in ", code(c.specPath() + ".image"), pod.ownerHint(), "."))
                    .fix(Prose.of("The container runtime resolves ", code(host), " with node ", node, "'s own resolver (its ", code("/etc/resolv.conf"),
                            "), not with in-cluster DNS names: check ", code("nslookup " + host),
                            " on the node and add the record to the DNS servers the nodes use."));
        }
        Matcher dial = DIAL_ADDRESS.matcher(err);
        String address = dial.find() ? dial.group(1) + ":" + dial.group(2)
                : image.registryHost() + ":" + Objects.requireNonNullElse(image.registryPort(), "443");
        String what = firstOf(err, "i/o timeout", "connection refused", "TLS handshake timeout", "no route to host",
                "network is unreachable", "connection reset by peer", "connection timed out", "dial tcp");
        return f.message(Prose.of("Node ", node, " cannot connect to registry ", registry, " at " + address + " (" + what + "), so ", img, " of ", where,
                        " cannot be pulled."))
                .fix(Prose.of("Check that ", registry, " is up and listening on " + address + ", and that node ", node,
                        " may reach it: firewall or security group, routes, network policy of the node network."))
                .fix(Prose.words("If the nodes reach registries through a proxy, set HTTPS_PROXY/NO_PROXY for the container runtime ("
                        + (runtime == null ? "containerd/CRI-O" : runtime) + " systemd unit) on the nodes."))
                .fix(Prose.of("Try from the node itself: ", code("curl -v https://" + image.registry() + "/v2/"), " and ",
                        code("crictl pull " + image.canonical()), "."));
    }

    private static Finding.Builder unauthorized(PodView pod, ContainerView c, ImageRef image, Prose img, Prose where, String cls) {
        List<String> secrets = pullSecretNames(pod);
        boolean anonymous = containsAny(cls, "anonymous token", "no basic auth credentials");
        boolean forbidden = HTTP_STATUS.matcher(cls).results().anyMatch(m -> m.group(1).equals("403")) || containsAny(cls, "forbidden");
        boolean ambiguous = containsAny(cls, "repository does not exist", "may require");
        Prose registry = code(image.registry());
        Prose repository = code(image.repository());
        Prose presented = secrets.isEmpty() ? Prose.words(" and the pod lists no pull secret (only the node's own registry credentials, if any, were used)")
                : anonymous ? Prose.of("; none of the pod's pull secret(s) ", Prose.codes(secrets), " holds credentials for ", registry, ", so none were sent")
                : Prose.of(" with the credentials of pull secret(s) ", Prose.codes(secrets));
        Finding.Builder f = UNAUTHORIZED.finding().cause("registry", image.registry())
                .headline(Prose.of("Registry " + image.registry() + " refused to pull ", img, " (credentials)"))
                .message(Prose.of("Registry ", registry, " refused to serve ", img, " of ", where, " (" + authAnswer(cls) + ")", presented,
                        forbidden ? Prose.of("; a 403 means the credentials were accepted but may not read repository ", repository) : Prose.EMPTY,
                        ambiguous ? "; the registry says the repository is private or does not exist" : "", "."));
        Matcher ecr = ECR.matcher(image.registry());
        boolean google = image.registryHost().endsWith("gcr.io") || image.registryHost().endsWith("-docker.pkg.dev");
        boolean cloud = ecr.matches() || google || image.registryHost().endsWith(".azurecr.io");
        if (ecr.matches()) {
            f.fix(Prose.of("Amazon ECR: give the nodes' IAM role read access to repository ", repository, " in account " + ecr.group(1)
                    + ", region " + ecr.group(2) + " (managed policy ", code("AmazonEC2ContainerRegistryReadOnly"), ": ecr:GetAuthorizationToken, "
                    + "ecr:BatchGetImage, ecr:GetDownloadUrlForLayer), and allow it in the repository policy when the nodes are in another account."));
        } else if (google) {
            f.fix(Prose.of("Google Artifact Registry: grant the nodes' service account ", code("roles/artifactregistry.reader"),
                    " on the repository of ", code(image.name()), " (project ", code(image.repository().split("/")[0]), ")."));
        } else if (image.registryHost().endsWith(".azurecr.io")) {
            f.fix(Prose.of("Azure Container Registry: give the kubelet identity the AcrPull role (",
                    code("az aks update -n <cluster> -g <resource-group> --attach-acr " + image.registryHost().substring(0, image.registryHost().indexOf('.'))),
                    ")."));
        }
        if (secrets.isEmpty()) {
            String login = ecr.matches() ? "--docker-username=AWS --docker-password=\"$(aws ecr get-login-password --region " + ecr.group(2) + ")\""
                    : google ? "--docker-username=_json_key --docker-password=\"$(cat key.json)\""
                    : "--docker-username=<user> --docker-password=<token>";
            String loginNote = ecr.matches() ? " (the token expires after 12 hours: prefer the node role)"
                    : google ? " (a service-account key with read access)" : "";
            f.fix(Prose.of(cloud ? "Or create" : "Create", " a pull secret: ",
                    code("kubectl create secret docker-registry regcred -n " + pod.namespace() + " --docker-server=" + pullServer(image) + " " + login),
                    loginNote, ", then add ", code("imagePullSecrets: [{name: regcred}]"), " to the pod template", pod.ownerHint(),
                    " or to ServiceAccount ", code(serviceAccount(pod)), "."));
        } else {
            f.fix(Prose.of("Check that secret(s) ", Prose.codes(secrets), " in namespace ", code(pod.namespace()), " hold valid, unexpired credentials under the ",
                    code("auths"), " key ", code(pullServer(image)), ": ", code("kubectl get secret " + secrets.get(0) + " -n " + pod.namespace()
                            + " -o jsonpath='{.data.\\.dockerconfigjson}' | base64 -d"), "."));
        }
        if (ambiguous) {
            f.fix(Prose.of("Check that repository ", repository, " exists on ", registry, " and is spelled right in ", code(c.specPath() + ".image"), "."));
        }
        return f.fix(Prose.of("Check that the account may read repository ", repository, " on ", registry, "."));
    }

    private Finding.Builder genericPullFailure(PodView pod, ContainerView c, PullFailure failure, ImageRef image, Prose img, Prose where) {
        String err = failure.errorText();
        Prose node = nodeName(pod);
        Finding.Builder f = PULL_FAILED.finding().headline(Prose.of("Image ", img, " cannot be pulled"));
        if (failure.waitingReason().equals("SignatureValidationFailed") || containsAny(err, "SignatureValidationFailed")) {
            return f.headline(Prose.of("Image ", img, " failed signature validation"))
                    .message(Prose.of("The container runtime on node ", node, " rejected ", img, " of ", where,
                            " because it does not satisfy the node's image signature policy (SignatureValidationFailed)", quoted(afterDesc(err))))
                    .fix(Prose.of("Sign ", img, " with a key the policy trusts (e.g. ", code("cosign sign --key <key> " + image.canonical()),
                            "), or reference a signed image."))
                    .fix(Prose.of("Check the signature policy for ", code(image.name()), " on node ", node, " (CRI-O: ", code("/etc/containers/policy.json"),
                            " and ", code("/etc/containers/registries.d/"), ")."));
        }
        if (failure.waitingReason().equals("ImageInspectError") || containsAny(err, "Failed to inspect image")) {
            return f.headline(Prose.of("The runtime on node ", node, " cannot inspect image ", img))
                    .message(Prose.of("The container runtime on node ", node, " cannot inspect its local copy of ", img, " of ", where,
                            " (ImageInspectError), so the container cannot be created", quoted(afterDesc(err))))
                    .fix(Prose.of("On node ", node, ", look at the image (", code("crictl inspecti " + failure.image()), "), remove the broken copy (",
                            code("crictl rmi " + failure.image()), ") and let the kubelet pull it again."))
                    .fix(Prose.of("Check the runtime's storage on node ", node,
                            " (disk space, filesystem errors in its journal) and restart the runtime if it stays broken."));
        }
        if (failure.detailsExpired()) {
            f.message(Prose.of("The kubelet is backing off pulling ", img, " of ", where, " (" + failure.waitingReason()
                    + "); the registry's answer is no longer in the events (they expire after an hour), so the exact cause is unknown."));
        } else {
            f.message(Prose.of("The kubelet cannot pull ", img, " of ", where, " (" + failure.waitingReason() + ")", quoted(firstLine(err))));
        }
        f.fix(Prose.of("See the registry's answer by pulling on node ", node, ": ", code("crictl pull " + image.canonical()), "."));
        if (failure.detailsExpired() && pod.workload().isPresent()) {
            f.fix(Prose.of("Or delete the pod (", code("kubectl delete pod " + pod.name() + " -n " + pod.namespace()), "): its replacement",
                    pod.ownerHint(), " pulls again and a fresh ", code("Failed"), " event shows the registry's answer."));
        }
        return f.fix(Prose.of("Check that ", image.version(), " exists in ", code(image.name()), " (", code("crane ls " + image.name()), ")."))
                .fix(Prose.of("If ", code(image.registry()), " is private, reference a pull secret for it in ", code("spec.imagePullSecrets"),
                        pod.ownerHint(), "."));
    }

    private Finding.Builder secretMissing(PodView pod, List<String> missing, ImageRef image) {
        Finding.Builder f = SECRET_MISSING.finding().cause("secret", pod.namespace(), String.join(",", missing))
                .headline(Prose.of("Image pull secret ", Prose.codes(missing), " does not exist"))
                .evidence(PodView.evidence(pod.eventsWithReason("FailedToRetrieveImagePullSecret"), 1));
        String server = image == null ? "<registry>" : pullServer(image);
        for (String s : missing) {
            f.fix(Prose.of("Create secret ", code(s), " in namespace ", code(pod.namespace()), ": ", code("kubectl create secret docker-registry " + s
                    + " -n " + pod.namespace() + " --docker-server=" + server + " --docker-username=<user> --docker-password=<token>"), "."));
        }
        return f.fix(Prose.of("Or remove ", Prose.codes(missing), " from ", code("spec.imagePullSecrets"), pod.ownerHint(), " / ServiceAccount ",
                code(serviceAccount(pod)), " if it is not needed."));
    }

    private Finding secretMissingWarning(PodView pod, List<String> missing, boolean otherFailure) {
        // the registry the secret was most likely meant for: the first image not on Docker Hub
        ImageRef image = pod.allContainers().stream().map(ContainerView::image).filter(Objects::nonNull).map(ImageRef::parse)
                .filter(r -> !r.dockerHub()).findFirst()
                .orElse(pod.allContainers().stream().map(ContainerView::image).filter(Objects::nonNull).map(ImageRef::parse)
                        .findFirst().orElse(null));
        return secretMissing(pod, missing, image).severity(Severity.WARNING, otherFailure ? "a secondary cause: another failure makes the pull fail" : "the images were pulled without it")
                .message(Prose.of("The pull secret(s) ", Prose.codes(missing), " named by the pod do not exist in namespace ", code(pod.namespace()),
                        "; " + (otherFailure ? "this is not what makes the pull fail, but the images are pulled without them"
                        : "the images were pulled without them, which only works while they stay public or cached on the node") + "."))
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

    /**
     * The error with quoted strings (image references, URLs) and the image's own name blanked out,
     * so that a tag, repository or digest never reads as "401" or "not found".
     */
    private static String classifiable(String err, ImageRef image) {
        String t = QUOTED.matcher(err).replaceAll("\"…\"");
        for (String ref : new String[] {image.canonical(), image.original(), image.name()}) {
            // a bare "nginx" cannot be mistaken for an error word, and replacing it could cut words apart
            if (ref != null && ref.matches(".*[:/@].*")) {
                t = t.replace(ref, "<image>");
            }
        }
        return t;
    }

    /** What the registry answered, in its own words: "401 Unauthorized", "no basic auth credentials", ... */
    private static String authAnswer(String cls) {
        Matcher m = HTTP_STATUS.matcher(cls);
        while (m.find()) {
            if (!m.group(1).equals("429")) {
                return m.group(2) == null ? m.group(1) : m.group(1) + " " + m.group(2);
            }
        }
        return firstOf(cls, "no basic auth credentials", "pull access denied", "requested access to the resource is denied",
                "insufficient_scope", "authorization failed", "authentication required", "not authorized", "unauthorized", "forbidden", "denied");
    }

    /** The first needle (in the given order of preference) that occurs in the text, as written there; else the first needle. */
    private static String firstOf(String text, String... needles) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String n : needles) {
            int i = lower.indexOf(n.toLowerCase(Locale.ROOT));
            if (i >= 0) {
                return text.substring(i, i + n.length());
            }
        }
        return needles[0];
    }

    private static Optional<String> platformOf(String err) {
        Matcher m = PLATFORM.matcher(err);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> nodePlatform(PodView pod) {
        return pod.node().map(n -> n.getStatus() == null ? null : n.getStatus().getNodeInfo())
                .filter(i -> i != null && i.getArchitecture() != null)
                .map(i -> Objects.toString(i.getOperatingSystem(), "linux") + "/" + i.getArchitecture());
    }

    /** Where the runtime reads a registry's CA certificate. */
    private static Prose caPath(String runtime, String registry) {
        Prose containerd = code("/etc/containerd/certs.d/" + registry + "/ca.crt");
        Prose crio = code("/etc/containers/certs.d/" + registry + "/ca.crt");
        return switch (Objects.toString(runtime, "")) {
            case "docker" -> code("/etc/docker/certs.d/" + registry + "/ca.crt");
            case "cri-o" -> crio;
            case "containerd" -> Prose.of(containerd, " (referenced from ", code("hosts.toml"), " there)");
            default -> Prose.of("containerd ", containerd, ", CRI-O ", crio, ", or the node's system trust store");
        };
    }

    /** How to declare a registry an HTTP one, per runtime. */
    private static Prose insecureConfig(String runtime, String registry) {
        Prose containerd = Prose.of("containerd ", code("/etc/containerd/certs.d/" + registry + "/hosts.toml"), " with ",
                code("server = \"http://" + registry + "\""), " and ", code("[host.\"http://" + registry + "\"]"));
        Prose crio = Prose.of("CRI-O ", code("[[registry]] location = \"" + registry + "\" insecure = true"), " in ", code("/etc/containers/registries.conf"));
        Prose docker = Prose.of("Docker ", code("\"insecure-registries\": [\"" + registry + "\"]"), " in ", code("/etc/docker/daemon.json"));
        return switch (Objects.toString(runtime, "")) {
            case "containerd" -> containerd;
            case "cri-o" -> crio;
            case "docker" -> docker;
            default -> Prose.of(containerd, "; ", crio);
        };
    }

    /** The server a docker-registry secret must name: Docker Hub's is its legacy v1 URL. */
    private static String pullServer(ImageRef image) {
        return image.dockerHub() ? "https://index.docker.io/v1/" : image.registry();
    }

    /** The node's name as code, or "(not yet known)". */
    static Prose nodeName(PodView pod) {
        return pod.nodeName() == null ? Prose.words("(not yet known)") : code(pod.nodeName());
    }

    private static List<String> pullSecretNames(PodView pod) {
        List<LocalObjectReference> refs = pod.spec().getImagePullSecrets();
        return refs == null ? List.of() : refs.stream().filter(Objects::nonNull).map(LocalObjectReference::getName)
                .filter(Objects::nonNull).toList();
    }

    private static String serviceAccount(PodView pod) {
        String sa = pod.spec().getServiceAccountName();
        return sa == null || sa.isBlank() ? "default" : sa;
    }

    /** ": `the runtime's words`." quoted verbatim, or just the full stop when there are none. */
    private static Prose quoted(String text) {
        return text.isBlank() ? Prose.words(".") : Prose.of(": ", code(text), ".");
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** The runtime's own words: what follows "desc = " of a gRPC error, or the whole first line. */
    private static String afterDesc(String err) {
        String line = firstLine(err);
        int desc = line.lastIndexOf("desc = ");
        return desc < 0 ? line : line.substring(desc + "desc = ".length());
    }
}
