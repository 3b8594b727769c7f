package dev.podtriage.chatops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.podtriage.testing.Golden;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ChatOpsProfile.class)
@WithKubernetesTestServer(crud = true)
class MattermostCommandResourceTest {
    static final String PATH = "/api/v1/chatops/mattermost/commands";

    @KubernetesTestServer
    KubernetesServer server;

    private KubernetesClient client() {
        return server.getClient();
    }

    /** The form Mattermost sends for a slash command. */
    static String body(String token, String text) {
        return "channel_id=fukbqz8m5pbjbj6oqh6ahqrzcw&channel_name=town-square&command=%2Ftriage&response_url="
                + SlackCommandResourceTest.enc("https://chat.example.com/hooks/commands/8z3n4bnx3tgo7fjd9y1n5swhgr")
                + "&team_domain=ops&team_id=ofe1ipgqrfgzdjnrt4amp4jgmo&text=" + SlackCommandResourceTest.enc(text)
                + "&token=" + SlackCommandResourceTest.enc(token)
                + "&trigger_id=dWZ2Y3pmOGJnZmc0dWZ3Y3pmOGJnZmc0&user_id=7u8ggtxhxtdcpxjcoiyfrwb4ac&user_name=alice";
    }

    static ValidatableResponse post(String body) {
        return given().contentType(SlackCommandResourceTest.FORM).body(body)
                .when().post(PATH).then();
    }

    @Test
    void diagnosesOnePodInMarkdown() {
        ChatSeed.load(client(), "image/not-found-containerd.json", "chat-mm", 1);
        String json = post(body(ChatOpsProfile.MATTERMOST_TOKEN, "chat-mm/web-7d9c8b5f4d-x2v9k"))
                .statusCode(200).contentType(startsWith("application/json"))
                .body("response_type", equalTo("ephemeral"))
                .body("text", allOf(startsWith("## 🔴 Critical: chat-mm/web-7d9c8b5f4d-x2v9k"),
                        containsString("`image-not-found`"), containsString("**event**"), containsString("nginx:1.99")))
                .extract().asString();
        Golden.assertJson("chatops", "mattermost-pod-diagnosis.json", json);
        post(body(ChatOpsProfile.MATTERMOST_TOKEN, "chat-mm --public")).statusCode(200)
                .body("response_type", equalTo("in_channel"))
                .body("text", containsString("1 of 1 pod unhealthy"));
    }

    @Test
    void helpAndErrorsAreEphemeral() {
        post(body(ChatOpsProfile.MATTERMOST_TOKEN, "what now")).statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("text", allOf(containsString("pod-triage: /triage"), containsString("I did not understand")));
        post(body(ChatOpsProfile.MATTERMOST_TOKEN, "chat-mm-none/x --public")).statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("text", containsString("`chat-mm-none` does not exist"));
    }

    @Test
    void theTokenIsChecked() {
        post(body("wrong-token", "help")).statusCode(401).contentType(SlackCommandResourceTest.PROBLEM)
                .body("status", equalTo(401)).body("detail", containsString("triage.mattermost.token"));
        post(body("", "help")).statusCode(401);
        post(body(ChatOpsProfile.MATTERMOST_TOKEN + "x", "help")).statusCode(401);
        // Mattermost also sends the token as "Authorization: Token …"
        given().contentType(SlackCommandResourceTest.FORM).header("Authorization", "Token " + ChatOpsProfile.MATTERMOST_TOKEN)
                .body(body("", "help")).when().post(PATH)
                .then().statusCode(200).body("text", containsString("pod-triage: /triage"));
    }

    @Test
    void withoutTheTokenNothingElseIsRevealed() {
        String json = "{\"text\":\"help\"}";
        given().contentType("application/json").body(json).when().post(PATH).then().statusCode(401).contentType(SlackCommandResourceTest.PROBLEM);
        given().contentType(SlackCommandResourceTest.FORM).body("text=%zz&token=wrong").when().post(PATH).then().statusCode(401);
        given().contentType(SlackCommandResourceTest.FORM).body(body("wrong", "x".repeat(70 * 1024))).when().post(PATH).then().statusCode(401);
        // with the token, the same faults are named
        given().contentType("application/json").header("Authorization", "Token " + ChatOpsProfile.MATTERMOST_TOKEN).body(json)
                .when().post(PATH).then().statusCode(415);
        given().contentType(SlackCommandResourceTest.FORM).body(body(ChatOpsProfile.MATTERMOST_TOKEN, "x".repeat(70 * 1024)))
                .when().post(PATH).then().statusCode(413);
        given().contentType(SlackCommandResourceTest.FORM).header("Authorization", "Token " + ChatOpsProfile.MATTERMOST_TOKEN)
                .body("text=%zz").when().post(PATH).then().statusCode(400);
    }
}
