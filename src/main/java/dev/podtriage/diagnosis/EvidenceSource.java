package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where a piece of evidence was read from (api.md: evidence[].source). */
@Schema(description = "Where the evidence was read from", enumeration = {"status", "event", "log", "node", "spec", "workload"})
public enum EvidenceSource {
    STATUS, EVENT, LOG, NODE, SPEC, WORKLOAD;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
