package dev.podtriage.chatops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The wall clock stopped at {@link #NOW} (the instant the fixtures are written for), for the
 * profiles that select it: signature timestamps and evaluation instants become reproducible.
 */
@Alternative
@ApplicationScoped
public class FixedClock {
    public static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
