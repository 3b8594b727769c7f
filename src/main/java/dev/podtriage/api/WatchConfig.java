package dev.podtriage.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live stream of {@code ?watch=true} ({@code triage.watch.*}). */
@ConfigMapping(prefix = "triage.watch")
public interface WatchConfig {

    /** A comment line is sent this often on every open stream, so that proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();

    /** How many recent changes are kept for {@code Last-Event-ID} to resume from; older ones send the full state again. */
    @WithDefault("2000")
    int buffer();

    /** Events one slow stream may have waiting to be written; past it the stream is closed (the client resumes with Last-Event-ID). */
    @WithDefault("1000")
    int maxPending();
}
