package dev.podtriage.cluster.sandbox;

import dev.podtriage.config.TriageConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.jboss.logging.Logger;

/**
 * The built-in sandbox cluster: a Kubernetes API server (fabric8's mock server in CRUD mode,
 * speaking the real protocol: list, get, watch, label selectors) on loopback, seeded with
 * failing sample workloads, so a first run needs no cluster. Started on first use.
 */
@ApplicationScoped
public class SandboxCluster {
    private static final Logger LOG = Logger.getLogger(SandboxCluster.class);
    private final TriageConfig config;
    private final Clock clock;
    private KubernetesMockServer server;
    private int port;

    SandboxCluster(TriageConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The sandbox API server's URL, starting and seeding it on first call. */
    public synchronized String url() {
        if (server == null) {
            start();
        }
        return server.url("/").replaceAll("/$", "");
    }

    private void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses, List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), port == 0 ? config.sandbox().port() : port);
        port = server.getPort();
        Instant now = clock.instant();
        SandboxScenarios.previousLogs().forEach((key, log) -> {
            String[] p = key.split("/");
            String path = "/api/v1/namespaces/" + p[0] + "/pods/" + p[1] + "/log";
            server.expect().get().withPath(path + "?pretty=false&container=" + p[2] + "&previous=true&tailLines="
                    + config.cluster().logTailLines())
                    .andReturn(200, log).always();
        });
        try (KubernetesClient seed = server.createClient()) {
            List<HasMetadata> objects = SandboxScenarios.objects(now);
            Seeder.seed(seed, objects);
            LOG.infof("sandbox cluster listening at %s with %d objects", server.url("/"), objects.size());
        }
    }

    void onShutdown(@Observes ShutdownEvent ignored) {
        stop();
    }

    /** Stops the API server, as an outage would; {@link #url()} starts it again on the same port, freshly seeded. */
    synchronized void stop() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

}
