package dev.podtriage.render;

import dev.podtriage.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every renderer over every case, compared with src/test/resources/golden (-Dgolden.update=true rewrites them). */
class RenderGoldenTest {
    private final MarkdownRenderer markdown = new MarkdownRenderer();
    private final TextRenderer text = new TextRenderer();
    private final SlackBlockKitRenderer slack = new SlackBlockKitRenderer();
    private final MattermostRenderer mattermost = new MattermostRenderer();
    private final AdaptiveCardRenderer teams = new AdaptiveCardRenderer();

    @TestFactory
    Stream<DynamicTest> goldenFiles() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Supplier<Message>> c : RenderCases.all().entrySet()) {
            String name = c.getKey();
            Supplier<Message> m = c.getValue();
            tests.add(DynamicTest.dynamicTest("markdown/" + name, () -> Golden.assertText("markdown", name + ".md", markdown.render(m.get()))));
            tests.add(DynamicTest.dynamicTest("text/" + name, () -> Golden.assertText("text", name + ".txt", text.render(m.get()))));
            tests.add(DynamicTest.dynamicTest("slack/" + name, () -> Golden.assertJson("slack", name + ".json", slack.render(m.get()))));
            tests.add(DynamicTest.dynamicTest("mattermost/" + name, () -> Golden.assertJson("mattermost", name + ".json", mattermost.render(m.get(), false))));
            tests.add(DynamicTest.dynamicTest("teams/" + name, () -> Golden.assertJson("teams", name + ".json", teams.render(m.get()))));
        }
        return tests.stream();
    }
}
