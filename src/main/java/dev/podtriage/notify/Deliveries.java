package dev.podtriage.notify;

import dev.podtriage.notify.WebhookSender.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Posts the messages: each on its own (the sender is asynchronous), so a sink that fails or is slow
 * delays no other.
 */
final class Deliveries {
    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    private final Payloads payloads;
    private final WebhookSender sender;

    Deliveries(Payloads payloads, WebhookSender sender) {
        this.payloads = payloads;
        this.sender = sender;
    }

    /** Builds and posts every message; the future completes when all were delivered or given up. */
    CompletableFuture<List<Outcome>> deliver(List<Notification> notifications) {
        List<CompletableFuture<Outcome>> sent = new ArrayList<>();
        for (Notification n : notifications) {
            try {
                sent.add(sender.post(n.sink().name(), n.sink().url(), n.sink().headers(), payloads.body(n)));
            } catch (RuntimeException e) {
                LOG.warnf("cannot build the notification for sink %s about incident %s: %s", n.sink().name(), n.incident().id(),
                        e.toString());
                sent.add(CompletableFuture.completedFuture(Outcome.FAILED));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .thenApply(v -> sent.stream().map(CompletableFuture::join).toList());
    }
}
