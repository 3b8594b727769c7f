package dev.podtriage.render;

import java.util.List;

/**
 * One part of a message: a finding (heading with rule ID, title and container; the message;
 * evidence; fix steps), a pod of a report, or a group of rules.
 *
 * @param tone       its colour and emoji
 * @param heading    one line
 * @param status     kubectl's view of the pod the section is about, or null
 * @param paragraphs body text, one entry per paragraph
 * @param listLabel  label of {@code list}, e.g. "Evidence"
 * @param list       unordered entries (evidence, rules, commands)
 * @param stepsLabel label of {@code steps}, e.g. "Fix"
 * @param steps      ordered entries (fix steps)
 */
public record Section(Tone tone, Text heading, PodStatus status, List<Text> paragraphs,
                      String listLabel, List<Item> list, String stepsLabel, List<Text> steps) {
    public Section {
        paragraphs = List.copyOf(paragraphs);
        list = List.copyOf(list);
        steps = List.copyOf(steps);
    }
}
