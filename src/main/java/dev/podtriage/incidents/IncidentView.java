package dev.podtriage.incidents;

import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Prose;
import dev.podtriage.diagnosis.RuleCatalog;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.diagnosis.Severity;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** Turns an {@link Episode} into the {@link Incident} a caller sees: only members of namespaces it may read. */
public final class IncidentView {
    private final RuleCatalog catalog;
    private final Function<String, List<IncidentAlert>> alerts;

    public IncidentView(RuleCatalog catalog) {
        this(catalog, id -> List.of());
    }

    /** @param alerts the alerts attached to an incident, by id */
    public IncidentView(RuleCatalog catalog, Function<String, List<IncidentAlert>> alerts) {
        this.catalog = catalog;
        this.alerts = alerts;
    }

    /** Empty when the caller may see none of its members. */
    public Optional<Incident> of(Episode e, Predicate<String> namespaceVisible) {
        List<Observation> visible = e.members().stream().filter(o -> namespaceVisible.test(o.member().namespace()))
                .sorted(Comparator.comparing((Observation o) -> o.member().namespace()).thenComparing(o -> o.member().name()))
                .toList();
        if (visible.isEmpty()) {
            return Optional.empty();
        }
        Incident.Scope scope = scope(visible);
        Severity severity = visible.stream().map(o -> o.finding().severity()).min(Comparator.naturalOrder()).orElseThrow();
        String title = catalog.rule(e.key().rule()).map(RuleDefinition::title).orElse(visible.get(0).finding().title());
        IncidentText text = new IncidentText(e.key(), visible, scope);
        return Optional.of(new Incident(e.id(), e.key().rule(), severity, title, e.open() ? Incident.OPEN : Incident.RESOLVED,
                e.key().cause(), text.summary(title), e.firstSeen(), e.lastSeen(), e.resolvedAt(), scope,
                visible.stream().map(Observation::member).toList(), alerts.apply(e.id()), text.fixes(generalFixes(e.key().rule()), shared(visible)),
                rootCause(visible)));
    }

    /** The root-cause finding of the first member no opt-out covers (else of the first), standing for all. */
    private static Incident.RootCause rootCause(List<Observation> members) {
        Observation o = members.stream().filter(m -> m.member().optOut() == null).findFirst().orElse(members.get(0));
        Finding f = o.finding();
        return new Incident.RootCause(o.member().kind() + " " + o.member().namespace() + "/" + o.member().name(), f.message(),
                f.evidence().stream().limit(Incident.RootCause.EVIDENCE_SHOWN).toList());
    }

    static Incident.Scope scope(List<Observation> members) {
        return new Incident.Scope(
                (int) members.stream().filter(o -> "Pod".equals(o.member().kind())).count(),
                (int) members.stream().map(o -> o.member().workload()).filter(Objects::nonNull).distinct().count(),
                (int) members.stream().map(o -> o.member().namespace()).distinct().count(),
                (int) members.stream().map(o -> o.member().node()).filter(Objects::nonNull).distinct().count());
    }

    /** The fixes every member's finding has: those that do not name one pod. */
    private static List<Prose> shared(List<Observation> members) {
        List<Prose> first = members.get(0).finding().fixes();
        return first.stream().filter(f -> members.stream().map(Observation::finding).map(Finding::fixes).allMatch(l -> l.contains(f)))
                .toList();
    }

    private List<Prose> generalFixes(String rule) {
        return catalog.rule(rule).map(RuleDefinition::fixes).orElse(List.<String>of()).stream().map(Prose::fromMarkdown).toList();
    }
}
