package dev.podtriage.incidents;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An Alertmanager alert an incident explains. */
@Schema(description = "An Alertmanager alert the incident's cause explains")
public record IncidentAlert(@Schema(example = "KubePodNotReady") String alertname,
                            @Schema(description = "Alertmanager's fingerprint of the alert", example = "4f3a2b1c0d9e8f7a") String fingerprint,
                            @Schema(enumeration = {"firing", "resolved"}) String status) {
}
