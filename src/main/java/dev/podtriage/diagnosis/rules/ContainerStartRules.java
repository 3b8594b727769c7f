package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;
import static dev.podtriage.diagnosis.Prose.code;
import static dev.podtriage.diagnosis.rules.ContainerFacts.commandLine;
import static dev.podtriage.diagnosis.rules.ContainerFacts.imageOf;
import static dev.podtriage.diagnosis.rules.ContainerFacts.node;
import static dev.podtriage.diagnosis.rules.ContainerFacts.q;
import static dev.podtriage.diagnosis.rules.ContainerFacts.title;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.EventFacts;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.RuleFamily;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.diagnosis.Stage;
import dev.podtriage.diagnosis.rules.ContainerFacts.Recency;
import dev.podtriage.diagnosis.rules.ContainerStartSignatures.Signature;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Container creation and start: the kubelet cannot build the container's configuration
 * ({@code CreateContainerConfigError}), the runtime cannot create it ({@code CreateContainerError})
 * or cannot exec its entrypoint ({@code RunContainerError}, terminated {@code StartError} with
 * containerd, {@code ContainerCannotRun} with Docker, {@code CreateContainerError} with CRI-O, whose
 * runc/crun creates the process at create time). A shell that cannot find or run its command
 * exits 127 or 126: those are start failures too, not application crashes.
 * <p>
 * The later container families ask {@link ContainerClaims} (which asks {@link #claims(PodView, ContainerView)})
 * so that a container is never reported as both "command not found" and "crash-looping".
 */
public final class ContainerStartRules implements RuleFamily, ContainerClaimant {

    public static final RuleDefinition CONFIG_MISSING = CatalogEntries.define(RuleId.CONFIG_MISSING,
            ContainerStartSignatures.detection(RuleId.CONFIG_MISSING,
                    "Waiting reason CreateContainerConfigError, or the kubelet's Failed event `Error: …`, whose message reads",
                    "The extracted object and key name the fix."));
    public static final RuleDefinition CREATE_FAILED = CatalogEntries.define(RuleId.CONTAINER_CREATE_FAILED,
            ContainerStartSignatures.detection(RuleId.CONTAINER_CREATE_FAILED,
                    "Waiting reason CreateContainerError, PreStartHookError or PreCreateHookError, or a CreateContainerConfigError "
                            + "that names no missing object; the message reads",
                    "Any other CreateContainerError is reported with the runtime's own words."));
    public static final RuleDefinition COMMAND_NOT_FOUND = CatalogEntries.define(RuleId.CONTAINER_COMMAND_NOT_FOUND,
            ContainerStartSignatures.detection(RuleId.CONTAINER_COMMAND_NOT_FOUND,
                    "A StartError / ContainerCannotRun / RunContainerError / CreateContainerError (or the container's log) that reads",
                    "Or exit code 127 (a shell that cannot find its command)."));
    public static final RuleDefinition PERMISSION_DENIED = CatalogEntries.define(RuleId.CONTAINER_PERMISSION_DENIED,
            ContainerStartSignatures.detection(RuleId.CONTAINER_PERMISSION_DENIED,
                    "A StartError / ContainerCannotRun / RunContainerError (or the container's log) that reads",
                    "Or exit code 126 (a shell that may not run its command)."));
    public static final RuleDefinition START_FAILED = CatalogEntries.define(RuleId.CONTAINER_START_FAILED,
            ContainerStartSignatures.detection(RuleId.CONTAINER_START_FAILED,
                    "A RunContainerError / StartError / ContainerCannotRun that reads",
                    "Also any other RunContainerError / StartError / ContainerCannotRun, PostStartHookError, or FailedPostStartHook events."));

    /**
     * What this family owns: the waiting reasons that mean the container could not be created or started, the
     * terminated reasons of a process that never ran (containerd's StartError, Docker's ContainerCannotRun), and
     * the kubelet's error and hook events.
     */
    static final Claims CLAIMS = new Claims(Stage.CONTAINER_START,
            Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError", "PreStartHookError",
                    "PreCreateHookError", "PostStartHookError", "StartError", "ContainerCannotRun"),
            Set.of("StartError", "ContainerCannotRun"),
            Set.of("Failed", "FailedPostStartHook", "FailedPreStopHook"));
    private static final Set<String> START_WAITING = CLAIMS.waiting();
    private static final Set<String> START_TERMINATED = CLAIMS.terminated();

    @Override
    public List<RuleDefinition> rules() {
        return List.of(CONFIG_MISSING, CREATE_FAILED, COMMAND_NOT_FOUND, PERMISSION_DENIED, START_FAILED);
    }

    @Override
    public List<Finding> detect(PodView pod) {
        if (ContainerFacts.explainedAtPodLevel(pod) || pod.phase().equals("Succeeded")) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (ContainerView c : pod.allContainers()) {
            failure(pod, c).ifPresent(f -> findings.add(diagnose(pod, c, f)));
        }
        return findings;
    }

    @Override
    public Claims claims() {
        return CLAIMS;
    }

    /** Whether this family reports the container's current failure (so that no later family reports it again). */
    @Override
    public boolean claims(PodView pod, ContainerView c) {
        return !ContainerFacts.explainedAtPodLevel(pod) && !pod.phase().equals("Succeeded") && failure(pod, c).isPresent();
    }

    /**
     * A start failure of one container.
     *
     * @param reason   the waiting or terminated reason (inferred from the text when only events remain)
     * @param text     the runtime's or kubelet's message (plus the log tail for shells that exit 126/127)
     * @param exitCode the exit code when the failure left a termination
     * @param hook     "postStart" or "preStart" when a lifecycle hook failed
     */
    private record Failure(String reason, String text, Integer exitCode, String hook, Severity severity,
                           List<Evidence> evidence) {
    }

    private static Optional<Failure> failure(PodView pod, ContainerView c) {
        String waiting = c.waitingReason();
        List<Evidence> evidence = new ArrayList<>();
        Optional<ContainerStateTerminated> latest = ContainerFacts.latestTermination(c);
        List<Event> errorEvents = errorEvents(pod, c);
        List<Event> hookEvents = pod.eventsFor(c, "FailedPostStartHook", "FailedPreStopHook").stream()
                .filter(e -> !Objects.toString(e.getMessage(), "").contains("PreStop")).toList();

        // 1. the container waits because it cannot be created or started
        if (START_WAITING.contains(waiting)) {
            c.waitingEvidence().ifPresent(evidence::add);
            Integer exit = null;
            if (latest.isPresent() && START_TERMINATED.contains(ContainerFacts.reason(latest.get()))) {
                ContainerFacts.latestTerminationEvidence(c).ifPresent(evidence::add);
                exit = latest.get().getExitCode();
            }
            String text = c.waitingMessage();
            if (text.isBlank() && !errorEvents.isEmpty()) {
                text = stripError(errorEvents.get(0).getMessage());
            }
            evidence.addAll(PodView.evidence(errorEvents, 1));
            String hook = switch (waiting) {
                case "PostStartHookError" -> "postStart";
                case "PreStartHookError", "PreCreateHookError" -> "preStart";
                default -> null;
            };
            if ("postStart".equals(hook)) {
                evidence.addAll(PodView.evidence(hookEvents, 2));
                if (!hookEvents.isEmpty()) {
                    text = text + "\n" + hookEvents.stream().map(e -> Objects.toString(e.getMessage(), ""))
                            .reduce((a, b) -> a + "\n" + b).orElse("");
                }
            }
            return Optional.of(new Failure(waiting, text, exit, hook, Severity.CRITICAL, evidence));
        }

        // 2. the latest termination says the process never ran, or a shell could not run its command
        if (latest.isPresent()) {
            ContainerStateTerminated t = latest.get();
            String reason = ContainerFacts.reason(t);
            int code = ContainerFacts.exitCode(t);
            boolean current = c.terminated().isPresent() || waiting.equals("CrashLoopBackOff");
            Recency recency = ContainerFacts.recency(pod, c, ContainerFacts.RECENT);
            if (current && !hookEvents.isEmpty() && near(hookEvents.get(0), ContainerFacts.terminatedAt(c).orElse(null))) {
                c.waitingEvidence().ifPresent(evidence::add);
                ContainerFacts.latestTerminationEvidence(c).ifPresent(evidence::add);
                evidence.addAll(PodView.evidence(hookEvents, 2));
                String text = hookEvents.stream().map(e -> Objects.toString(e.getMessage(), ""))
                        .reduce((a, b) -> a + "\n" + b).orElse("");
                return Optional.of(new Failure("PostStartHookError", text, code, "postStart", Severity.CRITICAL, evidence));
            }
            String text = ContainerFacts.terminationMessage(t).orElse("");
            String log = pod.previousLog(c).orElse("");
            boolean shellFailure = (code == 127 || code == 126) && !reason.equals("OOMKilled");
            boolean execFailure = code != 0 && !reason.equals("OOMKilled")
                    && ContainerStartSignatures.TABLE.first(s -> s == Signature.EXEC_FORMAT || s == Signature.MISSING_INTERPRETER,
                    text + "\n" + log).isPresent();
            if ((START_TERMINATED.contains(reason) && current)
                    || ((shellFailure || execFailure) && recency != Recency.OLD)) {
                c.waitingEvidence().ifPresent(evidence::add);
                ContainerFacts.latestTerminationEvidence(c).ifPresent(evidence::add);
                evidence.addAll(PodView.evidence(errorEvents, 1));
                if (text.isBlank() && !errorEvents.isEmpty()) {
                    text = stripError(errorEvents.get(0).getMessage());
                }
                if (!log.isBlank()) {
                    evidence.add(Evidence.log(c.name(), log));
                }
                Severity severity = START_TERMINATED.contains(reason) ? Severity.CRITICAL : ContainerFacts.severity(c, recency);
                return Optional.of(new Failure(reason.isEmpty() ? "Error" : reason,
                        log.isBlank() ? text : text + "\n" + log, code, null, severity, evidence));
            }
        }

        // 3. only the kubelet's events tell (no status yet, or a partial object)
        boolean noState = c.status() == null || (c.running().isEmpty() && c.terminated().isEmpty()
                && (waiting.isEmpty() || waiting.equals("ContainerCreating") || waiting.equals("PodInitializing")));
        if (noState && !errorEvents.isEmpty() && !startedAfter(pod, c, EventFacts.lastSeen(errorEvents.get(0)))) {
            String text = stripError(errorEvents.get(0).getMessage());
            evidence.addAll(PodView.evidence(errorEvents, 2));
            c.waitingEvidence().ifPresent(evidence::add);
            return Optional.of(new Failure(ContainerStartSignatures.inferReason(text), text, null, null, Severity.CRITICAL, evidence));
        }
        return Optional.empty();
    }

    /** The kubelet's "Failed" events "Error: …" about this container, image pulls excluded (ImagePullRules' job). */
    private static List<Event> errorEvents(PodView pod, ContainerView c) {
        return pod.eventsFor(c, "Failed").stream().filter(e -> {
            String m = Objects.toString(e.getMessage(), "");
            return m.startsWith("Error: ") && !ContainerClaims.standard().namesWaitingBefore(Stage.CONTAINER_START, m)
                    && !containsAny(m, "pull image", "pulling image");
        }).toList();
    }

    private static String stripError(String message) {
        String m = Objects.toString(message, "");
        return m.startsWith("Error: ") ? m.substring("Error: ".length()) : m;
    }

    private static boolean startedAfter(PodView pod, ContainerView c, Instant t) {
        return pod.eventsFor(c, "Started").stream().map(EventFacts::lastSeen)
                .anyMatch(s -> s != null && t != null && s.isAfter(t));
    }

    /** A hook failure belongs to the latest termination when it happened within a few minutes of it. */
    private static boolean near(Event e, Instant terminatedAt) {
        Instant seen = EventFacts.lastSeen(e);
        return seen == null || terminatedAt == null || Duration.between(seen, terminatedAt).abs().compareTo(Duration.ofMinutes(5)) <= 0;
    }

    /** The first wording of the chosen signatures in the text. */
    private static Optional<Wording.Hit<Signature>> find(java.util.function.Predicate<Signature> which, String text) {
        return ContainerStartSignatures.TABLE.first(which, text);
    }

    // ------------------------------------------------------------------ findings

    private Finding diagnose(PodView pod, ContainerView c, Failure f) {
        String text = f.text() == null ? "" : f.text();
        Finding.Builder b;
        Signature s = find(Signature::decides, text).map(Wording.Hit::signature).orElse(null);
        if (f.hook() != null) {
            b = hookFailed(pod, c, f, text);
        } else if (s == Signature.MISSING_KEY || s == Signature.MISSING_OBJECT) {
            Wording.Hit<Signature> hit = find(x -> x == s, text).orElseThrow();
            String kind = hit.get("secret") != null ? "Secret" : "ConfigMap";
            String name = kind.equals("Secret") ? hit.get("secret") : hit.get("configmap");
            b = s == Signature.MISSING_KEY ? missingKey(pod, c, f.evidence(), hit.get("key"), kind, hit.get("namespace"), name)
                    : missingObject(pod, c, f.evidence(), kind, name);
        } else if (s == Signature.RUN_AS_ROOT || s == Signature.NON_NUMERIC_USER) {
            b = runAsNonRoot(pod, c, f.evidence(), text);
        } else if (s != null && s.rule == RuleId.CONTAINER_COMMAND_NOT_FOUND || Objects.equals(f.exitCode(), 127)) {
            b = commandNotFound(pod, c, f, text);
        } else if (s == Signature.PERMISSION || Objects.equals(f.exitCode(), 126)) {
            b = permissionDenied(pod, c, f, text);
        } else if (s == Signature.EXEC_FORMAT) {
            b = execFormat(pod, c, f.evidence(), text);
        } else if (f.reason().equals("CreateContainerConfigError") || f.reason().equals("CreateContainerError")) {
            b = createFailed(pod, c, f, text);
        } else {
            b = startFailed(pod, c, f, text);
        }
        return b.container(c).severity(f.severity(), ContainerFacts.recoveringReason(c)).build();
    }

    /** The first line of the runtime's or kubelet's text, verbatim (shortened), as code. */
    private static Prose quoted(String text) {
        return q(ContainerFacts.shorten(text.strip().split("\\R", 2)[0], 400));
    }

    /** "image `x`", or the fallback words when the container's image is not known. */
    private static Prose image(ContainerView c, String fallback) {
        return c.image() == null ? Prose.words(fallback) : Prose.of("image ", code(c.image()));
    }

    /** The value (an executable, a path) as code, or the fallback words when the text names none. */
    private static Prose codeOr(String value, String fallback) {
        return value == null ? Prose.words(fallback) : code(value);
    }

    /** " Its command is `…`." when the spec sets one. */
    private static Prose itsCommand(Optional<String> cmd) {
        return cmd.map(x -> Prose.of(" Its command is ", code(x), ".")).orElse(Prose.EMPTY);
    }

    private Finding.Builder missingObject(PodView pod, ContainerView c, List<Evidence> ev, String kind, String name) {
        List<Ref> refs = refs(c, kind, name, null);
        String ns = pod.namespace();
        Prose where = refs.isEmpty() ? Prose.EMPTY : Prose.of("; the container reads it at ", Prose.join(", ",
                refs.stream().map(r -> Prose.of(q(r.path()), r.key() == null ? "" : Prose.of(" (key ", code(r.key()), ")"))).toList()));
        Finding.Builder b = CONFIG_MISSING.finding().evidence(ev).cause(kind.toLowerCase(Locale.ROOT), ns, name)
                .message(Prose.of(title(c), " cannot be created: " + kind + " ", code(name), " does not exist in namespace ", code(ns),
                        where, ". The kubelet retries by itself and creates the container once it exists."))
                .headline(Prose.of(kind + " ", code(name), " not found (" + c.kind() + " " + c.name() + ")"));
        List<String> keys = refs.stream().map(Ref::key).filter(Objects::nonNull).distinct().toList();
        String data = keys.isEmpty() ? "--from-env-file=<file>"
                : String.join(" ", keys.stream().map(k -> "--from-literal=" + k + "=<value>").toList());
        b.fix(Prose.of("Create " + kind + " ", code(name), " in namespace ", code(ns), ": ", code("kubectl create "
                + (kind.equals("Secret") ? "secret generic " : "configmap ") + name + " -n " + ns + " " + data), "."));
        Prose at = refs.isEmpty() ? Prose.of(code(c.specPath()), " (env / envFrom)") : q(refs.get(0).path() + ".name");
        b.fix(Prose.of("If the name is wrong, correct it at ", at, " in the pod template", pod.ownerHint(), "."));
        b.fix(optionalFix(c));
        for (Ref r : refs) {
            b.evidence(Evidence.spec(r.path(), kind + " " + name + (r.key() == null ? "" : ", key " + r.key())));
        }
        return b;
    }

    private static Prose optionalFix(ContainerView c) {
        return Prose.of("If " + c.kind() + " ", code(c.name()), " can start without it, mark the reference ", code("optional: true"), ".");
    }

    private Finding.Builder missingKey(PodView pod, ContainerView c, List<Evidence> ev, String keyName, String kind, String ns, String name) {
        List<Ref> refs = refs(c, kind, name, keyName);
        Prose where = refs.isEmpty() ? Prose.EMPTY : Prose.of(", which the container reads at ",
                Prose.join(", ", refs.stream().map(r -> q(r.path())).toList()));
        String resource = kind.toLowerCase(Locale.ROOT);
        Finding.Builder b = CONFIG_MISSING.finding().evidence(ev).cause(resource, ns, name + ":" + keyName)
                .message(Prose.of(title(c), " cannot be created: " + kind + " ", code(name), " in namespace ", code(ns), " exists but has no key ",
                        code(keyName), where, ". The kubelet retries by itself and creates the container once the key exists."))
                .headline(Prose.of(kind + " ", code(name), " has no key ", code(keyName), " (" + c.kind() + " " + c.name() + ")"));
        String field = kind.equals("Secret") ? "stringData" : "data";
        b.fix(Prose.of("Add key ", code(keyName), " to " + kind + " ", code(name), ": ", code("kubectl patch " + resource + " " + name + " -n " + ns
                + " --type merge -p '{\"" + field + "\":{\"" + keyName + "\":\"<value>\"}}'"), "."));
        b.fix(Prose.of("If the key is misspelled, correct ", code("key: " + keyName), " at ",
                refs.isEmpty() ? q(c.specPath() + ".env") : q(refs.get(0).path() + ".key"), " in the pod template", pod.ownerHint(),
                " (list the keys that exist: ", code("kubectl get " + resource + " " + name + " -n " + ns + " -o jsonpath='{.data}'"), ")."));
        b.fix(optionalFix(c));
        for (Ref r : refs) {
            b.evidence(Evidence.spec(r.path(), kind + " " + name + ", key " + r.key()));
        }
        return b;
    }

    /** Where a container's env or envFrom references a ConfigMap or Secret. */
    private record Ref(String path, String key) {
    }

    private static List<Ref> refs(ContainerView c, String kind, String name, String key) {
        List<Ref> out = new ArrayList<>();
        Container spec = c.spec();
        if (spec == null) {
            return out;
        }
        boolean secret = kind.equals("Secret");
        if (spec.getEnv() != null) {
            for (EnvVar e : spec.getEnv()) {
                if (e == null || e.getValueFrom() == null) {
                    continue;
                }
                String refName;
                String refKey;
                String field;
                if (secret && e.getValueFrom().getSecretKeyRef() != null) {
                    refName = e.getValueFrom().getSecretKeyRef().getName();
                    refKey = e.getValueFrom().getSecretKeyRef().getKey();
                    field = "secretKeyRef";
                } else if (!secret && e.getValueFrom().getConfigMapKeyRef() != null) {
                    refName = e.getValueFrom().getConfigMapKeyRef().getName();
                    refKey = e.getValueFrom().getConfigMapKeyRef().getKey();
                    field = "configMapKeyRef";
                } else {
                    continue;
                }
                if (name.equals(refName) && (key == null || key.equals(refKey))) {
                    out.add(new Ref(c.specPath() + ".env[" + e.getName() + "].valueFrom." + field, refKey));
                }
            }
        }
        if (spec.getEnvFrom() != null && key == null) {
            for (int i = 0; i < spec.getEnvFrom().size(); i++) {
                EnvFromSource s = spec.getEnvFrom().get(i);
                String refName = s == null ? null : secret ? (s.getSecretRef() == null ? null : s.getSecretRef().getName())
                        : (s.getConfigMapRef() == null ? null : s.getConfigMapRef().getName());
                if (name.equals(refName)) {
                    out.add(new Ref(c.specPath() + ".envFrom[" + i + "]." + (secret ? "secretRef" : "configMapRef"), null));
                }
            }
        }
        return out;
    }

    private Finding.Builder runAsNonRoot(PodView pod, ContainerView c, List<Evidence> ev, String text) {
        Optional<Wording.Hit<Signature>> user = find(x -> x == Signature.NON_NUMERIC_USER, text);
        boolean byName = user.isPresent();
        String userName = user.map(u -> u.get("user")).orElse(null);
        boolean containerLevel = c.spec() != null && c.spec().getSecurityContext() != null
                && Boolean.TRUE.equals(c.spec().getSecurityContext().getRunAsNonRoot());
        String setAt = containerLevel ? c.specPath() + ".securityContext.runAsNonRoot" : "spec.securityContext.runAsNonRoot";
        Prose img = image(c, "its image");
        Prose why = byName
                ? Prose.of(img, " names its user ", userName == null ? "" : Prose.of(code(userName), " "),
                "by name, so the kubelet cannot verify that it is not root")
                : Prose.of(img, " runs as root (UID 0) and no ", code("runAsUser"), " overrides it");
        return CREATE_FAILED.finding().evidence(ev)
                .message(Prose.of(title(c), " cannot be created: its security context requires ", code("runAsNonRoot: true"), " (at ", code(setAt),
                        ") but ", why, ": ", quoted(text), "."))
                .headline(Prose.of(title(c), " would run as root despite runAsNonRoot"))
                .evidence(Evidence.spec(setAt, "true"))
                .fix(Prose.of("Set a numeric non-root user in ", code(c.specPath() + ".securityContext"), pod.ownerHint(), ": ", code("runAsUser: 10001"),
                        " (and ", code("runAsGroup: 10001"), "), a UID ", img, " can run as",
                        userName == null ? "" : Prose.of(" (the numeric UID of user ", code(userName), ")"), "."))
                .fix(Prose.of("Or rebuild ", img, " with a numeric non-root user (", code("USER 10001"),
                        " in its Dockerfile), or use an unprivileged variant of it."))
                .fix(Prose.of("Keep ", code("runAsNonRoot: true"), ": if the namespace enforces the ", code("restricted"),
                        " Pod Security Standard, removing it gets the pod rejected."));
    }

    private Finding.Builder commandNotFound(PodView pod, ContainerView c, Failure f, String text) {
        List<Evidence> ev = f.evidence();
        String exe = find(x -> x.rule == RuleId.CONTAINER_COMMAND_NOT_FOUND, text).map(x -> x.get("exe")).orElse(null);
        boolean interpreter = find(x -> x == Signature.MISSING_INTERPRETER, text).isPresent();
        Optional<String> cmd = commandLine(c);
        Container spec = c.spec();
        boolean commandSet = spec != null && spec.getCommand() != null && !spec.getCommand().isEmpty();
        boolean argsOnly = !commandSet && spec != null && spec.getArgs() != null && !spec.getArgs().isEmpty();
        Prose img = image(c, "the image");
        boolean noCommand = ContainerStartSignatures.TABLE.says(Signature.NO_COMMAND, text);
        Prose how = f.exitCode() != null && f.exitCode() == 127 && !ContainerStartRules.START_TERMINATED.contains(f.reason())
                ? Prose.words(" its shell exited with code 127 (command not found)") : Prose.of(" the runtime answered ", quoted(text));
        Prose what;
        if (noCommand) {
            what = Prose.of("neither ", code(c.specPath() + ".command"), " nor ", img, " (ENTRYPOINT/CMD) names a program to run");
        } else if (interpreter) {
            what = Prose.of(codeOr(exe, "its entrypoint script"), " exists but its interpreter does not: the ", code("#!"), " line names a program missing from ",
                    img, " (e.g. ", code("#!/bin/bash"), " in an Alpine image), or the script has Windows (CRLF) line endings");
        } else {
            what = Prose.of(codeOr(exe, "a command it runs"), " does not exist in ", img,
                    exe != null && !exe.startsWith("/") ? " or is not on its $PATH" : "");
        }
        Finding.Builder b = COMMAND_NOT_FOUND.finding().evidence(ev)
                .message(Prose.of(title(c), " cannot start: ", what, ";", how, ".",
                        cmd.isPresent() ? itsCommand(cmd) : " It runs the image's own ENTRYPOINT/CMD."))
                .headline(Prose.of(title(c), ": ", exe == null ? "command not found" : Prose.of(code(exe), " not found")));
        if (argsOnly && exe != null && exe.equals(spec.getArgs().get(0))) {
            b.fix(Prose.of(code(c.specPath() + ".args"), " replaces the image's CMD and ", img, " has no ENTRYPOINT, so ", code(exe),
                    " is run as the program: put the program in ", code("command"), " (e.g. ", code("command: [\"/app/server\"]"),
                    ") and keep the arguments in ", code("args"), "."));
        }
        if (noCommand) {
            b.fix(Prose.of("Set ", code(c.specPath() + ".command"), " to the program to run", pod.ownerHint(), ", or give ", img, " an ENTRYPOINT or CMD."));
        } else if (exe != null && interpreter) {
            b.fix(Prose.of("Make the ", code("#!"), " line of ", code(exe), " name an interpreter that exists in ", img, " (e.g. ", code("#!/bin/sh"),
                    "), or install it in the image."));
            b.fix(Prose.of("Convert ", code(exe), " to Unix line endings (", code("dos2unix"), ") before building ", img, "."));
        } else {
            b.fix(Prose.of("Correct ", commandSet ? code(c.specPath() + ".command") : "the entrypoint", pod.ownerHint(), " to a program that exists in ",
                    img, exe == null ? "" : Prose.of(" (instead of ", code(exe), ")"), "; use its full path when the image has no shell or $PATH differs."));
            b.fix(Prose.of("List what the image contains: ", code("docker run --rm --entrypoint ls " + (c.image() == null ? "<image>" : c.image())
                    + " -l /usr/local/bin /usr/bin /app"), " (distroless images have no shell: look at the Dockerfile instead)."));
        }
        if (!commandSet) {
            b.fix(Prose.of("If the image's own ENTRYPOINT/CMD is wrong, fix and rebuild ", img, "."));
        }
        cmd.ifPresent(x -> b.evidence(Evidence.spec(c.specPath() + (commandSet ? ".command" : ".args"), x)));
        return b;
    }

    private Finding.Builder permissionDenied(PodView pod, ContainerView c, Failure f, String text) {
        List<Evidence> ev = f.evidence();
        String exe = find(x -> x == Signature.PERMISSION, text).map(x -> x.get("exe")).orElse(null);
        Prose img = image(c, "the image");
        Prose how = Objects.equals(f.exitCode(), 126) && !START_TERMINATED.contains(f.reason())
                ? Prose.words("its shell exited with code 126 (command found but not executable)") : Prose.of("the runtime answered ", quoted(text));
        Finding.Builder b = PERMISSION_DENIED.finding().evidence(ev)
                .message(Prose.of(title(c), " cannot start: ", codeOr(exe, "its entrypoint"), " may not be executed (", how, ").", itsCommand(commandLine(c))))
                .headline(Prose.of(title(c), ": permission denied executing ", codeOr(exe, "its entrypoint")));
        Optional<VolumeMount> mount = exe == null ? Optional.empty() : mountOf(c, exe);
        if (mount.isPresent()) {
            String vol = mount.get().getName();
            b.fix(Prose.of(code(exe), " comes from volume ", code(vol), " mounted at ", code(mount.get().getMountPath()), ": set ", code("defaultMode: 0755"),
                    " on that volume in ", code("spec.volumes[" + vol + "]"), pod.ownerHint(),
                    " (ConfigMap and Secret files are 0644 by default), or run it as ", code("command: [\"sh\", \"" + exe + "\"]"), "."));
        }
        b.fix(Prose.of("Make ", codeOr(exe, "the entrypoint"), " executable in ", img, ": ", code("RUN chmod +x " + (exe == null ? "<file>" : exe)),
                " (or ", code("COPY --chmod=755"), ") in its Dockerfile, then rebuild."));
        b.fix(Prose.of("Or run it through a shell: ", code("command: [\"sh\", \"" + (exe == null ? "<script>" : exe) + "\"]"), " in ", code(c.specPath()), "."));
        if (c.spec() != null && c.spec().getSecurityContext() != null && c.spec().getSecurityContext().getRunAsUser() != null) {
            b.fix(Prose.words("The container runs as UID " + c.spec().getSecurityContext().getRunAsUser()
                    + ": the file must be readable and executable by that user."));
        }
        return b;
    }

    private static Optional<VolumeMount> mountOf(ContainerView c, String path) {
        if (c.spec() == null || c.spec().getVolumeMounts() == null) {
            return Optional.empty();
        }
        return c.spec().getVolumeMounts().stream().filter(v -> v.getMountPath() != null
                && (path.equals(v.getMountPath()) || path.startsWith(v.getMountPath().endsWith("/") ? v.getMountPath() : v.getMountPath() + "/")))
                .findFirst();
    }

    private Finding.Builder execFormat(PodView pod, ContainerView c, List<Evidence> ev, String text) {
        String exe = find(x -> x == Signature.EXEC_FORMAT, text).map(x -> x.get("exe")).orElse(null);
        String arch = nodeArch(pod).orElse(null);
        Prose img = image(c, "the image");
        return START_FAILED.finding().evidence(ev)
                .message(Prose.of(title(c), " cannot start: ", codeOr(exe, "its entrypoint"), " in ", img, " is built for a different CPU architecture than ",
                        node(pod), arch == null ? "" : " (" + arch + ")", ": the kernel answered ", code("exec format error"), " (wrong architecture)."))
                .headline(Prose.of(title(c), ": exec format error (image built for another CPU architecture)"))
                .fix(Prose.of("Build ", img, " for " + (arch == null ? "the nodes' architecture" : arch) + " or as a multi-architecture image: ",
                        code("docker buildx build --platform linux/amd64,linux/arm64 --push -t " + (c.image() == null ? "<image>" : c.image()) + " ."), "."))
                .fix(Prose.of("Or keep the pod on nodes of the image's architecture: ", code("nodeSelector: {kubernetes.io/arch: <arch of the image>}"),
                        " in the pod template", pod.ownerHint(), "."))
                .fix(Prose.of("If the entrypoint is a script, check its first line is a valid ", code("#!"), " line (a missing shebang also gives ",
                        code("exec format error"), ")."));
    }

    private static Optional<String> nodeArch(PodView pod) {
        return pod.node().map(n -> {
            if (n.getStatus() != null && n.getStatus().getNodeInfo() != null && n.getStatus().getNodeInfo().getArchitecture() != null) {
                return n.getStatus().getNodeInfo().getOperatingSystem() + "/" + n.getStatus().getNodeInfo().getArchitecture();
            }
            return n.getMetadata() == null || n.getMetadata().getLabels() == null ? null
                    : n.getMetadata().getLabels().get("kubernetes.io/arch");
        });
    }

    private Finding.Builder hookFailed(PodView pod, ContainerView c, Failure f, String text) {
        List<Evidence> ev = f.evidence();
        if ("preStart".equals(f.hook())) {
            return CREATE_FAILED.finding().evidence(ev)
                    .message(Prose.of(title(c), " cannot be created: the kubelet's pre-start step (" + f.reason() + ") failed on ", node(pod), ": ",
                            quoted(text), "."))
                    .headline(Prose.of(title(c), ": " + f.reason()))
                    .fix(Prose.of("The pre-start step allocates CPUs, devices and memory for ", code(c.name()), " (CPU/topology/device manager): check that ",
                            node(pod), " can satisfy ", code(c.specPath() + ".resources"), " (exclusive CPUs, hugepages, device plugins) — ",
                            code("kubectl describe node " + Objects.toString(pod.nodeName(), "<node>")), "."))
                    .fix(Prose.of("Read the kubelet's log on ", node(pod), " (", code("journalctl -u kubelet"), ") for the full error."));
        }
        LifecycleHandler h = c.spec() == null || c.spec().getLifecycle() == null ? null : c.spec().getLifecycle().getPostStart();
        Prose hook = describeHook(h);
        Prose aside = hook.isEmpty() ? Prose.EMPTY : Prose.of(" (", hook, ")");
        Prose detail = hookDetail(text);
        return START_FAILED.finding().evidence(ev)
                .message(Prose.of(title(c), " is killed right after it starts because its postStart hook fails", aside,
                        detail.isEmpty() ? "" : Prose.of(": ", detail), ". The kubelet kills a container "
                                + "whose postStart hook fails and restarts it (restart " + c.restartCount() + ")."))
                .headline(Prose.of(title(c), ": postStart hook fails"))
                .evidence(hook.isEmpty() ? null : Evidence.spec(c.specPath() + ".lifecycle.postStart", hook.plain()))
                .fix(Prose.of("Fix the postStart hook at ", code(c.specPath() + ".lifecycle.postStart"), pod.ownerHint(), aside,
                        " so that it succeeds; try it by hand: ", code("kubectl exec -n " + pod.namespace() + " " + pod.name() + " -c " + c.name()
                                + " -- <hook command>"), "."))
                .fix(Prose.of("If the hook is not essential, let it tolerate failure (", code("|| true"),
                        ") or move the step into the application's start-up."));
    }

    private static Prose describeHook(LifecycleHandler h) {
        if (h == null) {
            return Prose.EMPTY;
        }
        if (h.getExec() != null && h.getExec().getCommand() != null) {
            return Prose.of("exec ", code(String.join(" ", h.getExec().getCommand())));
        }
        if (h.getHttpGet() != null) {
            return Prose.words("HTTP GET " + Objects.toString(h.getHttpGet().getPath(), "/") + " on port "
                    + (h.getHttpGet().getPort() == null ? "?" : h.getHttpGet().getPort().getIntVal() != null
                    ? h.getHttpGet().getPort().getIntVal() : h.getHttpGet().getPort().getStrVal()));
        }
        if (h.getSleep() != null) {
            return Prose.words("sleep " + h.getSleep().getSeconds() + "s");
        }
        return Prose.EMPTY;
    }

    /** "command '…' exited with 126: , message: "…"" from the hook event, or the first line, quoted verbatim. */
    private static Prose hookDetail(String text) {
        Optional<Wording.Hit<Signature>> exit = find(x -> x == Signature.HOOK_EXIT, text);
        if (exit.isPresent()) {
            String msg = exit.get().get("output").replace("\\n", " ").strip();
            return code(exit.get().get("exit") + (msg.isEmpty() ? "" : ": " + msg));
        }
        for (String line : text.split("\\R")) {
            if (!line.isBlank() && !line.strip().equals("PostStartHook failed")) {
                return quoted(line);
            }
        }
        return Prose.EMPTY;
    }

    private Finding.Builder createFailed(PodView pod, ContainerView c, Failure f, String text) {
        List<Evidence> ev = f.evidence();
        Finding.Builder b = CREATE_FAILED.finding().evidence(ev)
                .message(Prose.of(title(c), imageOf(c), " cannot be created on ", node(pod), " (" + f.reason() + "): ", quoted(text), "."))
                .headline(Prose.of(title(c), " cannot be created: " + f.reason()));
        String runtime = ContainerFacts.runtime(pod, text).orElse("containerd"); // the default runtime of most clusters
        String unit = runtime.equals("cri-o") ? "crio" : runtime.equals("docker") ? "docker" : "containerd";
        if (ContainerStartSignatures.TABLE.says(Signature.CREATE_NAME_CONFLICT, text)) {
            b.fix(Prose.of("The runtime on ", node(pod), " still holds a previous attempt to create ", code(c.name()), " (it is slow: disk or IO pressure). "
                    + "This usually clears by itself within minutes; if it does not, check the node's load and disk and restart the runtime (",
                    code("systemctl restart " + unit), ")."));
        } else if (ContainerStartSignatures.TABLE.says(Signature.SUBPATH, text)) {
            b.fix(Prose.of("A ", code("subPath"), " in ", code(c.specPath() + ".volumeMounts"),
                    " cannot be prepared: check that the file or directory it names exists in the volume "
                            + "(for a ConfigMap/Secret volume: that the key exists) and is not a symlink out of the volume."));
        } else if (ContainerStartSignatures.TABLE.says(Signature.CONFIG_CACHE_TIMEOUT, text)) {
            b.fix(Prose.of("The kubelet on ", node(pod), " could not read the ConfigMaps/Secrets of ", code(c.name()),
                    " from the API server in time: check the node's connection to the API server and the kubelet's log (", code("journalctl -u kubelet"),
                    "); it retries by itself."));
        } else if (ContainerStartSignatures.TABLE.says(Signature.NO_SPACE, text)) {
            b.fix(Prose.of(sentenceStart(node(pod)), " is out of disk space: free space in the runtime's storage (", code("crictl rmi --prune"),
                    ") or drain the node."));
        }
        b.fix(Prose.of("Check the fields of ", code(c.specPath()), " that the error names (volumeMounts, securityContext, devices, resources) in the pod template",
                pod.ownerHint(), "."));
        b.fix(Prose.of("Read the full error in the runtime's log on ", node(pod), ": ", code("journalctl -u " + unit), "."));
        return b;
    }

    /** The text with its first letter upper-case, to start a sentence ("Node `n1` …", "Its node …"). */
    private static Prose sentenceStart(Prose p) {
        if (p.isEmpty() || p.parts().get(0).kind() != Prose.Kind.WORDS) {
            return p;
        }
        List<Prose.Part> parts = new ArrayList<>(p.parts());
        String first = parts.get(0).text();
        parts.set(0, new Prose.Part(Prose.Kind.WORDS, first.substring(0, 1).toUpperCase(Locale.ROOT) + first.substring(1)));
        return new Prose(parts);
    }

    private Finding.Builder startFailed(PodView pod, ContainerView c, Failure f, String text) {
        List<Evidence> ev = f.evidence();
        Finding.Builder b = START_FAILED.finding().evidence(ev)
                .message(Prose.of(title(c), imageOf(c), " was created but its process could not be started on ", node(pod), " (" + f.reason()
                        + (f.exitCode() == null ? "" : ", exit code " + f.exitCode()) + "): ", quoted(text), "."))
                .headline(Prose.of(title(c), " cannot be started: " + f.reason()));
        boolean notADirectory = ContainerStartSignatures.TABLE.says(Signature.MOUNT_NOT_A_DIRECTORY, text);
        if (notADirectory || ContainerStartSignatures.TABLE.says(Signature.MOUNT_ERROR, text)) {
            String target = ContainerStartSignatures.TABLE.extract(x -> x == Signature.MOUNT_ERROR, "target", text).orElse(null);
            Prose volume = (target == null ? Optional.<VolumeMount>empty() : mountOf(c, target))
                    .map(v -> Prose.of(" (volume ", code(v.getName()), ")")).orElse(Prose.EMPTY);
            if (notADirectory) {
                b.fix(Prose.of("A volume is mounted onto ", codeOr(target, "a path"), volume,
                        " where the image has a file (or vice versa): to place one file of a ConfigMap or Secret there, mount it with ",
                        code("subPath: " + (target == null ? "<file>" : target.substring(target.lastIndexOf('/') + 1))), " in ",
                        code(c.specPath() + ".volumeMounts"), pod.ownerHint(), "."));
            } else {
                b.fix(Prose.of("Mounting ", codeOr(target, "a volume"), " failed: check ", code(c.specPath() + ".volumeMounts"), volume,
                        " and that a hostPath source exists on ", node(pod), "."));
            }
        }
        String runtime = ContainerFacts.runtime(pod, text).orElse("containerd"); // the default runtime of most clusters
        b.fix(Prose.of("Read the full error in the runtime's log on ", node(pod), ": ", code("journalctl -u " + (runtime.equals("cri-o") ? "crio" : runtime)),
                " and ", code("crictl ps -a --name " + c.name()), "."));
        b.fix(Prose.of("Compare ", code(c.specPath()), " with a container that starts (command, securityContext, volumeMounts) and revert the last change to the pod template",
                pod.ownerHint(), "."));
        return b;
    }
}
