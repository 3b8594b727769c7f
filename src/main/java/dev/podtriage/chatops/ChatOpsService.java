package dev.podtriage.chatops;

import dev.podtriage.cluster.ClusterException;
import dev.podtriage.cluster.LabelSelector;
import dev.podtriage.cluster.LiveDiagnosisService;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.ReportFilter;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.render.Command;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentFilter;
import dev.podtriage.incidents.IncidentList;
import dev.podtriage.incidents.IncidentService;
import dev.podtriage.render.Fact;
import dev.podtriage.render.IncidentMessages;
import dev.podtriage.render.Message;
import dev.podtriage.store.HistoryQueries;
import dev.podtriage.render.MessageBuilder;
import dev.podtriage.render.Text;
import dev.podtriage.render.Tone;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Answers chat commands with {@link Message}s, whatever the platform: diagnoses from the live
 * cluster, the rule catalog, help. Never throws: what goes wrong (a pod that does not exist, RBAC,
 * an unreachable API server) becomes a friendly message that only the asking user sees.
 */
@ApplicationScoped
public class ChatOpsService {
    private static final Logger LOG = Logger.getLogger(ChatOpsService.class);
    private static final Pattern SLASH = Pattern.compile("/[A-Za-z0-9_-]{1,40}");
    static final String DEFAULT_SLASH = "/triage";

    /** What to send back: the message, and whether the whole channel sees it. */
    public record Answer(Message message, boolean inChannel) {
    }

    private final LiveDiagnosisService live;
    private final DiagnosisEngine engine;
    private final Clock clock;
    private final IncidentService incidents;
    private final HistoryQueries history;
    private final MessageBuilder messages = new MessageBuilder();
    private final IncidentMessages incidentMessages = new IncidentMessages(MessageBuilder.DEFAULT_MAX_PODS);
    private final ThreadPoolExecutor executor;

