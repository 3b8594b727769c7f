package dev.podtriage.api;

import dev.podtriage.cluster.LiveDiagnosisService;
import dev.podtriage.cluster.RolloutSnapshot;
import dev.podtriage.diagnosis.RolloutProgress.State;
import dev.podtriage.stream.DiagnosisChange;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waits for rollouts without a thread per waiting request: each wait is a Vert.x timer that
 * re-evaluates the workload every {@code triage.rollout.interval} on the worker pool (from the
 * caches: no API call while they are live), and again on every {@link DiagnosisChange} of its
 * namespace, until the rollout completed, failed, or the timeout passed.
 */
@ApplicationScoped
public class RolloutGate {

    /** The answer of one wait: the last snapshot, its state and why. */
    public record Outcome(RolloutSnapshot snapshot, State state, String detail) {
    }

    private final LiveDiagnosisService service;
    private final Vertx vertx;
    private final Clock clock;
    private final RolloutConfig config;
    private final Map<String, Set<Wait>> waiting = new ConcurrentHashMap<>();

    RolloutGate(LiveDiagnosisService service, Vertx vertx, Clock clock, RolloutConfig config) {
        this.service = service;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
    }

    /** Judges {@code first} (already read by the caller) and, unless it is final, waits up to {@code timeout}. */
    Uni<Outcome> await(String namespace, String kind, String name, RolloutSnapshot first, Duration timeout) {
        return Uni.createFrom().emitter(emitter -> {
            Wait wait = new Wait(namespace, kind, name, clock.instant().plus(timeout), emitter);
            emitter.onTermination(() -> {
                wait.done.set(true); // finished, or the caller went away
                wait.stop();
            });
            wait.judge(first);
            if (!wait.done.get()) {
                wait.start(timeout);
            }
        });
    }

    /** The number of requests waiting now. */
    int waiting() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    void on(@Observes DiagnosisChange change) {
        Set<Wait> waits = waiting.get(change.subject().namespace());
        if (waits != null) {
            waits.forEach(Wait::evaluate);
        }
    }

    private final class Wait {
        private final String namespace;
        private final String kind;
        private final String name;
        private final Instant deadline;
        private final UniEmitter<? super Outcome> emitter;
        private final CriticalCause cause = new CriticalCause(config.confirmAfter());
        private final AtomicBoolean done = new AtomicBoolean();
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();
        private volatile long periodic = -1;
        private volatile long expiry = -1;

        Wait(String namespace, String kind, String name, Instant deadline, UniEmitter<? super Outcome> emitter) {
            this.namespace = namespace;
            this.kind = kind;
            this.name = name;
            this.deadline = deadline;
            this.emitter = emitter;
        }

        void start(Duration timeout) {
            periodic = vertx.setPeriodic(Math.max(10, config.interval().toMillis()), id -> evaluate());
            expiry = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> evaluate());
            waiting.computeIfAbsent(namespace, ns -> ConcurrentHashMap.newKeySet()).add(this);
            if (done.get()) {
                stop(); // finished while the timers were being set
            }
        }

        /** Evaluates again on the worker pool; a request made while one runs is coalesced into one more run. */
        void evaluate() {
            if (done.get()) {
                return;
            }
            if (!running.compareAndSet(false, true)) {
                again.set(true);
                return;
            }
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    judge(service.rollout(namespace, kind, name, clock.instant()));
                } catch (RuntimeException e) {
                    if (done.compareAndSet(false, true)) {
                        stop();
                        emitter.fail(e);
                    }
                } finally {
                    running.set(false);
                    if (again.getAndSet(false)) {
                        evaluate();
                    }
                }
            });
        }

        void judge(RolloutSnapshot snapshot) {
            Instant now = clock.instant();
            Outcome outcome = switch (snapshot.progress().state()) {
                case COMPLETE, FAILED -> new Outcome(snapshot, snapshot.progress().state(), snapshot.progress().detail());
                case PROGRESSING -> {
                    Optional<String> failure = cause.observe(snapshot.report(), now);
                    if (failure.isPresent()) {
                        yield new Outcome(snapshot, State.FAILED, failure.get());
                    }
                    yield now.isBefore(deadline) ? null : new Outcome(snapshot, State.PROGRESSING, snapshot.progress().detail());
                }
            };
            if (outcome != null && done.compareAndSet(false, true)) {
                stop();
                emitter.complete(outcome);
            }
        }

        void stop() {
            if (periodic >= 0) {
                vertx.cancelTimer(periodic);
            }
            if (expiry >= 0) {
                vertx.cancelTimer(expiry);
            }
            Set<Wait> waits = waiting.get(namespace);
            if (waits != null) {
                waits.remove(this);
            }
        }
    }
}
