package dev.podtriage.config;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The profiles of the BadRuleSettings*Test classes below, one per bad setting. Bad rule settings stop the service at start-up (exit code not 0) with a message naming the file, the rule and the
 * field (or the setting): the real application is launched with each bad setting, as an operator would start it.
 */
final class BadRuleSettingsProfiles {
    private BadRuleSettingsProfiles() {
    }

    static final String DIR = "src/test/resources/custom-rules/bad/";

    /** A profile that sets one bad thing. */
    abstract static class Bad implements QuarkusTestProfile {
        private final Map<String, String> settings;

        Bad(Map<String, String> settings) {
            this.settings = settings;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return settings;
        }
    }

    static void refused(QuarkusMainLauncher launcher, List<String> named) {
        LaunchResult result = launcher.launch();
        String out = result.getOutput() + "\n" + result.getErrorOutput();
        assertNotEquals(0, result.exitCode(), "start-up went on:\n" + out);
        assertTrue(out.contains("Bad rule settings, pod-triage does not start"), out);
        for (String n : named) {
            assertTrue(out.contains(n), "the message names " + n + ":\n" + out);
        }
    }

    public static class BadRegex extends Bad {
        public BadRegex() {
            super(Map.of("triage.rules.custom-file", DIR + "bad-regex.yaml"));
        }
    }

    public static class CollidingId extends Bad {
        public CollidingId() {
            super(Map.of("triage.rules.custom-file", DIR + "colliding-id.yaml"));
        }
    }

    public static class MissingField extends Bad {
        public MissingField() {
            super(Map.of("triage.rules.custom-file", DIR + "missing-field.yaml"));
        }
    }

    public static class UnknownRule extends Bad {
        public UnknownRule() {
            super(Map.of("triage.rules.\"no-such-rule\".severity", "warning"));
        }
    }

    public static class BadSeverity extends Bad {
        public BadSeverity() {
            super(Map.of("triage.rules.\"image-not-found\".severity", "urgent"));
        }
    }
}

@QuarkusMainTest
@TestProfile(BadRuleSettingsProfiles.BadRegex.class)
class BadRuleSettingsBadRegexTest {
    @Test
    void stopsStartUp(QuarkusMainLauncher launcher) {
        BadRuleSettingsProfiles.refused(launcher, List.of(BadRuleSettingsProfiles.DIR + "bad-regex.yaml", "'unclosed-group'", "match.message", "is not a regular expression"));
    }
}

@QuarkusMainTest
@TestProfile(BadRuleSettingsProfiles.CollidingId.class)
class BadRuleSettingsCollidingIdTest {
    @Test
    void stopsStartUp(QuarkusMainLauncher launcher) {
        BadRuleSettingsProfiles.refused(launcher, List.of(BadRuleSettingsProfiles.DIR + "colliding-id.yaml", "'image-not-found'", "id is already a rule of the catalog"));
    }
}

@QuarkusMainTest
@TestProfile(BadRuleSettingsProfiles.MissingField.class)
class BadRuleSettingsMissingFieldTest {
    @Test
    void stopsStartUp(QuarkusMainLauncher launcher) {
        BadRuleSettingsProfiles.refused(launcher, List.of(BadRuleSettingsProfiles.DIR + "missing-field.yaml", "'no-title'", "title is required"));
    }
}

@QuarkusMainTest
@TestProfile(BadRuleSettingsProfiles.UnknownRule.class)
class BadRuleSettingsUnknownRuleTest {
    @Test
    void stopsStartUp(QuarkusMainLauncher launcher) {
        BadRuleSettingsProfiles.refused(launcher, List.of("triage.rules.\"no-such-rule\".severity", "no rule `no-such-rule` in the catalog"));
    }
}

@QuarkusMainTest
@TestProfile(BadRuleSettingsProfiles.BadSeverity.class)
class BadRuleSettingsBadSeverityTest {
    @Test
    void stopsStartUp(QuarkusMainLauncher launcher) {
        BadRuleSettingsProfiles.refused(launcher, List.of("triage.rules.\"image-not-found\".severity", "urgent"));
    }
}
