package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a piece of evidence was read from (api.md: evidence[].source). */
public enum EvidenceSource {
    STATUS, EVENT, LOG, NODE, SPEC, WORKLOAD;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
