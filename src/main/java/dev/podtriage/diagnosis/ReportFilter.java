package dev.podtriage.diagnosis;

/**
 * Which diagnoses a Report lists. Its summary always counts every pod.
 *
 * @param minimum   list pods with a finding of at least this severity
 * @param includeAll list every pod, healthy or not ({@code all=true})
 */
public record ReportFilter(Severity minimum, boolean includeAll) {

    public static ReportFilter everything() {
        return new ReportFilter(Severity.INFO, true);
    }

    public static ReportFilter of(Severity minimum, boolean includeAll) {
        return new ReportFilter(minimum == null ? Severity.INFO : minimum, includeAll);
    }

    public boolean lists(Diagnosis d) {
        return includeAll || d.hasFindingAtLeast(minimum);
    }
}
