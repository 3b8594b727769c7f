package dev.podtriage.chatops;

import dev.podtriage.render.Fact;
import dev.podtriage.render.Message;
import dev.podtriage.render.Section;
import dev.podtriage.render.Text;
import dev.podtriage.render.Tone;
import dev.podtriage.store.HistoryEntry;
import dev.podtriage.store.HistoryPage;
import java.util.ArrayList;
import java.util.List;

/** The chat answer to {@code history <namespace>/<pod>}: one section per episode, newest first. */
final class HistoryMessage {
    /** Episodes shown in one chat answer; the API pages through the rest. */
    static final int MAX_EPISODES = 10;

    private HistoryMessage() {
    }

    static Message of(HistoryPage page, String cluster) {
        long open = page.items().stream().filter(e -> e.resolvedAt() == null).count();
        Tone tone = open == 0 ? Tone.HEALTHY : Tone.of(page.items().stream().filter(e -> e.resolvedAt() == null)
                .map(HistoryEntry::severity).sorted().findFirst().orElse(null));
        List<Section> sections = page.items().stream().map(HistoryMessage::episode).toList();
        List<Text> notes = new ArrayList<>();
        if (page.total() > page.items().size()) {
            notes.add(Text.plain("… " + (page.total() - page.items().size()) + " earlier episodes not shown here."));
        }
        String path = "/api/v1/namespaces/" + page.namespace() + "/pods/" + page.name() + "/history";
        return new Message(tone, "History of " + page.namespace() + "/" + page.name(),
                Text.plain(page.total() + (page.total() == 1 ? " episode" : " episodes") + ", " + open + " still open"),
                null, List.of(new Fact("Cluster", Text.plain(cluster))), sections, notes, path);
    }

    private static Section episode(HistoryEntry e) {
        Text.Builder heading = Text.builder().code(e.rule()).plain(" ").strong(e.title() == null ? "" : e.title());
        if (e.container() != null) {
            heading.plain(" · container ").code(e.container());
        }
        String when = e.resolvedAt() == null ? "failing since " + e.since() : e.since() + " → resolved " + e.resolvedAt();
        return new Section(e.resolvedAt() == null ? Tone.of(e.severity()) : Tone.HEALTHY, heading.plain(" · " + when).build(), null,
                e.message() == null ? List.of() : List.of(Text.parse(e.message())), null, List.of(), null, List.of());
    }
}
