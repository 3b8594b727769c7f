package dev.podtriage.cluster;

import dev.podtriage.config.TriageConfig;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * Translates what the Kubernetes API answers into {@link ClusterException}s: a 403 names the
 * missing permission, a 404 the missing object, and an unreachable or slow API server is unavailable.
 */
@ApplicationScoped
public class ClusterErrors {
    private final TriageConfig config;

    ClusterErrors(TriageConfig config) {
        this.config = config;
    }

    /**
     * Runs one call to the API server. While the API server keeps failing (3 of the last 4 calls
     * unavailable) the circuit opens for 5 s and calls fail at once with 503 instead of each waiting
     * for the timeout; RBAC and not-found answers do not count as failures.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = ClusterUnavailableException.class)
    public <T> T call(String verb, String resource, String namespace, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw translate(e, verb, resource, namespace);
        }
    }

    ClusterException translate(KubernetesClientException e, String verb, String resource, String namespace) {
        String where = namespace == null ? "at cluster scope" : "in namespace `" + namespace + "`";
        return switch (e.getCode()) {
            case 401 -> new ClusterUnavailableException("cluster-unauthorized",
                    "The Kubernetes API rejected the service's credentials (401); its token may have expired.");
            case 403 -> new ClusterException(ClusterException.Reason.FORBIDDEN, "cluster-forbidden", "pod-triage may not `" + verb + "` `" + resource + "` " + where
                    + ": grant that verb on that resource to its ServiceAccount (k8s/clusterrole.yaml). The API server said: "
                    + firstLine(e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()));
            case 404 -> ClusterException.notFound("No " + resource + " found " + where + ".");
            case 410 -> new ClusterUnavailableException("cluster-unavailable", "The Kubernetes API answered 410 Gone; try again.");
            default -> e.getCode() >= 400 && e.getCode() < 500
                    ? new ClusterException(ClusterException.Reason.REFUSED, "cluster-error", "The Kubernetes API refused `" + verb + " " + resource + "`: " + firstLine(e.getMessage()))
                    : unavailable(e);
        };
    }

    /** The API server did not answer usefully: a 503, and a failure for the circuit breaker. */
    public static final class ClusterUnavailableException extends ClusterException {
        ClusterUnavailableException(String code, String detail) {
            super(Reason.UNAVAILABLE, code, detail);
        }
    }

    ClusterException unavailable(Throwable e) {
        return new ClusterUnavailableException("cluster-unavailable", "The Kubernetes API server is unreachable or did not answer within "
                + config.cluster().requestTimeout().toMillis() + " ms (triage.cluster.request-timeout): " + rootCause(e));
    }

    ClusterException deadlinePassed(Deadline deadline) {
        return new ClusterUnavailableException("cluster-deadline", "The Kubernetes API server did not answer within the request's "
                + deadline.budget().toMillis() + " ms (triage.cluster.request-deadline).");
    }

    /** The innermost cause of a failure, in one line: what a log or an answer names. */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
