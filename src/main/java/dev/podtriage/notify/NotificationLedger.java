package dev.podtriage.notify;

import java.time.Instant;
import java.util.Optional;

/**
 * What was sent, to which sink, when: the one place that decides that a message is not sent twice,
 * across restarts and replicas when a store backs it. The default keeps it in memory.
 */
public interface NotificationLedger {

    /**
     * Claims one message before it is sent: true the first time {@code (subject, sink, message)} is
     * claimed, false ever after (sent before a restart, or by another replica).
     *
     * @param subject what it is about (an incident id, or a pod's or workload's key)
     * @param sink    the sink's name
     * @param message which message of the subject's life: e.g. {@code opened}, {@code grew:10}, {@code resolved}
     */
    boolean claim(String subject, String sink, String message, Instant at);

    /** When the last message about {@code subject} was claimed for {@code sink}, for cooldowns. */
    Optional<Instant> lastClaimed(String subject, String sink);
}
