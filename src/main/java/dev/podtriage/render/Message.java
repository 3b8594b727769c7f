package dev.podtriage.render;

import java.util.List;

/**
 * The neutral form of everything pod-triage tells a person: built once by {@link MessageBuilder},
 * rendered by one renderer per format (Markdown, plain text, Slack Block Kit, Mattermost, Teams).
 *
 * @param tone     the colour and emoji of the whole message
 * @param title    one plain line, e.g. "Critical: shop/web-7d9c8b5f4d-x2v9k"
 * @param summary  one line: the root cause or the counts
 * @param status   kubectl's view of the pod, for a single-pod message; else null
 * @param context  cluster, namespace, owner, node, evaluation instant
 * @param sections root cause first
 * @param notes    closing remarks, e.g. "… and 12 more pods"
 * @param apiPath  where the full answer can be fetched (GET), or null
 */
public record Message(Tone tone, String title, Text summary, PodStatus status, List<Fact> context,
                      List<Section> sections, List<Text> notes, String apiPath) {
    public Message {
        context = List.copyOf(context);
        sections = List.copyOf(sections);
        notes = List.copyOf(notes);
    }

    /** A note that output was cut, naming where the whole of it can be read. */
    public String truncationNote() {
        return "… truncated, see the API" + (apiPath == null ? "" : ": GET " + apiPath);
    }
}
