package dev.podtriage.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import java.util.UUID;

/**
 * The service's {@link Leadership}: with {@code triage.ha.leader-election=true} a Kubernetes Lease decides
 * ({@link LeaseElection}); without it this replica always leads, as a single replica does.
 */
@ApplicationScoped
public class LeaseLeadership implements Leadership {
    private final HaConfig config;
    private final Instance<KubernetesClient> client;
    private volatile LeaseElection election;

    LeaseLeadership(HaConfig config, Instance<KubernetesClient> client) {
        this.config = config;
        this.client = client;
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.leaderElection()) {
            return;
        }
        KubernetesClient c = client.get();
        String namespace = config.leaseNamespace().or(() -> Optional.ofNullable(c.getNamespace())).orElse("default");
        String identity = config.identity().or(() -> Optional.ofNullable(System.getenv("HOSTNAME"))).orElseGet(() -> UUID.randomUUID().toString());
        LeaseElection e = new LeaseElection(c, new LeaseElection.Settings(namespace, config.leaseName(), identity, config.leaseDuration(),
                config.renewDeadline(), config.retryPeriod()));
        e.start();
        election = e;
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (election != null) {
            election.close();
        }
    }

    @Override
    public boolean leading() {
        LeaseElection e = election;
        return e == null ? !config.leaderElection() : e.leading();
    }
}