    ChatOpsService(LiveDiagnosisService live, DiagnosisEngine engine, IncidentService incidents, HistoryQueries history, Clock clock) {
        this.live = live;
        this.history = history;
        this.incidents = incidents;
        this.engine = engine;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "chatops-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.executor.allowCoreThreadTimeOut(true);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Runs the command off the caller's thread; a full queue answers "busy" at once. */
    public CompletableFuture<Answer> submit(ChatCommand.Parsed parsed, String slash) {
        try {
            return CompletableFuture.supplyAsync(() -> answer(parsed, slash), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new Answer(problem("Busy", Tone.WARNING,
                    "pod-triage is answering many commands at the moment; try again in a few seconds.", slash), false));
        }
    }

    /** The answer to a command, on the caller's thread. */
    public Answer answer(ChatCommand.Parsed parsed, String slash) {
        String cmd = slashName(slash);
        try {
            Message m = message(parsed.command(), cmd);
            boolean failed = parsed.command() instanceof ChatCommand.Unknown;
            return new Answer(m, parsed.inChannel() && !failed);
        } catch (ClusterException e) {
            return new Answer(problem(title(e.reason()), Tone.WARNING, e.getMessage(), cmd), false);
        } catch (UnknownRule e) {
            return new Answer(problem("Not found", Tone.WARNING, e.getMessage(), cmd), false);
        } catch (RuntimeException e) {
            LOG.errorf(e, "chat command %s failed", parsed.command().describe());
            return new Answer(problem("Something went wrong", Tone.CRITICAL,
                    "pod-triage failed unexpectedly while answering; the server log has the details.", cmd), false);
        }
    }

    private Message message(ChatCommand command, String slash) {
        Instant at = clock.instant();
        if (command instanceof ChatCommand.Pod p) {
            return messages.diagnosis(live.pod(p.namespace(), p.name(), at));
        }
        if (command instanceof ChatCommand.Namespace n) {
            return messages.report(live.namespace(n.namespace(), at, LabelSelector.everything(),
                    ReportFilter.of(Severity.INFO, false), false));
        }
        if (command instanceof ChatCommand.Workload w) {
            return messages.workload(live.workload(w.namespace(), w.kind(), w.name(), at));
        }
        if (command instanceof ChatCommand.History h) {
            return HistoryMessage.of(history.pod(h.namespace(), h.name(), 0, HistoryMessage.MAX_EPISODES), live.clusterName());
        }
        if (command instanceof ChatCommand.Incidents) {
            List<Incident> open = incidents.list(IncidentFilter.open());
            return incidentMessages.incidents(new IncidentList(live.clusterName(), Incident.OPEN, open.size(), open, null));
        }
        if (command instanceof ChatCommand.Rules r) {
            if (r.id() == null) {
                return messages.rules(engine.catalog().rules());
            }
            return messages.rule(engine.catalog().rule(r.id()).orElseThrow(() -> new UnknownRule("No rule `" + r.id()
                    + "`. `" + slash + " rules` lists the " + engine.catalog().rules().size() + " rule IDs.")));
        }
        if (command instanceof ChatCommand.Unknown u) {
            Message help = help(slash);
            List<Text> notes = new ArrayList<>(help.notes());
            Text.Builder note = Text.builder().plain("I did not understand ").code(u.input());
            if (u.problem() != null) {
                note.plain(": ").text(Text.parse(u.problem()));
            }
            notes.add(0, note.plain(".").build());
            return new Message(help.tone(), help.title(), help.summary(), help.status(), help.context(), help.sections(),
                    notes, help.apiPath());
        }
        return help(slash);
    }

    /** The help text, with the slash command as the user called it. */
    public Message help(String slash) {
        String c = slashName(slash);
        return messages.help("pod-triage: " + c, List.of(
                new Command(c + " <namespace>/<pod>", "Diagnose one pod: the root cause, its evidence and the fixes"),
                new Command(c + " <namespace>", "Summarize a namespace: pod counts and the worst pods"),
                new Command(c + " workload <namespace>/<kind>/<name>",
                        "Diagnose a Deployment, StatefulSet, DaemonSet, ReplicaSet or Job and its pods"),
                new Command(c + " history <namespace>/<pod>", "A pod's findings over time: when each began and ended, also after the pod is gone"),
                new Command(c + " incidents", "List the open incidents (findings that share one cause), worst and widest first"),
                new Command(c + " rules", "List the rules pod-triage diagnoses by"),
                new Command(c + " rules <id>", "Explain one rule, e.g. `image-not-found`"),
                new Command(c + " help", "Show this help"),
                new Command("… --public", "Post the answer to the channel; otherwise only you see it")));
    }

    /** A short message about something that went wrong or is pending; only the asking user sees it. */
    /** The answer when the service stops while a command runs. */
    Answer interrupted(String slash) {
        return new Answer(problem("Interrupted", Tone.WARNING, "pod-triage is shutting down; try again in a moment.", slash), false);
    }

    Message problem(String title, Tone tone, String detail, String slash) {
        return new Message(tone, title, Text.parse(detail), null, clusterFact(), List.of(), List.of(
                Text.builder().code(slashName(slash) + " help").plain(" lists the commands.").build()), null);
    }

    /** An acknowledgement while a slow command goes on. */
    Message working(ChatCommand command, long deadlineMillis) {
        return new Message(Tone.NEUTRAL, ":hourglass_flowing_sand: Working on it…",
                Text.builder().plain("The " + command.describe() + " takes longer than " + deadlineMillis
                        + " ms; the answer replaces this message when it is ready.").build(),
                null, List.of(), List.of(), List.of(), null);
    }

    private List<Fact> clusterFact() {
        try {
            return List.of(new Fact("Cluster", Text.plain(live.clusterName())));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    static String slashName(String slash) {
        return slash != null && SLASH.matcher(slash.strip()).matches() ? slash.strip() : DEFAULT_SLASH;
    }

    private static String title(ClusterException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> "Not found";
            case FORBIDDEN -> "Not allowed";
            case INVALID -> "Cannot answer that";
            case UNAVAILABLE, REFUSED -> "Kubernetes API unavailable";
        };
    }

    /** A rule ID the catalog does not have: answered in the chat, not an error. */
    private static final class UnknownRule extends RuntimeException {
        UnknownRule(String message) {
            super(message, null, false, false);
        }
    }
}
