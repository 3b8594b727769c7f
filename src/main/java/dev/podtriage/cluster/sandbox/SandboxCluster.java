package dev.podtriage.cluster.sandbox;

import dev.podtriage.config.TriageConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Collectors;
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
        return url(server);
    }

    private void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses, List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), port == 0 ? config.sandbox().port() : port);
        port = server.getPort();
        List<Scenario> scenarios = ScenarioFiles.load(clock.instant());
        ScenarioFiles.previousLogs(scenarios).forEach((key, log) -> {
            String[] p = key.split("/");
            String path = "/api/v1/namespaces/" + p[0] + "/pods/" + p[1] + "/log";
            server.expect().get().withPath(path + "?pretty=false&container=" + p[2] + "&previous=true&tailLines="
                    + config.cluster().logTailLines())
                    .andReturn(200, log).always();
        });
        try (KubernetesClient seed = server.createClient()) {
            Seeder.seed(seed, ScenarioFiles.objects(scenarios));
        }
        LOG.info(summary(scenarios));
    }

    /** The one line a user needs: where the cluster is, what is in it, what to try first. */
    private String summary(List<Scenario> scenarios) {
        List<HasMetadata> objects = ScenarioFiles.objects(scenarios);
        String namespaces = objects.stream().filter(Namespace.class::isInstance).map(o -> o.getMetadata().getName())
                .sorted().collect(Collectors.joining(", "));
        long pods = objects.stream().filter(Pod.class::isInstance).count();
        return String.format("sandbox cluster at %s: %d scenario files, %d pods in namespaces %s; try first: "
                + "GET /api/v1/namespaces/shop/diagnoses (or /q/swagger-ui)", url(server), scenarios.size(), pods, namespaces);
    }

    private static String url(KubernetesMockServer server) {
        return server.url("/").replaceAll("/$", "");
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
