package dev.podtriage.store;

import dev.podtriage.chatops.FixedClock;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/** The API behind a token, namespaces {@code hidden-*} out of scope, the clock stopped (no incident evaluation runs). */
public class HistoryProfile implements QuarkusTestProfile {
    static final String TOKEN = "history-7c1f94ad2e";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("triage.auth.tokens.oncall", TOKEN,
                "triage.scope.deny", "hidden-*",
                "triage.incidents.interval", "1h");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FixedClock.class);
    }
}
