package dev.podtriage.incidents;

import dev.podtriage.chatops.FixedClock;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * A cluster of its own for the incidents (other classes' pods would join the registry incident),
 * the clock at the fixtures' instant, no scheduled evaluation (every request evaluates), the API
 * behind a token and namespaces {@code hidden-*} out of scope.
 */
public class IncidentsProfile implements QuarkusTestProfile {
    static final String TOKEN = "incidents-3b9e71c2";
    static final String MATTERMOST_TOKEN = "mm-incidents-5k2v8q";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("triage.incidents.interval", "1h",
                "triage.incidents.max-age", "0s",
                "triage.auth.tokens.oncall", TOKEN,
                "triage.scope.deny", "hidden-*",
                "triage.mattermost.token", MATTERMOST_TOKEN);
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FixedClock.class);
    }
}
