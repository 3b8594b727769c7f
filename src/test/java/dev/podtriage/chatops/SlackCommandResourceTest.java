package dev.podtriage.chatops;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podtriage.cluster.TestCluster;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.podtriage.testing.Golden;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ChatOpsProfile.class)
@WithKubernetesTestServer(crud = true)
class SlackCommandResourceTest {
    static final String PATH = "/api/v1/chatops/slack/commands";
    static final String PROBLEM = "application/problem+json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final long NOW = FixedClock.NOW.getEpochSecond();
    private static final AtomicInteger TRIGGER = new AtomicInteger();

    @KubernetesTestServer
    KubernetesServer server;

    private KubernetesClient client() {
        return server.getClient();
    }

    /** The form Slack sends; a fresh trigger_id makes each request unique, as Slack's are. */
    static String body(String text, String responseUrl) {
        return "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=acme&channel_id=C2147483705&channel_name=ops"
                + "&user_id=U2147483697&user_name=alice&command=%2Ftriage&text=" + enc(text)
                + "&api_app_id=A123456&is_enterprise_install=false"
                + "&response_url=" + enc(responseUrl)
                + "&trigger_id=13345224609." + TRIGGER.incrementAndGet() + ".b8a5e2a4c4b1f0b3e1a7c5d9f0e2a6b3";
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static ValidatableResponse send(String body, long timestamp, String signature) {
        return given().contentType(FORM).header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", signature)
                .body(body)
                .when().post(PATH).then();
    }

    static ValidatableResponse signed(String body) {
        String sig = SlackSignature.sign(ChatOpsProfile.SIGNING_SECRET, Long.toString(NOW), body.getBytes(StandardCharsets.UTF_8));
        return send(body, NOW, sig);
    }

    static ValidatableResponse command(String text) {
        return signed(body(text, "https://hooks.slack.com/commands/T0001/1234567890/abcdefGHIJKLmnop"))
                .statusCode(200).contentType(startsWith("application/json"));
    }

    @Test
    void diagnosesOnePodInBlockKit() {
        ChatSeed.load(client(), "image/not-found-containerd.json", "chat-pod", 1);
        String json = command("chat-pod/web-7d9c8b5f4d-x2v9k")
                .body("response_type", equalTo("ephemeral"))
                .body("text", allOf(startsWith(":red_circle: Critical: chat-pod/web-7d9c8b5f4d-x2v9k"), containsString("nginx:1.99")))
                .body("blocks[0].type", equalTo("header"))
                .body("blocks[0].text.type", equalTo("plain_text"))
                .body("blocks[0].text.text", equalTo(":red_circle: Critical: chat-pod/web-7d9c8b5f4d-x2v9k"))
                .body("blocks[1].type", equalTo("section"))
                .body("blocks[2].type", equalTo("context"))
                .body("blocks[2].elements.text", hasItem("*Cluster:* test-cluster"))
                .body("blocks[2].elements.text", hasItem("*Namespace:* `chat-pod`"))
                .body("blocks[2].elements.text", hasItem(containsString("ImagePullBackOff")))
                .body("blocks.find { it.type == 'section' && it.text.text.contains('Root cause') }.text.text",
                        allOf(containsString("`image-not-found`"), containsString("*Evidence*"), containsString("*Fix*")))
                .extract().asString();
        Golden.assertJson("chatops", "slack-pod-diagnosis.json", json);
        JsonNode blocks = read(json).get("blocks");
        assertTrue(blocks.size() <= 50);
        blocks.forEach(b -> assertTrue(!b.has("text") || b.get("text").get("text").asText().length() <= 3000));
    }

    @Test
    void publicRepliesGoToTheChannel() {
        ChatSeed.load(client(), "image/not-found-containerd.json", "chat-public", 1);
        command("chat-public/web-7d9c8b5f4d-x2v9k --public")
                .body("response_type", equalTo("in_channel"))
                .body("blocks[0].text.text", containsString("chat-public/web-7d9c8b5f4d-x2v9k"));
    }

    @Test
    void summarizesANamespace() {
        ChatSeed.load(client(), "image/not-found-containerd.json", "chat-ns", 1);
        client().pods().inNamespace("chat-ns").resource(
                TestCluster.healthyPod("chat-ns", "ok-1")).create();
        ChatSeed.awaitPods("chat-ns", 2);
        command("chat-ns")
                .body("response_type", equalTo("ephemeral"))
                .body("blocks[0].text.text", equalTo(":red_circle: Critical: 1 of 2 pods unhealthy"))
                .body("blocks[1].text.text", equalTo("2 pods: 1 healthy, 1 critical, 0 warning"))
                .body("blocks.text.text", hasItem(allOf(containsString("`chat-ns/web-7d9c8b5f4d-x2v9k`"), containsString("`image-not-found`"))))
                .body("blocks.text.text", not(hasItem(containsString("ok-1"))));
    }

    @Test
    void diagnosesAWorkload() {
        ChatSeed.load(client(), "workload/quota-exceeded.json", "chat-wl", 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> command("workload chat-wl/replicaset/web-7d9c8b5f4d")
                .body("blocks[0].text.text", containsString("ReplicaSet chat-wl/web-7d9c8b5f4d"))
                .body("blocks.text.text", hasItem(containsString("`quota-exceeded`")))
                .body("text", not(containsString("Not found"))));
    }

    @Test
    void listsAndExplainsRules() {
        command("rules")
                .body("blocks[0].text.text", startsWith("Rules ("))
                .body("blocks.text.text", hasItem(containsString("`image-not-found`")));
        command("rules image-not-found --public")
                .body("response_type", equalTo("in_channel"))
                .body("blocks[0].text.text", equalTo("Rule image-not-found"))
                .body("blocks.text.text", hasItem(containsString("*General fixes*")));
        command("rules no-such-rule")
                .body("response_type", equalTo("ephemeral"))
                .body("blocks[0].text.text", containsString("Not found"))
                .body("text", containsString("no-such-rule"));
    }

    @Test
    void helpAndUnknownInputGetTheHelpText() {
        command("help")
                .body("blocks[0].text.text", equalTo("pod-triage: /triage"))
                .body("blocks.text.text", hasItem(allOf(containsString("`/triage &lt;namespace&gt;/&lt;pod&gt;`"),
                        containsString("`/triage workload &lt;namespace&gt;/&lt;kind&gt;/&lt;name&gt;`"), containsString("--public"))));
        command("please fix <!channel> --public")
                .body("response_type", equalTo("ephemeral"))
                .body("blocks[0].text.text", equalTo("pod-triage: /triage"))
                .body("blocks.find { it.type == 'context' }.elements[0].text",
                        equalTo("I did not understand `please fix &lt;!channel&gt;`."));
        command("workload chat-pod/web")
                .body("blocks.find { it.type == 'context' }.elements[0].text", containsString("&lt;namespace&gt;/&lt;kind&gt;/&lt;name&gt;"));
    }

    @Test
    void clusterErrorsAreFriendlyEphemeralMessages() {
        ChatSeed.load(client(), "image/not-found-containerd.json", "chat-err", 1);
        command("chat-err/no-such-pod --public")
                .body("response_type", equalTo("ephemeral"))
                .body("blocks[0].text.text", equalTo(":warning: Not found"))
                .body("blocks[1].text.text", containsString("`no-such-pod` does not exist in namespace `chat-err`"));
        command("chat-none-such")
                .body("response_type", equalTo("ephemeral"))
                .body("blocks[1].text.text", containsString("`chat-none-such` does not exist"));
        command("kube-system/etcd-0")
                .body("blocks[0].text.text", equalTo(":warning: Not allowed"))
                .body("blocks[1].text.text", containsString("kube-system"));
        command("workload chat-err/cronjob/nightly")
                .body("blocks[0].text.text", equalTo(":warning: Cannot answer that"))
                .body("blocks[1].text.text", containsString("Deployment"));
    }

    @Test
    void unsignedForgedStaleFutureAndReplayedRequestsAre401() {
        String body = body("help", "");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        given().contentType(FORM).body(body).when().post(PATH).then().statusCode(401).contentType(PROBLEM)
                .body("status", equalTo(401)).body("detail", containsString("missing"));
        send(body, NOW, SlackSignature.sign("not-the-secret", Long.toString(NOW), bytes)).statusCode(401).contentType(PROBLEM)
                .body("detail", containsString("does not match"));
        long stale = NOW - 301;
        send(body, stale, SlackSignature.sign(ChatOpsProfile.SIGNING_SECRET, Long.toString(stale), bytes)).statusCode(401)
                .contentType(PROBLEM).body("detail", containsString("in the past"));
        long future = NOW + 301;
        send(body, future, SlackSignature.sign(ChatOpsProfile.SIGNING_SECRET, Long.toString(future), bytes)).statusCode(401)
                .contentType(PROBLEM).body("detail", containsString("in the future"));
        String sig = SlackSignature.sign(ChatOpsProfile.SIGNING_SECRET, Long.toString(NOW), bytes);
        send(body, NOW, sig).statusCode(200);
        send(body, NOW, sig).statusCode(401).contentType(PROBLEM).body("detail", containsString("already received"));
        send(body("kube-system/etcd-0 --public", ""), NOW, sig).statusCode(401).body("detail", containsString("does not match"));
    }

    @Test
    void aRequestThatIsNotAFormIs415AfterVerification() {
        String json = "{\"text\":\"help\"}";
        String sig = SlackSignature.sign(ChatOpsProfile.SIGNING_SECRET, Long.toString(NOW), json.getBytes(StandardCharsets.UTF_8));
        given().contentType("application/json").header("X-Slack-Request-Timestamp", Long.toString(NOW)).header("X-Slack-Signature", sig)
                .body(json).when().post(PATH).then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void aSlowDiagnosisIsAcknowledgedAndPostedToTheResponseUrl() throws IOException {
        ChatSeed.load(client(), "containers/crash-loop-exit1.json", "chat-slow", 1);
        // the previous log of the crashed container takes 3 s to read: longer than the 2 s deadline
        server.expect().get().delay(3, TimeUnit.SECONDS)
                .withPath("/api/v1/namespaces/chat-slow/pods/checkout-7b8c9d6e5-a1s2d/log?pretty=false&container=checkout&previous=true&tailLines=20")
                .andReturn(200, "INFO starting checkout 4.0.0\nERROR config error: required setting STRIPE_API_KEY is empty\n").always();
        List<String> posts = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/commands/T0001/42/secret", exchange -> {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + "\n" + exchange.getRequestHeaders().getFirst("Content-Type"));
            int status = calls.incrementAndGet() == 1 ? 503 : 200; // the first attempt fails: one retry
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/commands/T0001/42/secret";
            // the answer is the acknowledgement, not the diagnosis: the service did not wait for the 3 s log (a wall-clock
            // bound here would measure the machine's load, not the service)
            signed(body("chat-slow/checkout-7b8c9d6e5-a1s2d --public", url)).statusCode(200)
                    .body("response_type", equalTo("ephemeral"))
                    .body("blocks[0].text.text", containsString("Working on it"))
                    .body("text", containsString("pod chat-slow/checkout-7b8c9d6e5-a1s2d"));
            await().atMost(Duration.ofSeconds(15)).until(() -> posts.size() == 2);
            assertEquals(posts.get(0), posts.get(1), "the retry posts the same answer");
            String[] post = posts.get(1).split("\n(?=[^\n]*$)");
            assertTrue(post[1].startsWith("application/json"), post[1]);
            JsonNode answer = read(post[0]);
            assertEquals("in_channel", answer.get("response_type").asText());
            assertTrue(answer.get("replace_original").asBoolean());
            assertEquals("header", answer.get("blocks").get(0).get("type").asText());
            assertEquals(":red_circle: Critical: chat-slow/checkout-7b8c9d6e5-a1s2d", answer.get("blocks").get(0).get("text").get("text").asText());
            assertTrue(answer.get("text").asText().contains("chat-slow/checkout-7b8c9d6e5-a1s2d"), answer.toString());
            String all = answer.get("blocks").toString();
            assertTrue(all.contains("`container-crash-loop`"), all);
            assertTrue(all.contains("STRIPE_API_KEY is empty"), "the slowly read log is quoted: " + all);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aSlowDiagnosisWithoutAnAllowedResponseUrlSaysSo() {
        ChatSeed.load(client(), "containers/crash-loop-exit1.json", "chat-slow2", 1);
        server.expect().get().delay(3, TimeUnit.SECONDS)
                .withPath("/api/v1/namespaces/chat-slow2/pods/checkout-7b8c9d6e5-a1s2d/log?pretty=false&container=checkout&previous=true&tailLines=20")
                .andReturn(200, "boom\n").always();
        long start = System.nanoTime();
        signed(body("chat-slow2/checkout-7b8c9d6e5-a1s2d", "https://169.254.169.254/latest/meta-data")).statusCode(200)
                .body("response_type", equalTo("ephemeral"))
                .body("blocks[0].text.text", equalTo(":warning: Too slow to answer"))
                .body("blocks[1].text.text", containsString("triage.slack.response-url-hosts"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3000);
    }

    static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
