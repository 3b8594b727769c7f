package dev.podtriage.chatops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a user asked for in the text of a slash command: {@code <namespace>/<pod>},
 * {@code <namespace>}, {@code workload <namespace>/<kind>/<name>}, {@code history <namespace>/<pod>}, {@code incidents}, {@code rules [id]} or
 * {@code help}, with an optional trailing {@code --public}. Anything else is {@link Unknown}
 * and gets the help text.
 */
public sealed interface ChatCommand {

    /** Whether answering needs the cluster (and may therefore be slow). */
    default boolean readsCluster() {
        return false;
    }

    /** One line for the audit log: what was asked, never the raw text. */
    String describe();

    record Pod(String namespace, String name) implements ChatCommand {
        @Override
        public boolean readsCluster() {
            return true;
        }

        @Override
        public String describe() {
            return "pod " + namespace + "/" + name;
        }
    }

    record Namespace(String namespace) implements ChatCommand {
        @Override
        public boolean readsCluster() {
            return true;
        }

        @Override
        public String describe() {
            return "namespace " + namespace;
        }
    }

    record Workload(String namespace, String kind, String name) implements ChatCommand {
        @Override
        public boolean readsCluster() {
            return true;
        }

        @Override
        public String describe() {
            return "workload " + namespace + "/" + kind + "/" + name;
        }
    }

    /** A pod's findings over time, from the history database. */
    record History(String namespace, String name) implements ChatCommand {
        @Override
        public String describe() {
            return "history " + namespace + "/" + name;
        }
    }

    /** The open incidents, by severity and blast radius. */
    record Incidents() implements ChatCommand {
        @Override
        public boolean readsCluster() {
            return true;
        }

        @Override
        public String describe() {
            return "incidents";
        }
    }

    /** The catalog, or one rule when {@code id} is not null. */
    record Rules(String id) implements ChatCommand {
        @Override
        public String describe() {
            return id == null ? "rules" : "rule " + id;
        }
    }

    record Help() implements ChatCommand {
        @Override
        public String describe() {
            return "help";
        }
    }

    /** Input that is none of the commands; {@code problem} says why, for the help text. */
    record Unknown(String input, String problem) implements ChatCommand {
        @Override
        public String describe() {
            return "unknown";
        }
    }

    /** A parsed command and whether its answer goes to the whole channel. */
    record Parsed(ChatCommand command, boolean inChannel) {
    }

    int MAX_INPUT = 300;
    /** DNS-1123 label: namespaces. */
    Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** DNS-1123 subdomain: pods and workloads. */
    Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    Pattern KIND = Pattern.compile("[A-Za-z]{1,40}");
    Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,80}");

    static Parsed parse(String text) {
        String input = text == null ? "" : text.strip();
        if (input.length() > MAX_INPUT) {
            return new Parsed(new Unknown(input.substring(0, 60) + "…", "the text is too long"), false);
        }
        List<String> words = new ArrayList<>(Arrays.asList(input.split("\\s+")));
        words.removeIf(String::isEmpty);
        boolean inChannel = false;
        if (!words.isEmpty() && isPublicFlag(words.get(words.size() - 1))) {
            inChannel = true;
            words.remove(words.size() - 1);
        }
        return new Parsed(command(words, String.join(" ", words)), inChannel);
    }

    private static ChatCommand command(List<String> words, String input) {
        if (words.isEmpty()) {
            return new Help();
        }
        String first = words.get(0).toLowerCase(Locale.ROOT);
        if (words.size() == 1 && (first.equals("help") || first.equals("?") || first.equals("-h") || first.equals("--help"))) {
            return new Help();
        }
        if (words.size() == 1 && (first.equals("incidents") || first.equals("incident"))) {
            return new Incidents();
        }
        if (first.equals("rules") || first.equals("rule")) {
            if (words.size() == 1) {
                return new Rules(null);
            }
            if (words.size() == 2 && RULE_ID.matcher(words.get(1)).matches()) {
                return new Rules(words.get(1));
            }
            return new Unknown(input, "a rule ID is lowercase letters, digits and dashes, e.g. `image-not-found`");
        }
        if (first.equals("workload")) {
            String[] parts = words.size() == 2 ? words.get(1).split("/", -1) : new String[0];
            if (parts.length != 3) {
                return new Unknown(input, "a workload is written `<namespace>/<kind>/<name>`, e.g. `shop/deployment/web`");
            }
            if (!LABEL.matcher(parts[0]).matches() || !KIND.matcher(parts[1]).matches() || !SUBDOMAIN.matcher(parts[2]).matches()) {
                return new Unknown(input, "`" + words.get(1) + "` is not a valid `<namespace>/<kind>/<name>`");
            }
            return new Workload(parts[0], parts[1], parts[2]);
        }
        if (first.equals("history")) {
            ChatCommand pod = words.size() == 2 ? command(List.of(words.get(1)), input) : null;
            return pod instanceof Pod p ? new History(p.namespace(), p.name())
                    : new Unknown(input, "a pod's history is asked as `history <namespace>/<pod>`, e.g. `history shop/web-7d9c`");
        }
        if (words.size() != 1) {
            return new Unknown(input, null);
        }
        String target = words.get(0);
        int slash = target.indexOf('/');
        if (slash < 0) {
            return LABEL.matcher(target).matches() ? new Namespace(target)
                    : new Unknown(input, "`" + target + "` is not a valid namespace name (lowercase letters, digits and dashes)");
        }
        String namespace = target.substring(0, slash);
        String pod = target.substring(slash + 1);
        if (!LABEL.matcher(namespace).matches() || !SUBDOMAIN.matcher(pod).matches()) {
            return new Unknown(input, "`" + target + "` is not a valid `<namespace>/<pod>`");
        }
        return new Pod(namespace, pod);
    }

    /** {@code --public}; also the dashes some Slack clients turn {@code --} into. */
    private static boolean isPublicFlag(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.equals("--public") || w.equals("\u2014public") || w.equals("\u2013public") || w.equals("\u2013-public");
    }
}
