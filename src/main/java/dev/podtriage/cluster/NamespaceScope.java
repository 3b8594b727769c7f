package dev.podtriage.cluster;

import dev.podtriage.config.TriageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which namespaces the API reports on: {@code triage.scope.allow} and {@code triage.scope.deny}
 * glob patterns ({@code team-*}); deny wins. Independent of what the service can technically read.
 */
@ApplicationScoped
public class NamespaceScope {
    private final List<Pattern> allow;
    private final List<Pattern> deny;

    @Inject
    NamespaceScope(TriageConfig config) {
        this(config.scope().allow().orElse(List.of()), config.scope().deny().orElse(List.of()));
    }

    NamespaceScope(List<String> allow, List<String> deny) {
        this.allow = allow.stream().map(NamespaceScope::glob).toList();
        this.deny = deny.stream().map(NamespaceScope::glob).toList();
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
