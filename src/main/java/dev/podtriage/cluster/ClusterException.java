package dev.podtriage.cluster;

/**
 * What the cluster layer reports when it cannot answer: the object is not there, the service may
 * not read it, the API server is unreachable, the request names something that cannot exist, or the
 * API server refused the call. The cluster layer decides no HTTP status: {@code api} turns these
 * into problem+json answers and {@code chatops} into chat messages.
 */
public class ClusterException extends RuntimeException {

    /** Why the cluster layer could not answer. */
    public enum Reason {
        /** The namespace, pod or workload does not exist. */
        NOT_FOUND,
        /** RBAC or pod-triage's own namespace scope forbids reading it. */
        FORBIDDEN,
        /** The API server is unreachable, too slow, or rejects the service's credentials. */
        UNAVAILABLE,
        /** The request names something that cannot exist (an unknown workload kind). */
        INVALID,
        /** The API server refused the call for another reason. */
        REFUSED
    }

    private final Reason reason;
    private final String code;

    /**
     * @param code a short stable name of the case (e.g. {@code namespace-denied}), used in problem types
     */
    public ClusterException(Reason reason, String code, String detail) {
        super(detail);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return code;
    }

    static ClusterException notFound(String detail) {
        return new ClusterException(Reason.NOT_FOUND, "not-found", detail);
    }
}
