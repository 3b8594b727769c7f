package dev.podtriage.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.config.TriageConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caches behind a proxy whose connections go silent: the silence is detected (no event or
 * bookmark for {@code triage.cluster.watch-max-silence}), readiness names the stale cache, and a
 * re-list drops the pod deleted meanwhile and tells the handlers.
 */
class WatchContinuityTest {
    private KubernetesMockServer server;
    private KubernetesClient direct;
    private SilenceableProxy proxy;
    private KubernetesClient viaProxy;
    private ClusterCache cache;

    static TriageConfig config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder().withMapping(TriageConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(settings, "test", 500)).build().getConfigMapping(TriageConfig.class);
    }

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        direct = server.createClient();
        proxy = new SilenceableProxy(server.getPort());
        viaProxy = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(proxy.url())
                .withRequestRetryBackoffLimit(0).withRequestTimeout(1500).withConnectionTimeout(1000)
                .withWatchReconnectInterval(200).withNamespace(null).build()).build();
        cache = new ClusterCache(viaProxy, config(Map.of("triage.cluster.watch-max-silence", "1s")));
    }

    @AfterEach
    void stop() throws Exception {
        if (cache != null) {
            cache.onStop(null);
        }
        viaProxy.close();
        proxy.close();
        server.destroy();
    }

    @Test
    void aSilentWatchIsDetectedNamedAndHealedByARelist() {
        TestCluster.namespace(direct, "quiet");
        direct.pods().inNamespace("quiet").resource(TestCluster.healthyPod("quiet", "stays")).create();
        direct.pods().inNamespace("quiet").resource(TestCluster.healthyPod("quiet", "goes")).create();
        List<String> deleted = new CopyOnWriteArrayList<>();
        cache.addPodHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod obj) {
            }

            @Override
            public void onUpdate(Pod oldObj, Pod newObj) {
            }

            @Override
            public void onDelete(Pod obj, boolean deletedFinalStateUnknown) {
                deleted.add(obj.getMetadata().getName());
            }
        });
        cache.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> cache.live() && cache.kinds().pods().inNamespace("quiet").size() == 2);

        proxy.silence();
        direct.pods().inNamespace("quiet").withName("goes").delete();
        await().atMost(Duration.ofSeconds(15)).until(() -> cache.doubts().containsKey("pods"));
        assertFalse(cache.live(), "a cache that may be stale is not live");
        assertTrue(cache.doubts().get("pods").contains("watch-max-silence"), cache.doubts().toString());
        assertTrue(cache.kinds().pods().get("quiet", "goes").isPresent(), "nothing could be re-listed while the proxy is silent");

        proxy.resume();
        await().atMost(Duration.ofSeconds(15)).until(() -> cache.kinds().pods().get("quiet", "goes").isEmpty());
        assertTrue(cache.kinds().pods().get("quiet", "stays").isPresent());
        await().atMost(Duration.ofSeconds(15)).until(() -> cache.live());
        assertTrue(deleted.contains("goes"), "the handlers hear of the deletion the watch missed: " + deleted);
        assertFalse(deleted.contains("stays"), "nor of anything else: " + deleted);
    }

    @Test
    void theFirstSyncListsInPages() throws InterruptedException {
        TestCluster.namespace(direct, "paged");
        direct.pods().inNamespace("paged").resource(TestCluster.healthyPod("paged", "p-1")).create();
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // the seeding requests
        }
        cache.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> cache.live());
        List<String> podLists = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null; ) {
            if (r.getPath().startsWith("/api/v1/pods?") && !r.getPath().contains("watch=true")) {
                podLists.add(r.getPath());
            }
        }
        assertFalse(podLists.isEmpty());
        assertTrue(podLists.stream().allMatch(p -> p.contains("limit=" + ClusterCache.LIST_PAGE)), podLists.toString());
    }
}
