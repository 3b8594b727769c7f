package dev.podtriage.diagnosis;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Diagnoses of many pods with counts over all of them (api.md "Report"). */
public record Report(String cluster, Instant evaluatedAt, Summary summary, List<Diagnosis> diagnoses) {

    /**
     * Counts over every pod evaluated, including those not listed.
     *
     * @param healthy  pods without warning or critical findings
     * @param critical pods whose worst finding is critical
     * @param warning  pods whose worst finding is a warning
     * @param byRule   pods per rule ID
     */
    public record Summary(int pods, int healthy, int critical, int warning, Map<String, Integer> byRule) {
    }
}
