package dev.podtriage.cluster.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timestamps relative to start-up in the scenario files: a string value {@code now} or
 * {@code now-<age>} ({@code now-25m}, {@code now-3m30s}, {@code now-1d23h59m52s}) becomes the
 * RFC 3339 time that long before {@code now}, to the second; {@code eventTime} and
 * {@code lastObservedTime} (MicroTime) get six fraction digits, as the API server writes them.
 * Only whole values are replaced, never text inside messages.
 */
final class RelativeTime {
    private static final Pattern AGO = Pattern.compile("now(?:-(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?)?");
    private static final Set<String> MICRO_TIME = Set.of("eventTime", "lastObservedTime");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Instant now;

    RelativeTime(Instant now) {
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Rewrites every relative time in the tree in place. */
    void resolve(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                if (v.isTextual()) {
                    o.set(name, resolve(name, v.asText()));
                } else {
                    resolve(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                resolve(a.get(i));
            }
        }
    }

    private TextNode resolve(String field, String text) {
        Instant at = at(text);
        if (at == null) {
            return new TextNode(text);
        }
        return new TextNode(MICRO_TIME.contains(field) ? MICROS.format(at) : at.toString());
    }

    /** The instant {@code text} names, or null when it is not a relative time. */
    Instant at(String text) {
        Matcher m = AGO.matcher(text);
        if (!m.matches()) {
            return null;
        }
        Duration ago = Duration.ofDays(number(m.group(1))).plusHours(number(m.group(2)))
                .plusMinutes(number(m.group(3))).plusSeconds(number(m.group(4)));
        return now.minus(ago);
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
