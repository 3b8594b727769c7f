package dev.podtriage.notify;

import dev.podtriage.notify.Notification.Kind;
import dev.podtriage.notify.WebhookSender.Outcome;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Hands the notifications of one subject to the delivery executor: the watch never waits for a
 * receiver. Firing messages about a pod quote the previous log of its crashed containers (read once per pod).
 */
final class Deliveries implements Consumer<List<Notification>> {
    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    private final NotifySource source;
    private final Payloads payloads;
    private final WebhookSender sender;
    private final Executor executor;
    private final boolean previousLogs;

    Deliveries(NotifySource source, Payloads payloads, WebhookSender sender, Executor executor, boolean previousLogs) {
        this.source = source;
        this.payloads = payloads;
        this.sender = sender;
        this.executor = executor;
        this.previousLogs = previousLogs;
    }

    @Override
    public void accept(List<Notification> notifications) {
        try {
            executor.execute(() -> deliver(notifications));
        } catch (RejectedExecutionException e) {
            LOG.debugf("not delivering %d notifications: shutting down", notifications.size());
        }
    }

    /** Builds and posts every message; the future completes when all were delivered or given up. */
    CompletableFuture<List<Outcome>> deliver(List<Notification> notifications) {
        List<CompletableFuture<Outcome>> sent = new ArrayList<>();
        Diagnosis withLogs = null;
        boolean logsRead = false;
        for (Notification n : notifications) {
            Notification out = n;
            if (n.kind() == Kind.FIRING && previousLogs && n.subject().isPod()) {
                if (!logsRead) {
                    withLogs = readLogs(n).orElse(null);
                    logsRead = true;
                }
                if (withLogs != null && ruleIds(withLogs).containsAll(n.rules())) {
                    out = n.withDiagnosis(withLogs);
                }
            }
            try {
                sent.add(sender.post(n.sink().name(), n.sink().url(), n.sink().headers(), payloads.body(out)));
            } catch (RuntimeException e) {
                LOG.warnf("cannot build the notification for sink %s about %s: %s", n.sink().name(), n.subject().display(),
                        e.toString());
                sent.add(CompletableFuture.completedFuture(Outcome.FAILED));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .thenApply(v -> sent.stream().map(CompletableFuture::join).toList());
    }

    private Optional<Diagnosis> readLogs(Notification n) {
        try {
            return source.withLogs(n.namespace(), n.name(), n.at());
        } catch (RuntimeException e) {
            LOG.debugf("no previous logs for %s: %s", n.subject().display(), e.toString());
            return Optional.empty();
        }
    }

    private static Set<String> ruleIds(Diagnosis d) {
        return d.findings().stream().map(Finding::rule).collect(Collectors.toSet());
    }
}
