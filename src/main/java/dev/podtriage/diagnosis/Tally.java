package dev.podtriage.diagnosis;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The counts of a {@link Report.Summary} over a changing set of diagnoses: a diagnosis is
 * {@linkplain #add added} and {@linkplain #remove removed} again when it is replaced, so a summary
 * of many pods kept current costs nothing per report. Not thread-safe.
 */
public final class Tally {
    private int pods;
    private int healthy;
    private int critical;
    private int warning;
    private int suppressed;
    private int optedOut;
    private final Map<String, Integer> byRule = new TreeMap<>();

    public void add(Diagnosis d) {
        count(d, 1);
    }

    public void remove(Diagnosis d) {
        count(d, -1);
    }

    /** Adds another tally's counts to this one. */
    public Tally plus(Tally other) {
        pods += other.pods;
        healthy += other.healthy;
        critical += other.critical;
        warning += other.warning;
        suppressed += other.suppressed;
        optedOut += other.optedOut;
        other.byRule.forEach((rule, n) -> byRule.merge(rule, n, Integer::sum));
        return this;
    }

    /** A copy, for a reader while the original keeps changing. */
    public Tally copy() {
        return new Tally().plus(this);
    }

    public Report.Summary summary() {
        return new Report.Summary(pods, healthy, critical, warning, new TreeMap<>(byRule), suppressed, optedOut);
    }

    private void count(Diagnosis d, int sign) {
        pods += sign;
        suppressed += sign * d.suppressed();
        optedOut += d.optedOut() ? sign : 0;
        if (d.healthy()) {
            healthy += sign;
        } else if (d.severity() == Severity.CRITICAL) {
            critical += sign;
        } else {
            warning += sign;
        }
        Set<String> rules = new HashSet<>();
        for (Finding f : d.findings()) {
            if (rules.add(f.rule())) {
                byRule.merge(f.rule(), sign, (a, b) -> a + b == 0 ? null : a + b);
            }
        }
    }
}
