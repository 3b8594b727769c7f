package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How bad a finding is. Declaration order is "worst first", used for sorting. */
@Schema(description = "critical: the pod cannot do its job; warning: degraded or at risk; info: lint, never unhealthy", enumeration = {"critical", "warning", "info"})
public enum Severity {
    CRITICAL, WARNING, INFO;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + text + "': expected critical, warning or info");
    }

    public boolean atLeast(Severity minimum) {
        return ordinal() <= minimum.ordinal();
    }

    /** Warning and critical findings make a pod unhealthy; info findings (lint) never do. */
    public boolean unhealthy() {
        return this != INFO;
    }
}
