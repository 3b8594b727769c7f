package dev.podtriage.cluster;

import dev.podtriage.config.TriageConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs calls to the Kubernetes API on a bounded pool ({@code triage.cluster.max-parallel-calls}
 * threads, a bounded queue) so that a request waits for them no longer than its {@link Deadline},
 * whatever the API server does; a call still running past it is abandoned (interrupted).
 */
@ApplicationScoped
public class ClusterCalls {
    private final ThreadPoolExecutor pool;
    private final ClusterErrors errors;

    ClusterCalls(TriageConfig config, ClusterErrors errors) {
        int threads = Math.max(1, config.cluster().maxParallelCalls());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 64), r -> {
            Thread t = new Thread(r, "triage-cluster-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pool.allowCoreThreadTimeOut(true);
        this.errors = errors;
    }

    /** Starts a call; a full pool answers a failed future at once (the API server is saturated). */
    <T> CompletableFuture<T> submit(Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(call, pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(errors.unavailable(e));
        }
    }

    /**
     * The call's result, waiting at most until the deadline. A call that fails reports its own
     * exception ({@link ClusterException}, or the circuit breaker's); one not done by then fails as unavailable.
     */
    <T> T await(Future<T> call, Deadline deadline) {
        try {
            return call.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw errors.deadlinePassed(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw errors.deadlinePassed(deadline);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // a ClusterException, or the circuit breaker's "open"
            }
            throw errors.unavailable(e.getCause());
        }
    }

    /** One call within the deadline. */
    <T> T within(Deadline deadline, Supplier<T> call) {
        return await(submit(call), deadline);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
