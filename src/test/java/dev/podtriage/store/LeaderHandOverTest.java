package dev.podtriage.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.ha.LeaseElection;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two replicas against one Kubernetes API server (the CRUD mock) and one PostgreSQL: both see every
 * incident, one leads (a Lease) and sends each once through the shared ledger; killing the leader hands
 * over to the other, which sends what was not sent yet, so nothing is sent twice and nothing is lost.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderHandOverTest {
    private static final String NAMESPACE = "pod-triage";
    private static final String LEASE = "pod-triage-leader";
    private static final int INCIDENTS = 40;

    KubernetesMockServer server;
    KubernetesClient client;

    /** What every replica knows must be sent (each replica's own incidents see the same cluster). */
    private final List<String> incidents = new CopyOnWriteArrayList<>();
    /** What reached the sink, incident → the replica that sent it. */
    private final Map<String, List<String>> sent = new ConcurrentHashMap<>();

    /** One service instance: its Kubernetes client, its election, its ledger over the shared database, its notifier loop. */
    private final class Replica implements AutoCloseable {
        final KubernetesClient kubernetes = server.createClient();
        final LeaseElection election;
        final StoreLedger ledger;
        final ScheduledExecutorService notifier = Executors.newSingleThreadScheduledExecutor();

        Replica(String name, DataSource database) {
            election = new LeaseElection(kubernetes, new LeaseElection.Settings(NAMESPACE, LEASE, name, Duration.ofSeconds(3),
                    Duration.ofSeconds(2), Duration.ofMillis(250)));
            ledger = new StoreLedger(new HistoryStore(database, Databases.json()));
            election.start();
            notifier.scheduleWithFixedDelay(this::notifyPending, 0, 50, TimeUnit.MILLISECONDS);
        }

        /** The notifier's rule: only the leader sends, and only what it claims first. */
        private void notifyPending() {
            for (String incident : incidents) {
                if (election.leading() && ledger.claim(incident, "ops-webhook", "opened", Instant.now())) {
                    sent.computeIfAbsent(incident, k -> new CopyOnWriteArrayList<>()).add(election.identity());
                }
            }
        }

        /**
         * A crash: the process is gone, it neither sends nor releases the Lease. Its election is not closed here:
         * closing it releases the Lease (releaseOnCancel), and the client's close may not have taken effect yet when
         * that release is sent, which made the survivor take over before the Lease expired, as no crash would.
         */
        void kill() {
            notifier.shutdownNow();
            kubernetes.close();
        }

        @Override
        public void close() {
            notifier.shutdownNow();
            election.close();
            kubernetes.close();
        }
    }

    @Test
    void killingTheLeaderHandsOverWithoutDuplicateOrLoss() throws Exception {
        DataSource database = Databases.postgres();
        try (Replica a = new Replica("pod-triage-a", database); Replica b = new Replica("pod-triage-b", database)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.election.leading() || b.election.leading());
            Replica leader = a.election.leading() ? a : b;
            Replica follower = leader == a ? b : a;
            assertFalse(follower.election.leading(), "one leader at a time");

            for (int i = 0; i < INCIDENTS / 2; i++) {
                incidents.add("image-pull-rate-limited/registry/r" + i + ".example.com");
                Thread.sleep(20);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() == INCIDENTS / 2);
            Lease before = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
            leader.kill();
            // incidents keep coming while nobody leads: the follower must send them once it leads
            for (int i = INCIDENTS / 2; i < INCIDENTS; i++) {
                incidents.add("image-pull-rate-limited/registry/r" + i + ".example.com");
                Thread.sleep(20);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.size() == INCIDENTS);

            assertTrue(follower.election.leading(), "the survivor leads");
            Lease after = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
            assertEquals(follower.election.identity(), after.getSpec().getHolderIdentity());
            assertEquals(leader.election.identity(), before.getSpec().getHolderIdentity());
            assertFalse(after.getSpec().getAcquireTime().toInstant().isBefore(
                    before.getSpec().getRenewTime().toInstant().plusSeconds(before.getSpec().getLeaseDurationSeconds())),
                    "the survivor took the Lease only after the killed leader's had expired");
            sent.forEach((incident, by) -> assertEquals(1, by.size(), incident + " sent by " + by));
            for (int i = 0; i < INCIDENTS; i++) {
                String expected = i < INCIDENTS / 2 ? leader.election.identity() : follower.election.identity();
                assertEquals(List.of(expected), sent.get("image-pull-rate-limited/registry/r" + i + ".example.com"));
            }
        }
    }
}
