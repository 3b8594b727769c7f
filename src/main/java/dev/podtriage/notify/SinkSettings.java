package dev.podtriage.notify;

import dev.podtriage.notify.NotifyConfig.SinkType;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One sink as the notifier uses it.
 *
 * @param name         the configured name: what logs and metrics show (the URL is a secret)
 * @param routingKey   PagerDuty's integration key (type pagerduty); null for the others
 * @param delay        how long an incident must stay open before it is sent
 * @param cooldown     least time between the last message about an incident and the opening message of its next episode
 * @param sendResolved post a "resolved" message when an announced incident resolves
 */
record SinkSettings(String name, SinkType type, URI url, String routingKey, Map<String, String> headers, SinkFilter filter,
                    Duration delay, Duration cooldown, boolean sendResolved) {

    SinkSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(filter, "filter");
        if (delay.isNegative() || cooldown.isNegative()) {
            throw new IllegalArgumentException("sink " + name + ": delay and cooldown cannot be negative");
        }
    }

    @Override
    public String toString() {
        // never the URL, the routing key or the headers: they hold secrets
        return "sink " + name + " (" + type.name().toLowerCase() + ")";
    }
}
