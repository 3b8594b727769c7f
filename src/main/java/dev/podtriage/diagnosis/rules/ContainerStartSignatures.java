package dev.podtriage.diagnosis.rules;

import java.util.List;

/**
 * The kubelet's and the runtimes' words for a container that cannot be created or started, one row per wording
 * (as in {@code shared/spec/wordings.md}, section 4): which signature each means and what it extracts. A failure's
 * text takes the signature of the first row found in it; the catalog's detection texts of the container-start rules
 * are generated from this table.
 *
 * <p>Adding a wording is adding one row here and one fixture under {@code fixtures/wordings/} (README, "Adding a wording").
 */
final class ContainerStartSignatures {
    private ContainerStartSignatures() {
    }

    /** What a wording tells, the rule that reports it and the waiting reason the kubelet gives it. */
    enum Signature {
        MISSING_KEY(RuleId.CONFIG_MISSING, "CreateContainerConfigError"),
        MISSING_OBJECT(RuleId.CONFIG_MISSING, "CreateContainerConfigError"),
        NON_NUMERIC_USER(RuleId.CONTAINER_CREATE_FAILED, "CreateContainerConfigError"),
        RUN_AS_ROOT(RuleId.CONTAINER_CREATE_FAILED, "CreateContainerConfigError"),
        NOT_FOUND(RuleId.CONTAINER_COMMAND_NOT_FOUND, "RunContainerError"),
        /** The script exists, the interpreter its {@code #!} line names does not (or CRLF line endings). */
        MISSING_INTERPRETER(RuleId.CONTAINER_COMMAND_NOT_FOUND, "RunContainerError"),
        NO_COMMAND(RuleId.CONTAINER_COMMAND_NOT_FOUND, "CreateContainerError"),
        PERMISSION(RuleId.CONTAINER_PERMISSION_DENIED, "RunContainerError"),
        EXEC_FORMAT(RuleId.CONTAINER_START_FAILED, "RunContainerError"),
        CREATE(RuleId.CONTAINER_CREATE_FAILED, "CreateContainerError"),
        /** The runtime still holds a container of that name (a slow earlier create attempt): restart fix. */
        CREATE_NAME_CONFLICT(RuleId.CONTAINER_CREATE_FAILED, "CreateContainerError"),
        /** A runtime's wrapper around the start error: a start failure, cause unknown. */
        RUNTIME(RuleId.CONTAINER_START_FAILED, "RunContainerError"),

        // Details: they tell neither the rule nor the waiting reason (the rows above do), only which fix a failure gets.
        /** A volumeMount's subPath cannot be prepared. */
        SUBPATH(RuleId.CONTAINER_CREATE_FAILED),
        /** The kubelet could not read the container's ConfigMaps/Secrets from the API server in time. */
        CONFIG_CACHE_TIMEOUT(RuleId.CONTAINER_CREATE_FAILED),
        /** The node's disk is full. */
        NO_SPACE(RuleId.CONTAINER_CREATE_FAILED),
        /** The runtime could not mount a volume into the container's root file system (extracts the target). */
        MOUNT_ERROR(RuleId.CONTAINER_START_FAILED),
        /** A volume mounted onto a file of the image, or a file onto a directory. */
        MOUNT_NOT_A_DIRECTORY(RuleId.CONTAINER_START_FAILED),
        /** A lifecycle hook's command exited non-zero (extracts how it exited and its output). */
        HOOK_EXIT(RuleId.CONTAINER_START_FAILED);

        final RuleId rule;
        /** The waiting reason the wording implies; null for a detail, which implies none. */
        final String reason;

        Signature(RuleId rule, String reason) {
            this.rule = rule;
            this.reason = reason;
        }

        /** A detail: it chooses a fix or a variant of the message, never the rule. */
        Signature(RuleId rule) {
            this(rule, null);
        }

        /** Whether the wording decides what the failure is (the signature of a text is its first such row). */
        boolean decides() {
            return reason != null;
        }
    }

