package dev.podtriage.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * One replica's part in the election: fabric8's {@code LeaderElector} on one {@code Lease}. It leads
 * from acquiring the Lease until it fails to renew it within the renew deadline (or stops); a replica
 * that dies without releasing is replaced once the lease duration has passed.
 */
public class LeaseElection implements Leadership, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaseElection.class);

    /** Where the Lease is and the timings, as {@link HaConfig} gives them. */
    public record Settings(String namespace, String leaseName, String identity, Duration leaseDuration, Duration renewDeadline,
                           Duration retryPeriod) {
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final ExecutorService executor;
    private volatile boolean leading;
    private volatile String leader;
    private CompletableFuture<?> running;

    public LeaseElection(KubernetesClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leader-election");
            t.setDaemon(true);
            return t;
        });
    }

    /** Joins the election (returns at once). */
    public synchronized void start() {
        running = new LeaderElector(client, new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::observed))
                .build(), executor).start();
    }

    private void started() {
        leading = true;
        LOG.infof("%s leads (Lease %s/%s)", settings.identity(), settings.namespace(), settings.leaseName());
    }

    private void stopped() {
        leading = false;
        LOG.infof("%s no longer leads", settings.identity());
    }

    private void observed(String identity) {
        leader = identity;
    }

    @Override
    public boolean leading() {
        return leading;
    }

    /** Who holds the Lease, as last seen; null before the first look. */
    public String leader() {
        return leader;
    }

    public String identity() {
        return settings.identity();
    }

    /** Leaves the election and releases the Lease, so another replica takes over at once. */
    @Override
    public synchronized void close() {
        if (running != null) {
            running.cancel(true);
            running = null;
        }
        leading = false;
        executor.shutdownNow();
    }
}
