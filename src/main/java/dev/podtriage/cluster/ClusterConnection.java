package dev.podtriage.cluster;

import dev.podtriage.cluster.sandbox.SandboxCluster;
import dev.podtriage.config.TriageConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * Which cluster the service reads and how: the client comes from the standard fabric8 sources
 * (kubeconfig, in-cluster service account, {@code kubernetes.master}, {@code quarkus.kubernetes-client.*}),
 * or from the built-in sandbox; every call is bounded by {@code triage.cluster.request-timeout}
 * and counted.
 */
@ApplicationScoped
public class ClusterConnection implements KubernetesConfigCustomizer {
    private final TriageConfig config;
    private final SandboxCluster sandbox;
    private volatile String name;

    ClusterConnection(TriageConfig config, SandboxCluster sandbox) {
        this.config = config;
        this.sandbox = sandbox;
    }

    @Override
    public void customize(Config c) {
        int timeout = (int) config.cluster().requestTimeout().toMillis();
        if (config.sandbox().enabled()) {
            c.setMasterUrl(sandbox.url());
            c.setTrustCerts(true);
            c.setOauthToken(null);
            c.setAuthProvider(null);
            c.setNamespace(null);
        }
        c.setRequestTimeout(timeout);
        c.setConnectionTimeout(Math.min(timeout, 3000));
        // the client's own retries would stretch one call past the timeout: fail fast, answer 503
        c.setRequestRetryBackoffLimit(0);
        c.setWatchReconnectInterval(1000);
        name = config.cluster().name().orElseGet(() -> nameOf(c));
    }

    @Produces
    @Singleton
    KubernetesClient client(Config c, KubernetesSerialization serialization, ApiCallCounter counter) {
        return new KubernetesClientBuilder().withConfig(c).withKubernetesSerialization(serialization)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("triage-api-calls", counter))
                .build();
    }

    /** What every answer names as its {@code cluster}. */
    public String clusterName() {
        return name == null ? config.cluster().name().orElse("unknown") : name;
    }

    private String nameOf(Config c) {
        if (config.sandbox().enabled()) {
            return "sandbox";
        }
        if (c.getCurrentContext() != null && c.getCurrentContext().getName() != null) {
            return c.getCurrentContext().getName();
        }
        if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
            return "in-cluster";
        }
        try {
            URI u = URI.create(c.getMasterUrl());
            return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
