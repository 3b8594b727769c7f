package dev.podtriage.api;

import dev.podtriage.http.ProblemException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rollout gate's {@code timeout}: {@code 300s}, {@code 5m}, {@code 1h} or bare seconds; capped at the configured maximum. */
final class RolloutTimeout {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private RolloutTimeout() {
    }

    static Duration parse(String value, RolloutConfig config) {
        if (value == null || value.isBlank()) {
            return min(config.defaultTimeout(), config.maxTimeout());
        }
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw ProblemException.badRequest("Invalid timeout '" + value + "': expected a duration such as 300s, 5m or 1h.");
        }
        long n = Long.parseLong(m.group(1));
        Duration asked = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        return min(asked, config.maxTimeout());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
