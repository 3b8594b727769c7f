package dev.podtriage.cluster;

import dev.podtriage.config.TriageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which namespaces the API reports on: {@code triage.scope.allow} and {@code triage.scope.deny}
 * glob patterns ({@code team-*}); deny wins. Independent of what the service can technically read,
 * which {@code triage.cluster.namespaces} limits: {@link #check} refuses both.
 */
@ApplicationScoped
public class NamespaceScope {
    private final List<Pattern> allow;
    private final List<Pattern> deny;
    private final Optional<List<String>> watched;

    @Inject
    NamespaceScope(TriageConfig config) {
        this(config.scope().allow().orElse(List.of()), config.scope().deny().orElse(List.of()), config.cluster().namespaces());
    }

    NamespaceScope(List<String> allow, List<String> deny, Optional<List<String>> watched) {
        this.allow = allow.stream().map(NamespaceScope::glob).toList();
        this.deny = deny.stream().map(NamespaceScope::glob).toList();
        this.watched = watched;
    }

    /** Refuses a namespace that the scope denies or that is not watched. */
    public void check(String namespace) {
        if (!allows(namespace)) {
            throw new ClusterException(ClusterException.Reason.FORBIDDEN, "namespace-denied", "pod-triage does not report on namespace `"
                    + namespace + "` (triage.scope.allow / triage.scope.deny).");
        }
        if (watched.isPresent() && !watched.get().contains(namespace)) {
            throw new ClusterException(ClusterException.Reason.FORBIDDEN, "namespace-not-watched", "pod-triage watches only namespaces "
                    + watched.get() + " (triage.cluster.namespaces); `" + namespace + "` is not among them.");
        }
    }

    /** The namespaces watched ({@code triage.cluster.namespaces}); empty when every namespace is. */
    public Optional<List<String>> watched() {
        return watched;
    }

    public boolean allows(String namespace) {
        String ns = namespace == null ? "" : namespace;
        if (deny.stream().anyMatch(p -> p.matcher(ns).matches())) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(p -> p.matcher(ns).matches());
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.strip().toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
