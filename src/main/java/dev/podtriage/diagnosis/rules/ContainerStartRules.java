package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.PodView.containsAny;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern HOOK_EXIT = Pattern.compile(
            "(command '[^'\\n]{0,1024}' exited with \\d{1,3})[^\\n]{0,200}?message: \"((?:[^\"\\\\\\n]|\\\\.){0,2048})\"");
    /** An optionally escaped quote: runc before rc91 nests its error in a quoted string. */
    private static final String Q = "\\\\?\"";
    private static final Pattern MOUNT_TARGET = Pattern.compile("rootfs at " + Q + "([^\"\\\\]+)" + Q);

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
        Signature s = ContainerStartSignatures.TABLE.first(text).map(Wording.Hit::signature).orElse(null);
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

    private static String quoteText(String text) {
        String first = text.strip().split("\\R", 2)[0];
        return q(ContainerFacts.shorten(first.replace('`', '\''), 400)).markdown();
    }

    private Finding.Builder missingObject(PodView pod, ContainerView c, List<Evidence> ev, String kind, String name) {
        List<Ref> refs = refs(c, kind, name, null);
        String ns = pod.namespace();
        String where = refs.isEmpty() ? "" : "; the container reads it at " + String.join(", ",
                refs.stream().map(r -> q(r.path()) + (r.key() == null ? "" : " (key `" + r.key() + "`)")).toList());
        Finding.Builder b = CONFIG_MISSING.finding().evidence(ev).cause(kind.toLowerCase(Locale.ROOT), ns, name)
                .message(title(c).markdown() + " cannot be created: " + kind + " `" + name + "` does not exist in namespace `" + ns + "`"
                        + where + ". The kubelet retries by itself and creates the container once it exists.")
                .headline(kind + " `" + name + "` not found (" + c.kind() + " " + c.name() + ")");
        List<String> keys = refs.stream().map(Ref::key).filter(Objects::nonNull).distinct().toList();
        String data = keys.isEmpty() ? "--from-env-file=<file>"
                : String.join(" ", keys.stream().map(k -> "--from-literal=" + k + "=<value>").toList());
        b.fix("Create " + kind + " `" + name + "` in namespace `" + ns + "`: `kubectl create "
                + (kind.equals("Secret") ? "secret generic " : "configmap ") + name + " -n " + ns + " " + data + "`.");
        String at = refs.isEmpty() ? "`" + c.specPath() + "` (env / envFrom)" : q(refs.get(0).path() + ".name").markdown();
        b.fix("If the name is wrong, correct it at " + at + " in the pod template" + pod.ownerHint() + ".");
        b.fix("If " + c.kind() + " `" + c.name() + "` can start without it, mark the reference `optional: true`.");
        for (Ref r : refs) {
            b.evidence(Evidence.spec(r.path(), kind + " " + name + (r.key() == null ? "" : ", key " + r.key())));
        }
        return b;
    }

    private Finding.Builder missingKey(PodView pod, ContainerView c, List<Evidence> ev, String keyName, String kind, String ns, String name) {
        List<Ref> refs = refs(c, kind, name, keyName);
        String where = refs.isEmpty() ? "" : ", which the container reads at " + String.join(", ",
                refs.stream().map(r -> q(r.path()).markdown()).toList());
        Finding.Builder b = CONFIG_MISSING.finding().evidence(ev).cause(kind.toLowerCase(Locale.ROOT), ns, name + ":" + keyName)
                .message(title(c).markdown() + " cannot be created: " + kind + " `" + name + "` in namespace `" + ns + "` exists but has no key `"
                        + keyName + "`" + where + ". The kubelet retries by itself and creates the container once the key exists.")
                .headline(kind + " `" + name + "` has no key `" + keyName + "` (" + c.kind() + " " + c.name() + ")");
        if (kind.equals("Secret")) {
            b.fix("Add key `" + keyName + "` to Secret `" + name + "`: `kubectl patch secret " + name + " -n " + ns
                    + " --type merge -p '{\"stringData\":{\"" + keyName + "\":\"<value>\"}}'`.");
        } else {
            b.fix("Add key `" + keyName + "` to ConfigMap `" + name + "`: `kubectl patch configmap " + name + " -n " + ns
                    + " --type merge -p '{\"data\":{\"" + keyName + "\":\"<value>\"}}'`.");
        }
        b.fix("If the key is misspelled, correct `key: " + keyName + "` at "
                + (refs.isEmpty() ? q(c.specPath() + ".env") : q(refs.get(0).path() + ".key")) + " in the pod template" + pod.ownerHint()
                + " (list the keys that exist: `kubectl get " + kind.toLowerCase(Locale.ROOT) + " " + name + " -n " + ns + " -o jsonpath='{.data}'`).");
        b.fix("If " + c.kind() + " `" + c.name() + "` can start without it, mark the reference `optional: true`.");
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
        String img = c.image() == null ? "its image" : "image `" + c.image() + "`";
        Finding.Builder b = CREATE_FAILED.finding().evidence(ev)
                .message(title(c).markdown() + " cannot be created: its security context requires `runAsNonRoot: true` (at `" + setAt + "`) but "
                        + (byName ? img + " names its user " + (userName == null ? "" : "`" + userName + "` ")
                        + "by name, so the kubelet cannot verify that it is not root" : img + " runs as root (UID 0) and no `runAsUser` overrides it")
                        + ": " + quoteText(text) + ".")
                .headline(title(c) + " would run as root despite runAsNonRoot")
                .evidence(Evidence.spec(setAt, "true"))
                .fix("Set a numeric non-root user in `" + c.specPath() + ".securityContext`" + pod.ownerHint()
                        + ": `runAsUser: 10001` (and `runAsGroup: 10001`), a UID " + img + " can run as"
                        + (userName == null ? "" : " (the numeric UID of user `" + userName + "`)") + ".")
                .fix("Or rebuild " + img + " with a numeric non-root user (`USER 10001` in its Dockerfile), or use an unprivileged variant of it.")
                .fix("Keep `runAsNonRoot: true`: if the namespace enforces the `restricted` Pod Security Standard, removing it gets the pod rejected.");
        return b;
    }

    private Finding.Builder commandNotFound(PodView pod, ContainerView c, Failure f, String text) {
        List<Evidence> ev = f.evidence();
        String exe = find(x -> x.rule == RuleId.CONTAINER_COMMAND_NOT_FOUND, text).map(x -> x.get("exe")).orElse(null);
        boolean interpreter = find(x -> x == Signature.MISSING_INTERPRETER, text).isPresent();
        Optional<String> cmd = commandLine(c);
        Container spec = c.spec();
        boolean commandSet = spec != null && spec.getCommand() != null && !spec.getCommand().isEmpty();
        boolean argsOnly = !commandSet && spec != null && spec.getArgs() != null && !spec.getArgs().isEmpty();
        String img = c.image() == null ? "the image" : "image `" + c.image() + "`";
        String how = f.exitCode() != null && f.exitCode() == 127 && !ContainerStartRules.START_TERMINATED.contains(f.reason())
                ? " its shell exited with code 127 (command not found)" : " the runtime answered " + quoteText(text);
        String what;
        if (containsAny(text, "no command specified")) {
            what = "neither `" + c.specPath() + ".command` nor " + img + " (ENTRYPOINT/CMD) names a program to run";
        } else if (interpreter) {
            what = (exe == null ? "its entrypoint script" : "`" + exe + "`") + " exists but its interpreter does not: the `#!` line names a "
                    + "program missing from " + img + " (e.g. `#!/bin/bash` in an Alpine image), or the script has Windows (CRLF) line endings";
        } else {
            what = (exe == null ? "a command it runs" : "`" + exe + "`") + " does not exist in " + img
                    + (exe != null && !exe.startsWith("/") ? " or is not on its $PATH" : "");
        }
        Finding.Builder b = COMMAND_NOT_FOUND.finding().evidence(ev)
                .message(title(c).markdown() + " cannot start: " + what + ";" + how + "."
                        + (cmd.isPresent() ? " Its command is `" + cmd.get() + "`." : " It runs the image's own ENTRYPOINT/CMD."))
                .headline(title(c) + ": " + (exe == null ? "command not found" : "`" + exe + "` not found"));
        if (argsOnly && exe != null && exe.equals(spec.getArgs().get(0))) {
            b.fix("`" + c.specPath() + ".args` replaces the image's CMD and " + img + " has no ENTRYPOINT, so `" + exe
                    + "` is run as the program: put the program in `command` (e.g. `command: [\"/app/server\"]`) and keep the arguments in `args`.");
        }
        if (containsAny(text, "no command specified")) {
            b.fix("Set `" + c.specPath() + ".command` to the program to run" + pod.ownerHint() + ", or give " + img + " an ENTRYPOINT or CMD.");
        } else if (exe != null && interpreter) {
            b.fix("Make the `#!` line of `" + exe + "` name an interpreter that exists in " + img + " (e.g. `#!/bin/sh`), or install it in the image.");
            b.fix("Convert `" + exe + "` to Unix line endings (`dos2unix`) before building " + img + ".");
        } else {
            b.fix("Correct " + (commandSet ? "`" + c.specPath() + ".command`" : "the entrypoint") + pod.ownerHint() + " to a program that exists in "
                    + img + (exe == null ? "" : " (instead of `" + exe + "`)") + "; use its full path when the image has no shell or $PATH differs.");
            b.fix("List what the image contains: `docker run --rm --entrypoint ls " + (c.image() == null ? "<image>" : c.image())
                    + " -l /usr/local/bin /usr/bin /app` (distroless images have no shell: look at the Dockerfile instead).");
        }
        if (!commandSet) {
            b.fix("If the image's own ENTRYPOINT/CMD is wrong, fix and rebuild " + img + ".");
        }
        cmd.ifPresent(x -> b.evidence(Evidence.spec(c.specPath() + (commandSet ? ".command" : ".args"), x)));
        return b;
    }

    private Finding.Builder permissionDenied(PodView pod, ContainerView c, Failure f, String text) {
        List<Evidence> ev = f.evidence();
        String exe = find(x -> x == Signature.PERMISSION, text).map(x -> x.get("exe")).orElse(null);
        String img = c.image() == null ? "the image" : "image `" + c.image() + "`";
        String how = Objects.equals(f.exitCode(), 126) && !START_TERMINATED.contains(f.reason())
                ? "its shell exited with code 126 (command found but not executable)" : "the runtime answered " + quoteText(text);
        Finding.Builder b = PERMISSION_DENIED.finding().evidence(ev)
                .message(title(c).markdown() + " cannot start: " + (exe == null ? "its entrypoint" : "`" + exe + "`") + " may not be executed ("
                        + how + ")." + commandLine(c).map(x -> " Its command is `" + x + "`.").orElse(""))
                .headline(title(c) + ": permission denied executing " + (exe == null ? "its entrypoint" : "`" + exe + "`"));
        Optional<VolumeMount> mount = exe == null ? Optional.empty() : mountOf(c, exe);
        if (mount.isPresent()) {
            String vol = mount.get().getName();
            b.fix("`" + exe + "` comes from volume `" + vol + "` mounted at `" + mount.get().getMountPath()
                    + "`: set `defaultMode: 0755` on that volume in `spec.volumes[" + vol + "]`" + pod.ownerHint()
                    + " (ConfigMap and Secret files are 0644 by default), or run it as `command: [\"sh\", \"" + exe + "\"]`.");
        }
        b.fix("Make " + (exe == null ? "the entrypoint" : "`" + exe + "`") + " executable in " + img
                + ": `RUN chmod +x " + (exe == null ? "<file>" : exe) + "` (or `COPY --chmod=755`) in its Dockerfile, then rebuild.");
        b.fix("Or run it through a shell: `command: [\"sh\", \"" + (exe == null ? "<script>" : exe) + "\"]` in `" + c.specPath() + "`.");
        if (c.spec() != null && c.spec().getSecurityContext() != null && c.spec().getSecurityContext().getRunAsUser() != null) {
            b.fix("The container runs as UID " + c.spec().getSecurityContext().getRunAsUser() + ": the file must be readable and executable by that user.");
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
        String img = c.image() == null ? "the image" : "image `" + c.image() + "`";
        return START_FAILED.finding().evidence(ev)
                .message(title(c).markdown() + " cannot start: " + (exe == null ? "its entrypoint" : "`" + exe + "`") + " in " + img
                        + " is built for a different CPU architecture than " + node(pod) + (arch == null ? "" : " (" + arch + ")")
                        + ": the kernel answered `exec format error` (wrong architecture).")
                .headline(title(c) + ": exec format error (image built for another CPU architecture)")
                .fix("Build " + img + " for " + (arch == null ? "the nodes' architecture" : arch) + " or as a multi-architecture image: `docker buildx build --platform "
                        + "linux/amd64,linux/arm64 --push -t " + (c.image() == null ? "<image>" : c.image()) + " .`.")
                .fix("Or keep the pod on nodes of the image's architecture: `nodeSelector: {kubernetes.io/arch: <arch of the image>}` in the pod template"
                        + pod.ownerHint() + ".")
                .fix("If the entrypoint is a script, check its first line is a valid `#!` line (a missing shebang also gives `exec format error`).");
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
                    .message(title(c).markdown() + " cannot be created: the kubelet's pre-start step (" + f.reason() + ") failed on " + node(pod) + ": "
                            + quoteText(text) + ".")
                    .headline(title(c) + ": " + f.reason())
                    .fix("The pre-start step allocates CPUs, devices and memory for `" + c.name() + "` (CPU/topology/device manager): check that "
                            + node(pod) + " can satisfy `" + c.specPath() + ".resources` (exclusive CPUs, hugepages, device plugins) — `kubectl describe node "
                            + Objects.toString(pod.nodeName(), "<node>") + "`.")
                    .fix("Read the kubelet's log on " + node(pod) + " (`journalctl -u kubelet`) for the full error.");
        }
        LifecycleHandler h = c.spec() == null || c.spec().getLifecycle() == null ? null : c.spec().getLifecycle().getPostStart();
        String hook = describeHook(h);
        String detail = hookDetail(text);
        return START_FAILED.finding().evidence(ev)
                .message(title(c).markdown() + " is killed right after it starts because its postStart hook fails"
                        + (hook.isEmpty() ? "" : " (" + hook + ")") + (detail.isEmpty() ? "" : ": " + detail) + ". The kubelet kills a container "
                        + "whose postStart hook fails and restarts it (restart " + c.restartCount() + ").")
                .headline(title(c) + ": postStart hook fails")
                .evidence(hook.isEmpty() ? null : Evidence.spec(c.specPath() + ".lifecycle.postStart", hook))
                .fix("Fix the postStart hook at `" + c.specPath() + ".lifecycle.postStart`" + pod.ownerHint()
                        + (hook.isEmpty() ? "" : " (" + hook + ")") + " so that it succeeds; try it by hand: `kubectl exec -n " + pod.namespace() + " "
                        + pod.name() + " -c " + c.name() + " -- <hook command>`.")
                .fix("If the hook is not essential, let it tolerate failure (`|| true`) or move the step into the application's start-up.");
    }

    private static String describeHook(LifecycleHandler h) {
        if (h == null) {
            return "";
        }
        if (h.getExec() != null && h.getExec().getCommand() != null) {
            return "exec `" + String.join(" ", h.getExec().getCommand()) + "`";
        }
        if (h.getHttpGet() != null) {
            return "HTTP GET " + Objects.toString(h.getHttpGet().getPath(), "/") + " on port "
                    + (h.getHttpGet().getPort() == null ? "?" : h.getHttpGet().getPort().getIntVal() != null
                    ? h.getHttpGet().getPort().getIntVal() : h.getHttpGet().getPort().getStrVal());
        }
        if (h.getSleep() != null) {
            return "sleep " + h.getSleep().getSeconds() + "s";
        }
        return "";
    }

    /** "command '…' exited with 126: , message: "…"" from the hook event, or the first line. */
    private static String hookDetail(String text) {
        Matcher m = HOOK_EXIT.matcher(text);
        if (m.find()) {
            String msg = m.group(2).replace("\\n", " ").strip();
            return "`" + m.group(1) + (msg.isEmpty() ? "" : ": " + msg) + "`";
        }
        for (String line : text.split("\\R")) {
            if (!line.isBlank() && !line.strip().equals("PostStartHook failed")) {
                return quoteText(line);
            }
        }
        return "";
    }

    private Finding.Builder createFailed(PodView pod, ContainerView c, Failure f, String text) {
        List<Evidence> ev = f.evidence();
        Finding.Builder b = CREATE_FAILED.finding().evidence(ev)
                .message(title(c).markdown() + imageOf(c) + " cannot be created on " + node(pod) + " (" + f.reason() + "): " + quoteText(text) + ".")
                .headline(title(c) + " cannot be created: " + f.reason());
        String runtime = ContainerFacts.runtime(pod, text).orElse("containerd"); // the default runtime of most clusters
        String unit = runtime.equals("cri-o") ? "crio" : runtime.equals("docker") ? "docker" : "containerd";
        if (containsAny(text, "failed to reserve container name", "is already in use", "Conflict.")) {
            b.fix("The runtime on " + node(pod) + " still holds a previous attempt to create `" + c.name() + "` (it is slow: disk or IO pressure). "
                    + "This usually clears by itself within minutes; if it does not, check the node's load and disk and restart the runtime (`systemctl restart " + unit + "`).");
        } else if (containsAny(text, "subPath", "subpath", "volume-subpaths")) {
            b.fix("A `subPath` in `" + c.specPath() + ".volumeMounts` cannot be prepared: check that the file or directory it names exists in the volume "
                    + "(for a ConfigMap/Secret volume: that the key exists) and is not a symlink out of the volume.");
        } else if (containsAny(text, "failed to sync configmap cache", "failed to sync secret cache", "timed out waiting for the condition")) {
            b.fix("The kubelet on " + node(pod) + " could not read the ConfigMaps/Secrets of `" + c.name() + "` from the API server in time: check the node's "
                    + "connection to the API server and the kubelet's log (`journalctl -u kubelet`); it retries by itself.");
        } else if (containsAny(text, "no space left on device")) {
            b.fix(node(pod).markdown().substring(0, 1).toUpperCase(Locale.ROOT) + node(pod).markdown().substring(1) + " is out of disk space: free space in the runtime's storage "
                    + "(`crictl rmi --prune`) or drain the node.");
        }
        b.fix("Check the fields of `" + c.specPath() + "` that the error names (volumeMounts, securityContext, devices, resources) in the pod template" + pod.ownerHint() + ".");
        b.fix("Read the full error in the runtime's log on " + node(pod) + ": `journalctl -u " + unit + "`.");
        return b;
    }

    private Finding.Builder startFailed(PodView pod, ContainerView c, Failure f, String text) {
        List<Evidence> ev = f.evidence();
        Finding.Builder b = START_FAILED.finding().evidence(ev)
                .message(title(c).markdown() + imageOf(c) + " was created but its process could not be started on " + node(pod) + " (" + f.reason()
                        + (f.exitCode() == null ? "" : ", exit code " + f.exitCode()) + "): " + quoteText(text) + ".")
                .headline(title(c) + " cannot be started: " + f.reason());
        Matcher mount = MOUNT_TARGET.matcher(text);
        boolean mountFound = mount.find();
        if (mountFound || containsAny(text, "error mounting", "not a directory")) {
            String target = mountFound ? mount.group(1) : null;
            Optional<VolumeMount> vm = target == null ? Optional.empty() : mountOf(c, target);
            if (containsAny(text, "not a directory", "mount a directory onto a file")) {
                b.fix("A volume is mounted onto " + (target == null ? "a path" : "`" + target + "`") + vm.map(v -> " (volume `" + v.getName() + "`)").orElse("")
                        + " where the image has a file (or vice versa): to place one file of a ConfigMap or Secret there, mount it with `subPath: "
                        + (target == null ? "<file>" : target.substring(target.lastIndexOf('/') + 1)) + "` in `" + c.specPath() + ".volumeMounts`" + pod.ownerHint() + ".");
            } else {
                b.fix("Mounting " + (target == null ? "a volume" : "`" + target + "`") + " failed: check `" + c.specPath() + ".volumeMounts`"
                        + vm.map(v -> " (volume `" + v.getName() + "`)").orElse("") + " and that a hostPath source exists on " + node(pod) + ".");
            }
        }
        String runtime = ContainerFacts.runtime(pod, text).orElse("containerd"); // the default runtime of most clusters
        b.fix("Read the full error in the runtime's log on " + node(pod) + ": `journalctl -u " + (runtime.equals("cri-o") ? "crio" : runtime) + "`"
                + " and `crictl ps -a --name " + c.name() + "`.");
        b.fix("Compare `" + c.specPath() + "` with a container that starts (command, securityContext, volumeMounts) and revert the last change to the pod template"
                + pod.ownerHint() + ".");
        return b;
    }
}
