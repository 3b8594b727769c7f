package dev.podtriage.diagnosis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The opt-out annotations around one subject at one instant, applied to its findings: every valid,
 * unexpired annotation covering a finding's rule marks it (the nearest object, listed first, is
 * shown); invalid and expired ones are problems to show. Deterministic in the instant: the earliest
 * {@code until} still ahead is the horizon at which the verdict changes without new input.
 */
public final class OptOuts {
    private record Active(String object, IgnoreAnnotation.Parsed parsed) {
    }

    private final List<Active> active;
    private final List<Prose> problems;
    private final Instant horizon;

    private OptOuts(List<Active> active, List<Prose> problems, Instant horizon) {
        this.active = active;
        this.problems = problems;
        this.horizon = horizon;
    }

    /**
     * @param sources nearest first: the subject itself, its owner chain, its namespace
     * @param quote   applied to every text taken from an annotation (the redactor)
     */
    public static OptOuts of(List<OptOutSource> sources, Set<String> knownRules, Instant at, UnaryOperator<String> quote) {
        if (sources.isEmpty()) {
            return new OptOuts(List.of(), List.of(), null);
        }
        List<Active> active = new ArrayList<>();
        List<Prose> problems = new ArrayList<>();
        Instant horizon = null;
        for (OptOutSource s : sources) {
            IgnoreAnnotation.Result r = IgnoreAnnotation.parse(s.value(), knownRules);
            if (r.parsed() == null) {
                problems.add(Prose.of(s.object() + ": " + IgnoreAnnotation.KEY + " not applied: ", r.problem()).map(quote));
            } else if (!at.isBefore(r.parsed().until())) {
                problems.add(Prose.words(s.object() + ": " + IgnoreAnnotation.KEY + " expired at " + r.parsed().until()));
            } else {
                IgnoreAnnotation.Parsed p = r.parsed();
                active.add(new Active(s.object(), new IgnoreAnnotation.Parsed(p.rules(), p.ruleText(), p.until(),
                        p.reason() == null ? null : quote.apply(p.reason()))));
                horizon = horizon == null || p.until().isBefore(horizon) ? p.until() : horizon;
            }
        }
        return new OptOuts(List.copyOf(active), List.copyOf(problems), horizon);
    }

    /** The findings, each covered one marked with the first annotation that covers it. */
    public List<Finding> apply(List<Finding> findings) {
        if (active.isEmpty()) {
            return findings;
        }
        return findings.stream().map(f -> active.stream().filter(a -> a.parsed().covers(f.rule())).findFirst()
                .map(a -> f.withOptOut(new OptOut(a.object(), a.parsed().ruleText(), a.parsed().until(), a.parsed().reason())))
                .orElse(f)).toList();
    }

    /** Annotations not applied (malformed, without until, naming an unknown rule, expired), naming the object. */
    public List<Prose> problems() {
        return problems;
    }

    /** The earliest instant an applied annotation ends; null when none applies. */
    public Instant horizon() {
        return horizon;
    }

    /** The earlier of two horizons, either of which may be null. */
    public static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }
}
