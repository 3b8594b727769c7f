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
 * @param delay        how long a finding must persist before it is sent
 * @param cooldown     least time between two firing messages for the same subject (pod or workload) and rule
 * @param sendResolved post a "resolved" message when an alerted pod or workload recovers or is deleted
 */
record SinkSettings(String name, SinkType type, URI url, Map<String, String> headers, SinkFilter filter, Duration delay,
                    Duration cooldown, boolean sendResolved) {

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
        // never the URL or the headers: they hold secrets
        return "sink " + name + " (" + type.name().toLowerCase() + ")";
    }
}
