package dev.podtriage.cluster;

import java.time.Duration;

/** The moment by which one request must be done with the Kubernetes API, all its calls together. */
final class Deadline {
    private final long endNanos;
    private final Duration budget;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    static Deadline in(Duration budget) {
        return new Deadline(budget);
    }

    /** Time left, never negative. */
    long remainingNanos() {
        return Math.max(0, endNanos - System.nanoTime());
    }

    boolean passed() {
        return remainingNanos() == 0;
    }

    /** The whole budget, for messages. */
    Duration budget() {
        return budget;
    }
}
