package dev.podtriage.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One informer whose continuity is checked: a watch that was interrupted, or that delivered nothing
 * (no event, no bookmark) for the maximum silence, may have missed changes, so the objects are
 * listed afresh by a new informer that replaces this one once it has synced. Until then the cache
 * is in doubt (not live). The handler sees the difference as if the watch had delivered it: adds
 * and updates for what changed, deletes for what vanished, nothing for what stayed the same.
 */
final class WatchedInformer<T extends HasMetadata> {
    private static final Logger LOG = Logger.getLogger(WatchedInformer.class);

    /** Told when listing or watching fails and when it works again. */
    interface Failures {
        void failed(String what, Throwable t);

        void recovered(String what);
    }

    final String what;
    private final Supplier<SharedIndexInformer<T>> create;
    private final ResourceEventHandler<T> handler;
    private final Failures failures;
    private volatile SharedIndexInformer<T> current;
    private volatile SharedIndexInformer<T> next;
    private volatile String doubt;
    private String lastVersion;
    private long lastChange = System.nanoTime();
    /** Whether the current informer's watch was seen open; when it first was seen listed (-1: not yet). */
    private boolean seenWatching;
    private long synced = -1;

    /**
     * @param create a new informer with its indexers, not started
     * @param handler notified of changes, or null
     */
    WatchedInformer(String what, Supplier<SharedIndexInformer<T>> create, ResourceEventHandler<T> handler, Failures failures) {
        this.what = what;
        this.create = create;
        this.handler = handler;
        this.failures = failures;
        this.current = begin(handler);
    }

    SharedIndexInformer<T> informer() {
        return current;
    }

    boolean synced() {
        return current.hasSynced();
    }

    /** Listed, watching, and no doubt about the watch. */
    boolean live() {
        return doubt == null && current.hasSynced() && current.isWatching();
    }

    /** Why the content may be stale; null when it is not in doubt. */
    String doubt() {
        return doubt;
    }

    /** Called periodically: detects an interrupted or silent watch, re-lists, and swaps in the re-listed informer. */
    synchronized void check(Duration maxSilence) {
        long now = System.nanoTime();
        SharedIndexInformer<T> pending = next;
        if (pending != null) {
            if (pending.hasSynced() && pending.isWatching()) {
                swap(pending, now);
            }
            return;
        }
        SharedIndexInformer<T> i = current;
        if (!i.hasSynced()) {
            return; // the first list is still running: not live anyway
        }
        if (!i.isWatching()) {
            if (!seenWatching) {
                // listed, its watch not open yet (a busy API server or client): nothing can have been missed
                // since the list, so it is only not live yet; past the maximum silence it is in doubt
                if (synced < 0) {
                    synced = now;
                }
                if (now - synced <= maxSilence.toNanos()) {
                    return;
                }
            }
            if (doubt == null) {
                doubt = seenWatching ? "the watch was interrupted" : "the watch did not open within " + maxSilence.toSeconds()
                        + " s of the list (triage.cluster.watch-max-silence)";
            }
            return;
        }
        seenWatching = true;
        String version = i.lastSyncResourceVersion();
        if (!Objects.equals(version, lastVersion)) {
            lastVersion = version;
            lastChange = now;
        }
        if (doubt == null && now - lastChange > maxSilence.toNanos()) {
            doubt = "no event or bookmark for " + maxSilence.toSeconds() + " s (triage.cluster.watch-max-silence)";
        }
        if (doubt != null) {
            LOG.warnf("re-listing %s: %s", what, doubt);
            next = begin(handler == null ? null : new Relisted<>(handler, i));
        }
    }

    private void swap(SharedIndexInformer<T> relisted, long now) {
        SharedIndexInformer<T> old = current;
        if (handler != null) {
            Set<String> keys = new HashSet<>(relisted.getStore().listKeys());
            for (T o : old.getStore().list()) {
                if (!keys.contains(Cache.metaNamespaceKeyFunc(o))) {
                    handler.onDelete(o, true);
                }
            }
        }
        current = relisted;
        next = null;
        doubt = null;
        seenWatching = true; // swapped in watching
        lastVersion = relisted.lastSyncResourceVersion();
        lastChange = now;
        old.stop();
        LOG.infof("%s re-listed: the cache is current again", what);
    }

    private SharedIndexInformer<T> begin(ResourceEventHandler<T> h) {
        SharedIndexInformer<T> informer = create.get();
        if (h != null) {
            informer.addEventHandler(h);
        }
        // keep retrying through outages and RBAC fixes: the caches heal by themselves when the API server is back
        informer.exceptionHandler((started, t) -> {
            failures.failed(what, t);
            if (started) {
                doubt = "the watch failed: " + ClusterErrors.rootCause(t);
            }
            return true;
        });
        informer.start().whenComplete((ok, err) -> {
            if (err == null) {
                failures.recovered(what);
            }
        });
        return informer;
    }

    void stop() {
        SharedIndexInformer<T> pending = next;
        if (pending != null) {
            pending.stop();
        }
        current.stop();
    }

    /**
     * The handler of a re-listing informer: an object the old cache held at the same version is not
     * announced again; one it held at another version is an update.
     */
    private static final class Relisted<T extends HasMetadata> extends ForwardingHandler<T, T> {
        private final Map<String, T> before;

        Relisted(ResourceEventHandler<T> to, SharedIndexInformer<T> old) {
            super(to);
            Map<String, T> m = new HashMap<>();
            old.getStore().list().forEach(o -> m.put(Cache.metaNamespaceKeyFunc(o), o));
            this.before = new ConcurrentHashMap<>(m);
        }

        @Override
        public void onAdd(T obj) {
            T old = before.remove(Cache.metaNamespaceKeyFunc(obj));
            if (old == null) {
                to.onAdd(obj);
            } else if (!Objects.equals(old.getMetadata().getResourceVersion(), obj.getMetadata().getResourceVersion())) {
                to.onUpdate(old, obj);
            }
        }
    }
}
