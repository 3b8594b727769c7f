package dev.podtriage.render;

import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentAlert;
import dev.podtriage.incidents.IncidentList;
import dev.podtriage.incidents.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Incidents as {@link Message}s: one incident with its fixes and members, or a list by severity and blast radius. */
public final class IncidentMessages {
    private final int maxItems;

    public IncidentMessages(int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be at least 1");
        }
        this.maxItems = maxItems;
    }

    public Message incident(Incident i) {
        Tone tone = tone(i);
        List<Fact> context = new ArrayList<>();
        context.add(new Fact("State", Text.plain(i.state())));
        context.add(new Fact("Key", Text.builder().plain(i.key().kind() + " ").code(keyName(i)).build()));
        context.add(new Fact("Scope", Text.plain(scope(i.scope()))));
        context.add(new Fact("First seen", Text.plain(String.valueOf(i.firstSeen()))));
        context.add(new Fact("Last seen", Text.plain(String.valueOf(i.lastSeen()))));
        if (!i.alerts().isEmpty()) {
            context.add(new Fact("Alerts", Text.plain(explained(i.alerts()))));
        }
        if (i.resolvedAt() != null) {
            context.add(new Fact("Resolved at", Text.plain(i.resolvedAt().toString())));
        }
        List<Section> sections = new ArrayList<>();
        sections.add(new Section(tone, Text.builder().code(i.rule()).plain(" ").strong(i.title()).build(), null, List.of(),
                null, List.of(), "Fix", i.fixes().stream().map(Text::of).toList()));
        List<Member> members = i.members().stream().limit(maxItems).toList();
        sections.add(new Section(Tone.NEUTRAL, Text.strong("Members"), null, List.of(), null,
                members.stream().map(IncidentMessages::member).toList(), null, List.of()));
        List<Text> notes = new ArrayList<>();
        more(i.members().size() - members.size(), "member", notes);
        if (i.optedOut() > 0) {
            notes.add(Text.plain(optedOut(i) + " (pod-triage.dev/ignore): notifications count only the others."));
        }
        return new Message(tone, title(tone, i.id()), Text.of(i.summary()), null, context, sections, notes, path(i));
    }

    public Message incidents(IncidentList list) {
        List<Incident> items = list.items();
        Tone tone = items.stream().filter(i -> Incident.OPEN.equals(i.state())).map(IncidentMessages::tone)
                .min(Comparator.naturalOrder()).orElse(Tone.HEALTHY);
        String what = "all".equals(list.state()) ? "" : list.state() + " ";
        String title = list.total() == 0 ? "No " + what + "incidents" : list.total() + " " + what + (list.total() == 1 ? "incident" : "incidents");
        List<Section> sections = new ArrayList<>();
        int shown = Math.min(maxItems, items.size());
        for (Incident i : items.subList(0, shown)) {
            List<Text> lines = new ArrayList<>();
            lines.add(Text.of(i.summary()));
            if (i.optedOut() > 0) {
                lines.add(Text.plain(optedOut(i)));
            }
            lines.add(Text.builder().plain(i.state() + " since " + i.firstSeen()
                    + (i.resolvedAt() == null ? "" : ", resolved at " + i.resolvedAt()) + " · ").code(i.id()).build());
            sections.add(new Section(tone(i), Text.builder().code(i.rule()).plain(" ").strong(i.title())
                    .plain(" · " + i.key().kind() + " ").code(keyName(i)).build(), null, lines, null, List.of(), null, List.of()));
        }
        List<Text> notes = new ArrayList<>();
        more(list.total() - shown, "incident", notes);
        List<Fact> context = list.cluster() == null ? List.of() : List.of(new Fact("Cluster", Text.plain(list.cluster())));
        return new Message(tone, title, Text.plain(list.total() == 0 ? "Nothing shares a cause right now."
                : "Findings grouped by shared cause, worst and widest first."), null, context, sections, notes, "/api/v1/incidents");
    }

    /** "KubePodNotReady ×12 and KubeDeploymentReplicasMismatch ×3": the alerts by name, most first, firing before resolved. */
    public static String explained(List<IncidentAlert> alerts) {
        Map<String, Long> byName = alerts.stream().sorted(Comparator.comparing((IncidentAlert a) -> !"firing".equals(a.status())))
                .collect(Collectors.groupingBy(a -> a.alertname() + ("firing".equals(a.status()) ? "" : " (resolved)"),
                        LinkedHashMap::new, Collectors.counting()));
        List<String> parts = byName.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " ×" + e.getValue()).toList();
        return parts.size() <= 1 ? String.join("", parts)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static void more(int more, String noun, List<Text> notes) {
        if (more > 0) {
            notes.add(Text.plain("… and " + count(more, "more " + noun) + " not shown here."));
        }
    }

    /** "3 of 20 opted out": the members an opt-out annotation covers, of those shown. */
    private static String optedOut(Incident i) {
        return i.optedOut() + " of " + i.members().size() + " opted out";
    }

    private static Item member(Member m) {
        Text.Builder b = Text.builder().plain(m.kind() + " ").code(m.namespace() + "/" + m.name());
        if (m.owner() != null) {
            b.plain(" of " + m.owner().kind() + " ").code(m.owner().name());
        }
        if (m.node() != null) {
            b.plain(" on node ").code(m.node());
        }
        if (m.since() != null) {
            b.plain(", since " + m.since());
        }
        if (m.optOut() != null) {
            b.plain(" · " + m.optOut().describe());
        }
        return Item.of(b.build());
    }

    private static Tone tone(Incident i) {
        return Incident.OPEN.equals(i.state()) ? Tone.of(i.severity()) : Tone.HEALTHY;
    }

    private static String title(Tone tone, String id) {
        return (tone == Tone.HEALTHY ? "Resolved" : tone.word()) + ": incident " + id;
    }

    private static String keyName(Incident i) {
        return (i.key().namespace() == null ? "" : i.key().namespace() + "/") + i.key().name();
    }

    private static String scope(Incident.Scope s) {
        return count(s.pods(), "pod") + ", " + count(s.workloads(), "workload") + ", " + count(s.namespaces(), "namespace") + ", "
                + count(s.nodes(), "node");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String path(Incident i) {
        return "/api/v1/incidents/" + i.id();
    }
}
