package dev.podtriage.chatops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.chatops.ChatCommand.Parsed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatCommandTest {

    @Test
    void parsesEachCommand() {
        assertEquals(new Parsed(new ChatCommand.Pod("shop", "web-7d9c8b5f4d-x2v9k"), false), ChatCommand.parse("shop/web-7d9c8b5f4d-x2v9k"));
        assertEquals(new Parsed(new ChatCommand.Namespace("shop"), false), ChatCommand.parse("  shop "));
        assertEquals(new Parsed(new ChatCommand.Workload("payments", "deployment", "api"), false),
                ChatCommand.parse("workload payments/deployment/api"));
        assertEquals(new Parsed(new ChatCommand.Rules(null), false), ChatCommand.parse("rules"));
        assertEquals(new Parsed(new ChatCommand.Rules("image-not-found"), false), ChatCommand.parse("rules image-not-found"));
        assertEquals(new Parsed(new ChatCommand.Incidents(), false), ChatCommand.parse("incidents"));
        assertEquals(new Parsed(new ChatCommand.Incidents(), true), ChatCommand.parse("Incidents --public"));
        assertEquals(new Parsed(new ChatCommand.Help(), false), ChatCommand.parse("help"));
        assertEquals(new Parsed(new ChatCommand.Help(), false), ChatCommand.parse(""));
        assertEquals(new Parsed(new ChatCommand.Help(), false), ChatCommand.parse(null));
    }

    @Test
    void historyTakesOnePod() {
        assertEquals(new Parsed(new ChatCommand.History("shop", "web-1"), false), ChatCommand.parse("history shop/web-1"));
        assertEquals(new Parsed(new ChatCommand.History("shop", "web-1"), true), ChatCommand.parse("History shop/web-1 --public"));
        assertInstanceOf(ChatCommand.Unknown.class, ChatCommand.parse("history shop").command(), "a namespace has no history of its own");
        assertInstanceOf(ChatCommand.Unknown.class, ChatCommand.parse("history").command());
        assertInstanceOf(ChatCommand.Unknown.class, ChatCommand.parse("history Shop/web-1").command(), "not a namespace name");
    }

    @Test
    void aTrailingPublicFlagPostsToTheChannel() {
        assertEquals(new Parsed(new ChatCommand.Pod("shop", "web-1"), true), ChatCommand.parse("shop/web-1 --public"));
        assertEquals(new Parsed(new ChatCommand.Namespace("shop"), true), ChatCommand.parse("shop \u2014public"), "Slack's em dash for --");
        assertEquals(new Parsed(new ChatCommand.Help(), true), ChatCommand.parse("--public"));
        assertInstanceOf(ChatCommand.Unknown.class, ChatCommand.parse("--public shop").command(), "the flag trails");
    }

    @Test
    void anythingElseIsUnknownAndNamesTheProblem() {
        for (String text : List.of("shop/web/extra", "Shop/Web", "diagnose shop", "workload shop/web", "workload shop/deployment/",
                "rules Image_Not_Found", "<!channel>", "shop/", "/web", "a".repeat(64), "x".repeat(400))) {
            Parsed p = ChatCommand.parse(text);
            assertInstanceOf(ChatCommand.Unknown.class, p.command(), text);
            assertFalse(p.command().readsCluster(), text);
        }
        ChatCommand.Unknown u = (ChatCommand.Unknown) ChatCommand.parse("workload shop/web").command();
        assertTrue(u.problem().contains("<namespace>/<kind>/<name>"), u.problem());
    }

    @Test
    void formFieldsAreDecodedAfterVerification() {
        FormBody f = FormBody.parse("command=%2Ftriage&text=shop%2Fweb-1+--public&text=ignored&empty=&flag"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("/triage", f.get("command"));
        assertEquals("shop/web-1 --public", f.get("text"));
        assertEquals("", f.get("empty"));
        assertEquals("", f.get("flag"));
        assertEquals("", f.get("response_url"));
    }

    @Test
    void slashNamesAreSanitised() {
        assertEquals("/pods", ChatOpsService.slashName("/pods"));
        assertEquals("/triage", ChatOpsService.slashName("/<!here>"));
        assertEquals("/triage", ChatOpsService.slashName(""));
    }

    @Test
    void responseUrlsOnlyToAllowedHostsOverHttps() {
        List<String> slack = List.of("hooks.slack.com");
        assertEquals(Optional.of("hooks.slack.com"), ResponseUrlPoster.check("https://hooks.slack.com/commands/T1/2/abc", slack).map(u -> u.getHost()));
        assertTrue(ResponseUrlPoster.check("https://HOOKS.slack.com/commands/T1/2/abc", slack).isPresent());
        for (String bad : List.of("http://hooks.slack.com/commands/T1/2/abc", "https://hooks.slack.com.evil.example/x",
                "https://evil.example/hooks.slack.com", "https://user@hooks.slack.com/x", "ftp://hooks.slack.com/x",
                "https://169.254.169.254/latest/meta-data", "not a url", "", "//hooks.slack.com/x")) {
            assertTrue(ResponseUrlPoster.check(bad, slack).isEmpty(), bad);
        }
        assertTrue(ResponseUrlPoster.check(null, slack).isEmpty());
        assertTrue(ResponseUrlPoster.check("http://127.0.0.1:8123/hook", List.of("127.0.0.1")).isPresent(), "plain http to loopback");
        assertTrue(ResponseUrlPoster.check("http://127.0.0.1:8123/hook", slack).isEmpty(), "loopback only when allowed");
        assertTrue(ResponseUrlPoster.check("http://10.0.0.5/hook", List.of("10.0.0.5")).isEmpty(), "plain http only to loopback");
    }
}
