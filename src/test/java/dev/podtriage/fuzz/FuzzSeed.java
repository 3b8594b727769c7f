package dev.podtriage.fuzz;

import java.security.SecureRandom;

/**
 * The seed of a fuzz run. Fixed by default, so CI is deterministic; {@code -Dfuzz.seed=random}
 * draws a fresh one (to hunt for new failures) and {@code -Dfuzz.seed=N} replays run N. Every
 * failure message names the seed, so a random run's failure can be replayed.
 */
record FuzzSeed(long value) {
    static final long FIXED = 20261127L;

    static FuzzSeed fromSystemProperty() {
        String text = System.getProperty("fuzz.seed", "").trim();
        if (text.isEmpty()) {
            return new FuzzSeed(FIXED);
        }
        return new FuzzSeed("random".equals(text) ? new SecureRandom().nextLong() : Long.parseLong(text));
    }

    /** What to add to a failure message. */
    String replay() {
        return "fuzz seed " + value + " (replay with -Dfuzz.seed=" + value + ")";
    }
}
