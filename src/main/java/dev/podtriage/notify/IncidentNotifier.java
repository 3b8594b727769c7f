package dev.podtriage.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.cluster.ClusterCache;
import dev.podtriage.diagnosis.DiagnosisEngine;
import dev.podtriage.diagnosis.RuleDefinition;
import dev.podtriage.ha.Leadership;
import dev.podtriage.incidents.IncidentChange;
import dev.podtriage.incidents.IncidentsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Push notifications per incident: observes {@link IncidentChange}s and hands each to its own
 * thread, which decides ({@link Announcer}: opened after the delay, grown past a threshold,
 * resolved; claimed once in the {@link NotificationLedger}; only while this replica leads) and posts
 * ({@link Deliveries}, with retries). Every {@code triage.notify.interval} it looks at the open
 * incidents again, so a delay ends without a new change.
 */
@ApplicationScoped
public class IncidentNotifier {
    private static final Logger LOG = Logger.getLogger(IncidentNotifier.class);
    /** Where PagerDuty's Events API v2 takes events. */
    static final URI PAGERDUTY = URI.create("https://events.pagerduty.com/v2/enqueue");

    private final NotifyConfig config;
    private final IncidentsConfig incidents;
    private final DiagnosisEngine engine;
    private final Leadership leadership;
    private final NotificationLedger ledger;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ObjectMapper mapper;
    private final ClusterCache cache;

    private ScheduledExecutorService worker;
    private volatile Announcer announcer;
    private volatile Deliveries deliveries;

    IncidentNotifier(NotifyConfig config, IncidentsConfig incidents, DiagnosisEngine engine, Leadership leadership,
                     NotificationLedger ledger, Clock clock, MeterRegistry metrics, ObjectMapper mapper, ClusterCache cache) {
        this.cache = cache;
        this.config = config;
        this.incidents = incidents;
        this.engine = engine;
        this.leadership = leadership;
        this.ledger = ledger;
        this.clock = clock;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            return;
        }
        if (!incidents.enabled()) {
            LOG.warn("notifications are off: they post incidents, and triage.incidents.enabled=false");
            return;
        }
        List<SinkSettings> sinks = sinks(config, engine.catalog().rules().stream().map(RuleDefinition::id).collect(Collectors.toSet()));
        if (sinks.isEmpty()) {
            LOG.warn("notifications are enabled but no sink is configured (triage.notify.sinks.<name>.type and .url)");
            return;
        }
        start(sinks);
    }

    synchronized void start(List<SinkSettings> sinks) {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "triage-notify");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        worker = e;
        NotifyConfig.Delivery d = config.delivery();
        WebhookSender sender = new WebhookSender(WebhookSender.defaultClient(d.timeout()), worker,
                new WebhookSender.Policy(d.maxAttempts(), d.initialBackoff(), d.maxBackoff(), d.timeout(), d.maxPending()),
                metrics, clock);
        Announcer a = new Announcer(sinks, config.growthThresholds(), ledger, new MemberMetadata(cache));
        deliveries = new Deliveries(new Payloads(mapper), sender);
        announcer = a;
        Gauge.builder("triage.notifications.tracked", a, Announcer::tracked)
                .description("Open incidents the notifier follows").register(metrics);
        Gauge.builder("triage.notifications.pending", sender, WebhookSender::pending)
                .description("Messages waiting to be delivered, retries included").register(metrics);
        long interval = Math.max(100, config.interval().toMillis());
        worker.scheduleWithFixedDelay(() -> run("re-evaluation", () -> a.tick(clock.instant(), leadership.leading())),
                interval, interval, TimeUnit.MILLISECONDS);
        LOG.infof("notifications on: %s", sinks.stream().map(SinkSettings::toString).collect(Collectors.joining(", ")));
    }

    /** On the incidents' thread: hand the change to the notifier's own thread, never wait. */
    void on(@Observes IncidentChange change) {
        Announcer a = announcer;
        ScheduledExecutorService w = worker;
        if (a == null || w == null) {
            return;
        }
        try {
            w.execute(() -> run("change", () -> a.on(change, leadership.leading())));
        } catch (RejectedExecutionException e) {
            LOG.debugf("not notifying %s of %s: shutting down", change.type(), change.incident().id());
        }
    }

    void onStop(@Observes ShutdownEvent ignored) {
        stop();
    }

    synchronized void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    private void run(String what, java.util.function.Supplier<List<Notification>> decide) {
        try {
            List<Notification> out = decide.get();
            if (!out.isEmpty()) {
                deliveries.deliver(out);
            }
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log and carry on
            LOG.warnf(e, "notification %s failed", what);
        }
    }

    /**
     * The configured sinks; a sink with a bad URL, or a PagerDuty sink without routing key, is left
     * out with a warning; unknown rule IDs are warned about.
     */
    static List<SinkSettings> sinks(NotifyConfig config, Set<String> knownRules) {
        List<SinkSettings> out = new ArrayList<>();
        for (Map.Entry<String, NotifyConfig.Sink> e : config.sinks().entrySet()) {
            String name = e.getKey();
            NotifyConfig.Sink s = e.getValue();
            boolean pagerDuty = s.type() == NotifyConfig.SinkType.PAGERDUTY;
            Optional<URI> url = url(name, s.url(), pagerDuty);
            if (url.isEmpty()) {
                continue;
            }
            String routingKey = s.routingKey().map(String::strip).filter(k -> !k.isEmpty()).orElse(null);
            if (pagerDuty && routingKey == null) {
                LOG.warnf("sink %s left out: a pagerduty sink needs its routing-key", name);
                continue;
            }
            Set<String> rules = new HashSet<>(s.rules().orElse(List.of()));
            Set<String> excluded = new HashSet<>(s.excludeRules().orElse(List.of()));
            Set<String> unknown = new HashSet<>(rules);
            unknown.addAll(excluded);
            unknown.removeAll(knownRules);
            if (!unknown.isEmpty()) {
                LOG.warnf("sink %s names unknown rule IDs %s (GET /api/v1/rules lists them)", name, unknown);
            }
            out.add(new SinkSettings(name, s.type(), url.get(), routingKey, s.headers(),
                    new SinkFilter(s.namespaces().orElse(List.of()), s.excludeNamespaces().orElse(List.of()), rules, excluded,
                            s.minSeverity(), s.labels().orElse(List.of())),
                    s.delay(), s.cooldown(), s.sendResolved()));
        }
        return out;
    }

    private static Optional<URI> url(String name, Optional<String> configured, boolean pagerDuty) {
        if (configured.isEmpty()) {
            if (!pagerDuty) {
                LOG.warnf("sink %s left out: it has no url", name);
            }
            return pagerDuty ? Optional.of(PAGERDUTY) : Optional.empty();
        }
        URI url;
        try {
            url = new URI(configured.get().strip());
        } catch (URISyntaxException ex) {
            LOG.warnf("sink %s left out: its url is not a URI", name);
            return Optional.empty();
        }
        if (url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http")) || url.getHost() == null) {
            LOG.warnf("sink %s left out: its url must be an http(s) URL", name);
            return Optional.empty();
        }
        return Optional.of(url);
    }
}
