package dev.podtriage.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.stream.DiagnosisChange;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers every diagnosis and incident change for the watch streams, keeps the last
 * {@code triage.watch.buffer} of them for {@code Last-Event-ID}, and hands each to every open
 * stream that sees it. No thread per stream: a change is written into each stream's emitter on the
 * thread that fired it.
 */
@ApplicationScoped
public class WatchHub {
    private final ObjectMapper json;
    private final WatchConfig config;
    private final ArrayDeque<WatchEvent> recent = new ArrayDeque<>();
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private long sequence;

    WatchHub(ObjectMapper json, WatchConfig config) {
        this.json = json;
        this.config = config;
    }

    void onDiagnosis(@Observes DiagnosisChange change) {
        publish(change, null);
    }

    void onIncident(@Observes IncidentChange change) {
        publish(null, change);
    }

    private void publish(DiagnosisChange diagnosis, IncidentChange incident) {
        WatchEvent e;
        synchronized (this) {
            e = new WatchEvent(++sequence, diagnosis, incident, json);
            recent.addLast(e);
            while (recent.size() > Math.max(1, config.buffer())) {
                recent.removeFirst();
            }
            // under the lock: a stream that registers now either replays e or receives it here, never both, never neither
            streams.forEach(s -> s.offer(e));
        }
    }

    /** The number of open streams. */
    int open() {
        return streams.size();
    }

    /**
     * Opens a stream: it buffers changes until {@link Stream#attach} (the caller reads the current
     * state in between). {@code lastEventId} null asks for the full state; an id this hub still has
     * the changes after resumes with them; another id (too old, or from before a restart) gets the
     * full state again, which {@link Stream#resumed()} tells.
     */
    Stream open(WatchFilter filter, Long lastEventId) {
        synchronized (this) {
            long oldest = recent.isEmpty() ? sequence + 1 : recent.peekFirst().id();
            boolean resumable = lastEventId != null && lastEventId <= sequence && lastEventId >= oldest - 1;
            Stream s = new Stream(filter, sequence, resumable, lastEventId != null);
            if (resumable) {
                recent.stream().filter(e -> e.id() > lastEventId).forEach(s::offer);
            }
            streams.add(s);
            return s;
        }
    }

    /** One open stream: its filter, and its changes waiting until it is attached to its emitter. */
    final class Stream {
        private final WatchFilter filter;
        private final long openedAt;
        private final boolean resumed;
        private final boolean askedToResume;
        private List<WatchFrame> initial = List.of();
        private final List<WatchFrame> waiting = new ArrayList<>();
        private MultiEmitter<? super WatchFrame> emitter;
        private int overflow;

        private Stream(WatchFilter filter, long openedAt, boolean resumed, boolean askedToResume) {
            this.filter = filter;
            this.openedAt = openedAt;
            this.resumed = resumed;
            this.askedToResume = askedToResume;
        }

        /** The id of the last change before it opened: the full state sent first reflects at least that. */
        long openedAt() {
            return openedAt;
        }

        /** It resumes after the client's Last-Event-ID: no full state is sent. */
        boolean resumed() {
            return resumed;
        }

        /** The client sent a Last-Event-ID that could not be resumed from. */
        boolean resumeRefused() {
            return askedToResume && !resumed;
        }

        private synchronized void offer(WatchEvent e) {
            filter.frame(e).ifPresent(f -> {
                if (emitter != null) {
                    emitter.emit(f);
                } else if (waiting.size() < config.maxPending()) {
                    waiting.add(f);
                } else {
                    overflow++;
                }
            });
        }

        /** What is sent before the changes that arrived meanwhile: the full state. */
        synchronized void first(List<WatchFrame> frames) {
            initial = frames;
        }

        /** Frames it sends at once when attached: what its emitter must buffer besides the pending changes. */
        synchronized int initialSize() {
            return initial.size();
        }

        /** Sends what waits (the full state first), then every change as it comes; nothing is kept once sent. */
        synchronized void attach(MultiEmitter<? super WatchFrame> target) {
            if (overflow > 0) {
                target.fail(new IllegalStateException("more than triage.watch.max-pending changes arrived before the stream started"));
                close();
                return;
            }
            initial.forEach(target::emit);
            initial = List.of();
            waiting.forEach(target::emit);
            waiting.clear();
            emitter = target;
        }

        void close() {
            streams.remove(this);
        }
    }
}
