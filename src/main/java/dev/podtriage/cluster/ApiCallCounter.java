package dev.podtriage.cluster;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every request the service sends to the Kubernetes API (metric
 * {@code triage_kubernetes_api_requests_total} by verb), so that "a report costs N calls" is measured.
 */
@ApplicationScoped
public class ApiCallCounter implements Interceptor {
    private final AtomicLong total = new AtomicLong();
    private final MeterRegistry registry;

    ApiCallCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        total.incrementAndGet();
        String query = request.uri().getQuery();
        String verb = query != null && query.contains("watch=true") ? "watch" : request.method().toLowerCase();
        registry.counter("triage.kubernetes.api.requests", "verb", verb).increment();
    }

    /** Requests sent since start-up. */
    public long total() {
        return total.get();
    }
}