    /** An optionally escaped quote: runc before rc91 nests the exec error in a quoted string. */
    private static final String Q = "\\\\?\"";
    private static final String EXE = "(?<exe>[^\"\\\\]+)";
    /** Rows whose text wordings.md does not list: written from the runtimes' sources as remembered, not checked here. */
    private static final String NOT_IN_SPEC = "not in wordings.md, unverified";
    private static final String SHELL = "(?:^|[\\s/])(?:sh|bash|ash|dash)(?:: line \\d+)?(?:: \\d+)?: (?<exe>[^:\\s]+): ";

    static final SignatureTable<Signature> TABLE = new SignatureTable<>(List.of(
            Wording.of(Signature.MISSING_KEY, "couldn't find key %v in ConfigMap %v/%v",
                    "couldn't find key (?<key>\\S+) in ConfigMap (?<namespace>[^/\\s]+)/(?<configmap>[^\\s,;]+)",
                    "kubelet 1.16+ (\"Couldn't\" 1.8–1.15)"),
            Wording.of(Signature.MISSING_KEY, "couldn't find key %v in Secret %v/%v",
                    "couldn't find key (?<key>\\S+) in Secret (?<namespace>[^/\\s]+)/(?<secret>[^\\s,;]+)",
                    "kubelet 1.16+ (\"Couldn't\" 1.8–1.15)"),
            Wording.of(Signature.MISSING_OBJECT, "configmap %q not found", "\\bconfigmap \"(?<configmap>[^\"]+)\" not found",
                    "kubelet watch manager (default since 1.12)"),
            Wording.of(Signature.MISSING_OBJECT, "configmaps %q not found", "\\bconfigmaps \"(?<configmap>[^\"]+)\" not found",
                    "API server (kubelet Get/Cache strategy)"),
            Wording.of(Signature.MISSING_OBJECT, "secret %q not found", "\\bsecret \"(?<secret>[^\"]+)\" not found",
                    "kubelet watch manager (default since 1.12)"),
            Wording.of(Signature.MISSING_OBJECT, "secrets %q not found", "\\bsecrets \"(?<secret>[^\"]+)\" not found",
                    "API server (kubelet Get/Cache strategy)"),
            Wording.of(Signature.NON_NUMERIC_USER, "container has runAsNonRoot and image has non-numeric user (%s), cannot verify user is non-root",
                    "runAsNonRoot and image has non-numeric user \\((?<user>[^()\\n]{1,256})\\)", "kubelet 1.8+"),
            Wording.of(Signature.RUN_AS_ROOT, "container has runAsNonRoot and image will run as root (pod: %q, container: %s)",
                    "container has runAsNonRoot and image will run as root", "kubelet 1.20+ (1.8–1.19 without the pod and container)"),

            Wording.of(Signature.NOT_FOUND, "exec: %q: executable file not found in $PATH",
                    "exec: " + Q + EXE + Q + ": executable file not found", "Go os/exec, through runc and crun"),
            Wording.of(Signature.NOT_FOUND, "executable file `%s` not found in $PATH", "executable file `(?<exe>[^`]+)` not found", "crun"),
            Wording.of(Signature.NOT_FOUND, "exec: %q: stat %s: no such file or directory",
                    "exec: " + Q + EXE + Q + ": stat [^:]+: no such file or directory", "Go os/exec, an absolute path that does not exist"),
            Wording.of(Signature.NOT_FOUND, "exec: %q: no such file or directory",
                    "exec: " + Q + EXE + Q + ": no such file or directory", "runc before 1.1"),
            Wording.of(Signature.MISSING_INTERPRETER, "exec %s: no such file or directory",
                    "\\bexec (?<exe>/\\S+): no such file or directory", "runc 1.1+ execve: the #! interpreter is missing"),
            Wording.of(Signature.NOT_FOUND, "sh: %s: not found", SHELL + "(?:command )?not found", "POSIX shells in the container's log (exit code 127)"),
            Wording.of(Signature.MISSING_INTERPRETER, "standard_init_linux.go:%d: exec user process caused: no such file or directory",
                    "exec user process caused:? \"?no such file or directory", "runc rc91–1.0.x standard_init_linux.go"),
            Wording.of(Signature.NOT_FOUND, "executable file not found in $PATH", "executable file not found", "any other wrapping of Go os/exec"),
            Wording.of(Signature.NO_COMMAND, "no command specified", "no command specified", "containerd and CRI-O: neither command nor ENTRYPOINT/CMD"),

            Wording.of(Signature.PERMISSION, "exec: %q: permission denied", "exec: " + Q + EXE + Q + ": permission denied", "runc before 1.1"),
            Wording.of(Signature.PERMISSION, "exec %s: permission denied", "\\bexec (?<exe>/\\S+): permission denied", "runc 1.1+ execve"),
            Wording.of(Signature.PERMISSION, "sh: %s: permission denied", SHELL + "permission denied", "POSIX shells in the container's log (exit code 126)"),

            Wording.of(Signature.EXEC_FORMAT, "exec: %q: exec format error", "exec: " + Q + EXE + Q + ": exec format error", "runc before 1.1"),
            Wording.of(Signature.EXEC_FORMAT, "exec %s: exec format error", "\\bexec (?<exe>/\\S+): exec format error", "runc 1.1+ execve"),
            Wording.of(Signature.EXEC_FORMAT, "standard_init_linux.go:%d: exec user process caused: exec format error", "exec user process caused:? \"?exec format error",
                    "runc rc91–1.0.x standard_init_linux.go"),
            Wording.of(Signature.EXEC_FORMAT, "exec format error", "exec format error", "any other wrapping of the kernel's ENOEXEC"),

            Wording.of(Signature.CREATE, "failed to prepare subPath for volumeMount %q of container %q",
                    "failed to prepare subPath for volumeMount \"(?<volumeMount>[^\"]+)\" of container \"(?<container>[^\"]+)\"", "kubelet 1.10+"),
            Wording.of(Signature.CREATE, "failed to create subPath directory for volumeMount %q of container %q",
                    "failed to create subPath directory for volumeMount \"(?<volumeMount>[^\"]+)\" of container \"(?<container>[^\"]+)\"",
                    "kubelet 1.11+"),
            Wording.of(Signature.CREATE, "Internal PreStartContainer hook failed: %v", "Internal PreStartContainer hook failed", "kubelet 1.12+"),
            Wording.of(Signature.CREATE, "Internal PreCreateContainer hook failed: %v", "Internal PreCreateContainer hook failed", "kubelet 1.21+"),
            Wording.of(Signature.CREATE, "container create failed: %s", "container create failed", "CRI-O, whose runtime starts the process at create time"),
            Wording.of(Signature.CREATE, "failed to generate container %q spec: %v", "failed to generate container", "containerd CRI"),
            Wording.of(Signature.CREATE_NAME_CONFLICT, "failed to reserve container name %q: name %q is reserved for %q", "failed to reserve container name",
                    "containerd CRI, a create still running from an earlier attempt"),
            Wording.of(Signature.CREATE_NAME_CONFLICT, "Conflict. The container name %q is already in use by container %q. "
                            + "You have to remove (or rename) that container to be able to reuse that name.", "is already in use",
                    "Docker Engine (dockershim 1.8–1.23, cri-dockerd), HTTP 409; " + NOT_IN_SPEC),
            Wording.of(Signature.CREATE_NAME_CONFLICT, "Conflict. %s", "Conflict\\.", "Docker Engine's prefix of any HTTP 409; " + NOT_IN_SPEC),

            Wording.of(Signature.RUNTIME, "%s:%d: %s caused %q", "\\.go:\\d+: [^\\n]{0,200}? caused:? ", "runc up to 1.0.x (generic_error.go)"),
            Wording.of(Signature.RUNTIME, "runc create failed: unable to start container process: %w",
                    "runc create failed: unable to start container process", "runc 1.1+"),
            Wording.of(Signature.RUNTIME, "OCI runtime create failed: %s", "OCI runtime create failed", "containerd"),
            Wording.of(Signature.RUNTIME, "OCI runtime start failed: %s", "OCI runtime start failed", "containerd"),
            Wording.of(Signature.RUNTIME, "failed to create containerd task: %w", "failed to create containerd task", "containerd CRI"),
            Wording.of(Signature.RUNTIME, "failed to create shim task: %w", "failed to create shim(?: task)?", "containerd 1.6+ (\"failed to create shim\" 1.5)"),
            Wording.of(Signature.RUNTIME, "failed to start containerd task %q: %w", "failed to start containerd task", "containerd CRI"),
            Wording.of(Signature.RUNTIME, "failed to start container %q: %v", "failed to start container \"", "dockershim 1.8–1.23"),

            Wording.of(Signature.SUBPATH, "subPath", "subPath", "kubelet 1.10+ (the two subPath rows above) and any runtime error naming it"),
            Wording.of(Signature.SUBPATH, "/var/lib/kubelet/pods/%s/volume-subpaths/%s/%s/%d", "volume-subpaths",
                    "kubelet 1.10+: the bind mount it prepares for a subPath, in the runtime's mount error; " + NOT_IN_SPEC),
            Wording.of(Signature.CONFIG_CACHE_TIMEOUT, "failed to sync configmap cache: %v", "failed to sync configmap cache",
                    "kubelet 1.12+ watch-based object cache (pkg/kubelet/util/manager); " + NOT_IN_SPEC),
            Wording.of(Signature.CONFIG_CACHE_TIMEOUT, "failed to sync secret cache: %v", "failed to sync secret cache",
                    "kubelet 1.12+ watch-based object cache (pkg/kubelet/util/manager); " + NOT_IN_SPEC),
            Wording.of(Signature.CONFIG_CACHE_TIMEOUT, "timed out waiting for the condition", "timed out waiting for the condition",
                    "k8s.io/apimachinery wait.ErrWaitTimeout, kubelet ≤1.26 (wordings.md lists it in section 6)"),
            Wording.of(Signature.NO_SPACE, "no space left on device", "no space left on device", "Linux ENOSPC in any runtime's wrapping; " + NOT_IN_SPEC),
            Wording.of(Signature.MOUNT_ERROR, "error mounting %q to rootfs at %q: %v", "rootfs at " + Q + "(?<target>[^\"\\\\]+)" + Q,
                    "runc up to 1.1 (libcontainer/rootfs_linux.go), quotes escaped before rc91; " + NOT_IN_SPEC),
            Wording.of(Signature.MOUNT_ERROR, "error mounting %s", "error mounting", "runc, any other form; " + NOT_IN_SPEC),
            Wording.of(Signature.MOUNT_NOT_A_DIRECTORY, "not a directory", "not a directory", "Linux ENOTDIR in any runtime's wrapping; " + NOT_IN_SPEC),
            Wording.of(Signature.MOUNT_NOT_A_DIRECTORY, "Are you trying to mount a directory onto a file (or vice-versa)? "
                            + "Check if the specified host path exists and is the expected type", "mount a directory onto a file",
                    "runc's hint after ENOTDIR (libcontainer/rootfs_linux.go); " + NOT_IN_SPEC),
            Wording.of(Signature.HOOK_EXIT, "command '%s' exited with %d: %s, message: %q",
                    "(?<exit>command '[^'\\n]{0,1024}' exited with \\d{1,3})[^\\n]{0,200}?message: \"(?<output>(?:[^\"\\\\\\n]|\\\\.){0,2048})\"",
                    "kubelet exec of a lifecycle hook, inside its FailedPostStartHook event \"Exec lifecycle hook (%v) for Container %q in Pod %q "
                            + "failed - error: %v, message: %q\"; " + NOT_IN_SPEC)));

    /** The waiting reason a message implies when only the kubelet's event remains: configuration, then creation, else start. */
    static String inferReason(String text) {
        for (String reason : List.of("CreateContainerConfigError", "CreateContainerError")) {
            if (TABLE.first(s -> reason.equals(s.reason), text).isPresent()) {
                return reason;
            }
        }
        return "RunContainerError";
    }

    /** The catalog's detection text of a rule of this table. */
    static String detection(RuleId rule, String lead, String more) {
        return TABLE.detection(s -> s.rule == rule, lead, more);
    }
}
