package dev.podtriage.chatops;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * Slack and Mattermost on, a clock stopped at the fixtures' instant, follow-ups allowed to loopback;
 * and the API behind a bearer token, which the chat endpoints do not need (the seeding reads with it).
 */
public class ChatOpsProfile implements QuarkusTestProfile {
    static final String SIGNING_SECRET = "3c1f7e0a9b5d4e2f8a6c1b0d7e9f2a4c";
    static final String MATTERMOST_TOKEN = "mm-9x4k2p7q1z8w3r6t";
    /** A token of the API ({@code triage.auth.tokens.chatbot}). */
    static final String API_TOKEN = "bot-00d1e5b2-7a4c9e31";
    /** Long enough for a cached diagnosis on a busy machine, shorter than the slow log read in the tests. */
    static final long DEADLINE_MILLIS = 2000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("triage.slack.signing-secret", SIGNING_SECRET,
                "triage.mattermost.token", MATTERMOST_TOKEN,
                "triage.slack.deadline", DEADLINE_MILLIS + "ms",
                "triage.slack.response-url-hosts", "127.0.0.1,hooks.slack.com",
                "triage.auth.tokens.chatbot", API_TOKEN,
                "triage.auth.protect-management", "true",
                "triage.scope.deny", "kube-*,secret-team");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FixedClock.class);
    }
}
