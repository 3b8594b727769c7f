package dev.podtriage.chatops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The settings of the chat slash commands ({@code triage.slack.*}, {@code triage.mattermost.*}). */
@ConfigMapping(prefix = "triage")
public interface ChatOpsConfig {

    Slack slack();

    Mattermost mattermost();

    interface Slack {
        /** The Slack app's signing secret (Basic Information → App Credentials); without it the Slack endpoint answers 404. */
        Optional<String> signingSecret();

        /**
         * How long a command may run before the answer is an acknowledgement and the result follows
         * through {@code response_url}; Slack waits 3 s for an answer.
         */
        @WithDefault("2500ms")
        Duration deadline();

        /** Hosts a result may be posted to ({@code response_url}): https only, plain http for loopback hosts. */
        @WithDefault("hooks.slack.com")
        List<String> responseUrlHosts();
    }

    interface Mattermost {
        /** The token of the Mattermost slash command; without it the Mattermost endpoint answers 404. */
        Optional<String> token();

        /** Longest a Mattermost command may run before the answer says it took too long (Mattermost waits 30 s by default). */
        @WithDefault("20s")
        Duration deadline();
    }
}
