package dev.podtriage.render;

import dev.podtriage.diagnosis.Severity;

/** How a message or section should look: the colour and emoji a renderer gives it. */
public enum Tone {
    CRITICAL("Critical"), WARNING("Warning"), INFO("Info"), HEALTHY("Healthy"), NEUTRAL("");

    private final String word;

    Tone(String word) {
        this.word = word;
    }

    /** "Critical", "Warning", "Info", "Healthy"; empty for neutral. */
    public String word() {
        return word;
    }

    public static Tone of(Severity severity) {
        if (severity == null) {
            return HEALTHY;
        }
        return switch (severity) {
            case CRITICAL -> CRITICAL;
            case WARNING -> WARNING;
            case INFO -> INFO;
        };
    }

    /** The tone of a whole pod or workload: healthy unless a warning or critical finding exists. */
    public static Tone of(Severity worst, boolean healthy) {
        return healthy ? HEALTHY : of(worst == null ? Severity.WARNING : worst);
    }
}
