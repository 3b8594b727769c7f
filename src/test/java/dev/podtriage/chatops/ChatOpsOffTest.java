package dev.podtriage.chatops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Without a signing secret or token (the default profile) the chat endpoints are off. */
@QuarkusTest
class ChatOpsOffTest {

    @Test
    void slackAndMattermostAre404WithoutTheirSecrets() {
        given().contentType(SlackCommandResourceTest.FORM).header("X-Slack-Request-Timestamp", "1531420618")
                .header("X-Slack-Signature", SlackSignatureTest.SIGNATURE).body(SlackSignatureTest.BODY)
                .when().post(SlackCommandResourceTest.PATH)
                .then().statusCode(404).contentType(SlackCommandResourceTest.PROBLEM)
                .body("status", equalTo(404)).body("detail", containsString("triage.slack.signing-secret"));
        given().contentType(SlackCommandResourceTest.FORM).body("token=anything&text=help")
                .when().post(MattermostCommandResourceTest.PATH)
                .then().statusCode(404).contentType(SlackCommandResourceTest.PROBLEM)
                .body("detail", containsString("triage.mattermost.token"));
    }
}
